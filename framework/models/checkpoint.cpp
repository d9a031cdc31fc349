#include "models/checkpoint.h"

#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "config/document.h"
#include "core/error.h"

namespace popsteer::models {

namespace {

constexpr const char* kMagic = "popsteer-backbone-v1";

void put(torch::serialize::OutputArchive& a, const std::string& key, const std::string& v) {
  a.write("meta_" + key, c10::IValue(v));
}
void put(torch::serialize::OutputArchive& a, const std::string& key, int64_t v) {
  a.write("meta_" + key, c10::IValue(v));
}
void put(torch::serialize::OutputArchive& a, const std::string& key, double v) {
  a.write("meta_" + key, c10::IValue(v));
}

c10::IValue get(torch::serialize::InputArchive& a, const std::string& path, const std::string& key) {
  c10::IValue v;
  if (!a.try_read("meta_" + key, v))
    throw UserError(SourceLocation{path, 0}, "not a popsteer backbone checkpoint (no '" + key + "')");
  return v;
}

void open_archive(torch::serialize::InputArchive& archive, const std::string& path) {
  if (!std::filesystem::exists(path))
    throw UserError(SourceLocation{path, 0}, "checkpoint file does not exist");
  try {
    archive.load_from(path);
  } catch (const c10::Error& e) {
    throw UserError(SourceLocation{path, 0}, "cannot read checkpoint (not a LibTorch archive?)");
  }
}

CheckpointInfo read_info(torch::serialize::InputArchive& a, const std::string& path) {
  if (get(a, path, "magic").toStringRef() != kMagic)
    throw UserError(SourceLocation{path, 0}, "not a popsteer backbone checkpoint (bad magic)");
  CheckpointInfo info;
  info.kind = get(a, path, "kind").toStringRef();
  info.config_toml = get(a, path, "config").toStringRef();
  info.dataset_hash = get(a, path, "dataset_hash").toStringRef();
  info.dataset_name = get(a, path, "dataset_name").toStringRef();
  info.n_users = get(a, path, "n_users").toInt();
  info.n_items = get(a, path, "n_items").toInt();
  info.best_epoch = get(a, path, "best_epoch").toInt();
  info.best_valid_ndcg = get(a, path, "best_valid_ndcg").toDouble();
  info.epochs_run = get(a, path, "epochs_run").toInt();
  return info;
}

/// The lines of `a` absent from `b`, joined with "; " (for a readable mismatch message).
std::string line_diff(const std::string& a, const std::string& b) {
  std::istringstream sa(a);
  std::string line, out;
  while (std::getline(sa, line)) {
    if (line.empty() || line[0] == '[') continue;
    if (b.find(line + "\n") == std::string::npos) out += (out.empty() ? "" : "; ") + line;
  }
  return out;
}

}  // namespace

void save_checkpoint(const std::string& path, TrainableBackbone& backbone,
                     const BackboneConfig& config, const TrainReport& report) {
  torch::serialize::OutputArchive archive;
  backbone.module().save(archive);
  const auto& d = backbone.dataset();
  put(archive, "magic", std::string(kMagic));
  put(archive, "kind", backbone.kind());
  put(archive, "config", config.to_toml());
  put(archive, "dataset_hash", d.content_hash);
  put(archive, "dataset_name", d.name);
  put(archive, "n_users", int64_t{d.n_users});
  put(archive, "n_items", int64_t{d.n_items});
  put(archive, "best_epoch", report.best_epoch);
  put(archive, "best_valid_ndcg", report.best_valid_ndcg);
  put(archive, "epochs_run", static_cast<int64_t>(report.epochs.size()));
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  try {
    archive.save_to(tmp);
  } catch (const c10::Error& e) {
    std::filesystem::remove(tmp);
    throw UserError(SourceLocation{path, 0}, "cannot write checkpoint: " + std::string(e.what_without_backtrace()));
  }
  std::filesystem::rename(tmp, path);
}

CheckpointInfo read_checkpoint_info(const std::string& path) {
  torch::serialize::InputArchive archive;
  open_archive(archive, path);
  return read_info(archive, path);
}

BackboneConfig stored_config(const CheckpointInfo& info, const std::string& path) {
  auto doc = config::Document::parse_string(info.config_toml, path + " [stored config]");
  return BackboneConfig::from_config(doc->root().section("backbone"));
}

std::unique_ptr<TrainableBackbone> load_checkpoint(const std::string& path,
                                                   std::shared_ptr<const data::Dataset> dataset,
                                                   torch::Device device,
                                                   const BackboneConfig* expected) {
  torch::serialize::InputArchive archive;
  open_archive(archive, path);
  const auto info = read_info(archive, path);
  const SourceLocation where{path, 0};
  if (info.dataset_hash != dataset->content_hash || info.n_users != dataset->n_users ||
      info.n_items != dataset->n_items)
    throw UserError(where, "checkpoint was trained on dataset '" + info.dataset_name + "' (hash " +
                               info.dataset_hash + ", " + std::to_string(info.n_users) + " users, " +
                               std::to_string(info.n_items) + " items), not on '" + dataset->name +
                               "' (hash " + dataset->content_hash + ", " +
                               std::to_string(dataset->n_users) + " users, " +
                               std::to_string(dataset->n_items) + " items)");
  auto config = stored_config(info, path);
  if (expected && expected->to_toml() != info.config_toml) {
    const std::string want = expected->to_toml();
    throw UserError(where, "checkpoint config differs from the requested one: checkpoint has {" +
                               line_diff(info.config_toml, want) + "}, requested {" +
                               line_diff(want, info.config_toml) + "}");
  }
  auto backbone = make_backbone(config, std::move(dataset), device);
  try {
    backbone->module().load(archive);
  } catch (const c10::Error& e) {
    throw UserError(where, "checkpoint weights do not fit the model: " +
                               std::string(e.what_without_backtrace()));
  }
  backbone->module().to(device);
  backbone->module().eval();
  return backbone;
}

}  // namespace popsteer::models
