#include "steering/neuron_table_io.h"

#include <filesystem>

#include "core/error.h"
#include "io/h5.h"

namespace popsteer::steering {

namespace {
const char* const kColumns[] = {"d", "mean_pop", "sd_pop", "mean_unpop", "sd_unpop", "sigma"};

std::vector<double>* column(NeuronTable& t, const std::string& name) {
  if (name == "d") return &t.d;
  if (name == "mean_pop") return &t.mean_pop;
  if (name == "sd_pop") return &t.sd_pop;
  if (name == "mean_unpop") return &t.mean_unpop;
  if (name == "sd_unpop") return &t.sd_unpop;
  return &t.sigma;
}
}  // namespace

void save_neuron_table(const std::string& path, const NeuronTable& table,
                       const std::map<std::string, std::string>& attrs) {
  NeuronTable t = table;
  io::write_atomically(path, [&](io::H5File& f) {
    for (const char* name : kColumns) f.write<double>(std::string("neurons/") + name, *column(t, name));
    f.set_attr("/", "format", std::string("popsteer-neurons-1"));
    f.set_attr("neurons", "n_pop", t.n_pop);
    f.set_attr("neurons", "n_unpop", t.n_unpop);
    f.set_attr("neurons", "n_sigma", t.n_sigma);
    f.set_attr("neurons", "description",
               std::string("per SAE latent j: Cohen's d (pooled SD, >0 = popularity-aligned, NaN = undefined), "
                           "mean/population SD of the pre-activation z_j on the popular and unpopular sets, "
                           "sigma = population SD of z_j over validation users"));
    for (const auto& [k, v] : attrs) f.set_attr("neurons", k, v);
  });
}

NeuronTable load_neuron_table(const std::string& path, std::map<std::string, std::string>* attrs) {
  if (!std::filesystem::exists(path)) throw UserError(path + ": neuron table not found");
  io::H5File f(path, io::H5File::Mode::kRead);
  if (f.attr_string("/", "format").value_or("") != "popsteer-neurons-1")
    throw UserError(path + ": not a popsteer neuron table");
  NeuronTable t;
  for (const char* name : kColumns) *column(t, name) = f.read<double>(std::string("neurons/") + name).data;
  for (const char* name : kColumns)
    if (column(t, name)->size() != t.d.size()) throw UserError(path + ": column lengths differ");
  t.n_pop = f.attr_int("neurons", "n_pop").value_or(0);
  t.n_unpop = f.attr_int("neurons", "n_unpop").value_or(0);
  t.n_sigma = f.attr_int("neurons", "n_sigma").value_or(0);
  (void)attrs;  // free-form attributes are for humans; callers needing them read the file
  return t;
}

}  // namespace popsteer::steering
