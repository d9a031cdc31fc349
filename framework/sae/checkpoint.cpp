#include "sae/checkpoint.h"

#include <filesystem>

#include "core/error.h"
#include "io/h5.h"

namespace popsteer::sae {

namespace {

void write_tensor(io::H5File& f, const std::string& name, const torch::Tensor& t) {
  auto c = t.detach().to(torch::kFloat).contiguous();
  std::vector<int64_t> shape(c.sizes().begin(), c.sizes().end());
  f.write<float>(name, c.data_ptr<float>(), shape);
}

torch::Tensor read_tensor(const io::H5File& f, const std::string& name, std::vector<int64_t> want) {
  auto a = f.read<float>(name);
  if (a.shape != want) throw UserError(f.path() + ": " + name + " has an unexpected shape");
  return torch::from_blob(a.data.data(), a.shape, torch::kFloat).clone();
}

}  // namespace

void save_sae(const std::string& path, SparseAutoencoderImpl& sae, const SaeProvenance& p) {
  const auto& o = sae.options();
  io::write_atomically(path, [&](io::H5File& f) {
    write_tensor(f, "sae/w_enc", sae.w_enc);
    write_tensor(f, "sae/b_enc", sae.b_enc);
    write_tensor(f, "sae/w_dec", sae.w_dec);
    write_tensor(f, "sae/b_pre", sae.b_pre);
    f.set_attr("/", "format", std::string("popsteer-sae-1"));
    f.set_attr("sae", "input_dim", o.input_dim());
    f.set_attr("sae", "scale", o.scale());
    f.set_attr("sae", "k", o.k());
    f.set_attr("sae", "aux_gamma", o.aux_gamma());
    f.set_attr("sae", "k_aux", o.k_aux());
    f.set_attr("sae", "compat", std::string(o.compat() == SaeCompat::kCode ? "code" : "thesis"));
    f.set_attr("sae", "backbone_checkpoint", p.backbone_checkpoint);
    f.set_attr("sae", "backbone_checkpoint_hash", p.backbone_checkpoint_hash);
    f.set_attr("sae", "dataset_hash", p.dataset_hash);
    f.set_attr("sae", "backbone_kind", p.backbone_kind);
    f.set_attr("sae", "seed", static_cast<int64_t>(p.seed));
    f.set_attr("sae", "valid_fvu", p.valid_fvu);
    f.set_attr("sae", "dead_fraction", p.dead_fraction);
    f.set_attr("sae", "best_epoch", p.best_epoch);
    f.set_attr("sae", "epochs", p.epochs);
    f.set_attr("sae", "seconds", p.seconds);
    f.set_attr("sae", "sae_valid_ndcg", p.sae_valid_ndcg);
    f.set_attr("sae", "gao_decoder_norm", static_cast<int64_t>(p.gao_decoder_norm));
    f.set_attr("sae", "backbone_dropout", static_cast<int64_t>(p.backbone_dropout));
  });
}

SparseAutoencoder load_sae(const std::string& path, SaeProvenance* provenance) {
  if (!std::filesystem::exists(path)) throw UserError(path + ": SAE checkpoint not found");
  if (!io::is_valid_h5(path)) throw UserError(path + ": not a complete HDF5 file");
  io::H5File f(path, io::H5File::Mode::kRead);
  if (f.attr_string("/", "format").value_or("") != "popsteer-sae-1")
    throw UserError(path + ": not a popsteer SAE checkpoint (format attribute missing)");
  auto get_int = [&](const char* key) {
    auto v = f.attr_int("sae", key);
    if (!v) throw UserError(path + ": attribute sae/" + key + " missing");
    return *v;
  };
  SaeOptions o(get_int("input_dim"), get_int("scale"), get_int("k"));
  o.aux_gamma(f.attr_double("sae", "aux_gamma").value_or(1.0 / 32));
  o.k_aux(f.attr_int("sae", "k_aux").value_or(0));
  o.compat(f.attr_string("sae", "compat").value_or("thesis") == "code" ? SaeCompat::kCode : SaeCompat::kThesis);
  SparseAutoencoder sae(o);
  {
    torch::NoGradGuard g;
    const int64_t n = o.hidden(), d = o.input_dim();
    sae->w_enc.copy_(read_tensor(f, "sae/w_enc", {n, d}));
    sae->b_enc.copy_(read_tensor(f, "sae/b_enc", {n}));
    sae->w_dec.copy_(read_tensor(f, "sae/w_dec", {n, d}));
    sae->b_pre.copy_(read_tensor(f, "sae/b_pre", {d}));
  }
  if (provenance) {
    SaeProvenance& p = *provenance;
    p.backbone_checkpoint = f.attr_string("sae", "backbone_checkpoint").value_or("");
    p.backbone_checkpoint_hash = f.attr_string("sae", "backbone_checkpoint_hash").value_or("");
    p.dataset_hash = f.attr_string("sae", "dataset_hash").value_or("");
    p.backbone_kind = f.attr_string("sae", "backbone_kind").value_or("");
    p.seed = static_cast<uint64_t>(f.attr_int("sae", "seed").value_or(0));
    p.valid_fvu = f.attr_double("sae", "valid_fvu").value_or(0);
    p.dead_fraction = f.attr_double("sae", "dead_fraction").value_or(0);
    p.best_epoch = f.attr_int("sae", "best_epoch").value_or(0);
    p.epochs = f.attr_int("sae", "epochs").value_or(0);
    p.seconds = f.attr_double("sae", "seconds").value_or(0);
    p.sae_valid_ndcg = f.attr_double("sae", "sae_valid_ndcg").value_or(-1);
    p.gao_decoder_norm = f.attr_int("sae", "gao_decoder_norm").value_or(0) != 0;
    p.backbone_dropout = f.attr_int("sae", "backbone_dropout").value_or(0) != 0;
  }
  return sae;
}

}  // namespace popsteer::sae
