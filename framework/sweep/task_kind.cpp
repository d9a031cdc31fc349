#include "sweep/task_kind.h"

#include <stdexcept>

#include "core/error.h"
#include "core/hash.h"
#include "core/text.h"

namespace popsteer::sweep {

void TaskContext::check_stop() const {
  if (should_stop()) throw Interrupted("stop requested while running a task");
}

void TaskKindRegistry::add(TaskKind kind) {
  if (kinds_.count(kind.name)) throw std::logic_error("task kind registered twice: " + kind.name);
  const std::string name = kind.name;
  kinds_.emplace(name, std::move(kind));
}

void TaskKindRegistry::set_run(const std::string& name, RunFn run) {
  get_mutable(name).run = std::move(run);
}

void TaskKindRegistry::set_check_options(const std::string& name,
                                         std::function<void(config::Section)> check) {
  get_mutable(name).check_options = std::move(check);
}

const TaskKind& TaskKindRegistry::get(const std::string& name) const {
  auto it = kinds_.find(name);
  if (it == kinds_.end())
    throw std::runtime_error("unknown task kind '" + name + "' (registered: " + join(names()) + ")");
  return it->second;
}

TaskKind& TaskKindRegistry::get_mutable(const std::string& name) {
  return const_cast<TaskKind&>(static_cast<const TaskKindRegistry*>(this)->get(name));
}

std::vector<std::string> TaskKindRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& [n, k] : kinds_) out.push_back(n);
  return out;
}

TaskKindRegistry standard_kinds() {
  // Default cost figures are rough single-core numbers for ml-100k-sized data; a sweep
  // file can override them in its [cost] table.
  TaskKindRegistry r;
  r.add({"prepare", 0, "read, filter, split and cache a dataset", 5.0, 0.0, {}, {}});
  r.add({"backbone", 1, "train a backbone (SASRec/LightGCN) and cache embeddings + base rows", 300.0, 0.0, {}, {}});
  r.add({"sae", 2, "train a TopK SAE on the backbone's user embeddings", 120.0, 0.0, {}, {}});
  r.add({"rerank", 2, "evaluate a block of one re-ranking baseline's configs", 1.0, 0.2, {}, {}});
  r.add({"analyze", 3, "neuron analysis: Cohen's d and sigma per neuron", 20.0, 0.0, {}, {}});
  r.add({"steer", 4, "evaluate a block of steering configs", 1.0, 0.05, {}, {}});
  return r;
}

std::string config_id(const std::string& upstream_id, const std::string& method,
                      const std::string& params_json) {
  Hasher h;
  h.add(std::string_view("popsteer-config-v1")).add(std::string_view(upstream_id));
  h.add(std::string_view(method)).add(std::string_view(params_json));
  return h.hex();
}

}  // namespace popsteer::sweep
