#include "data/dataset_io.h"

#include <stdexcept>

#include "io/h5.h"

namespace popsteer::data {

void save_dataset(const Dataset& d, const std::string& path, const std::string& options,
                  const std::string& source) {
  std::vector<int64_t> offsets(d.sequences.size() + 1, 0);
  for (size_t u = 0; u < d.sequences.size(); ++u)
    offsets[u + 1] = offsets[u] + static_cast<int64_t>(d.sequences[u].size());
  std::vector<int32_t> items;
  items.reserve(offsets.back());
  for (const auto& s : d.sequences) items.insert(items.end(), s.begin(), s.end());
  io::write_atomically(path, [&](io::H5File& f) {
    f.set_attr("/", "kind", std::string("popsteer-dataset"));
    f.set_attr("/", "version", kDatasetFileVersion);
    f.set_attr("/", "name", d.name);
    f.set_attr("/", "content_hash", d.content_hash);
    f.set_attr("/", "options", options);
    f.set_attr("/", "source", source);
    f.set_attr("/", "n_users", static_cast<int64_t>(d.n_users));
    f.set_attr("/", "n_items", static_cast<int64_t>(d.n_items));
    f.write("seq_offsets", offsets);
    f.write("seq_items", items);
    f.write_strings("user_tokens", d.user_tokens);
    f.write_strings("item_tokens", d.item_tokens);
    f.write("train_count", d.train_count);
    f.write("item_group", d.item_group);
    f.write("pareto_head", d.pareto_head);
    f.write("user_pop_score", d.user_pop_score);
    f.write("user_group", d.user_group);
  });
}

Dataset load_dataset(const std::string& path) {
  const io::H5File f(path, io::H5File::Mode::kRead);
  const auto fail = [&](const std::string& what) {
    throw std::runtime_error(path + ": not a popsteer dataset file (" + what + ")");
  };
  if (f.attr_string("/", "kind").value_or("") != "popsteer-dataset") fail("kind");
  if (f.attr_int("/", "version").value_or(-1) != kDatasetFileVersion) fail("version");
  Dataset d;
  d.name = f.attr_string("/", "name").value_or("");
  d.content_hash = f.attr_string("/", "content_hash").value_or("");
  d.n_users = static_cast<int32_t>(f.attr_int("/", "n_users").value_or(-1));
  d.n_items = static_cast<int32_t>(f.attr_int("/", "n_items").value_or(-1));
  const auto offsets = f.read<int64_t>("seq_offsets").data;
  const auto items = f.read<int32_t>("seq_items").data;
  const size_t users = static_cast<size_t>(d.n_users) + 1, n_items = static_cast<size_t>(d.n_items) + 1;
  if (d.n_users < 1 || d.n_items < 1 || offsets.size() != users + 1 ||
      offsets.back() != static_cast<int64_t>(items.size()))
    fail("sequence sizes");
  d.sequences.resize(users);
  for (size_t u = 0; u < users; ++u)
    d.sequences[u].assign(items.begin() + offsets[u], items.begin() + offsets[u + 1]);
  d.user_tokens = f.read_strings("user_tokens");
  d.item_tokens = f.read_strings("item_tokens");
  d.train_count = f.read<int64_t>("train_count").data;
  d.item_group = f.read<int8_t>("item_group").data;
  d.pareto_head = f.read<uint8_t>("pareto_head").data;
  d.user_pop_score = f.read<double>("user_pop_score").data;
  d.user_group = f.read<int8_t>("user_group").data;
  if (d.user_tokens.size() != users || d.user_pop_score.size() != users || d.user_group.size() != users ||
      d.item_tokens.size() != n_items || d.train_count.size() != n_items ||
      d.item_group.size() != n_items || d.pareto_head.size() != n_items)
    fail("array sizes");
  return d;
}

}  // namespace popsteer::data
