#include "sweep/task.h"

#include "core/hash.h"

namespace popsteer::sweep {

std::string task_id(const std::string& kind, const std::string& params,
                    const std::vector<std::string>& inputs, const std::string& dataset_hash) {
  Hasher h;
  // The version tag lets a future change of the encoding change every id on purpose.
  h.add(std::string_view("popsteer-task-v1")).add(std::string_view(kind)).add(std::string_view(params));
  h.add(static_cast<int64_t>(inputs.size()));
  for (const auto& in : inputs) h.add(std::string_view(in));
  h.add(std::string_view(dataset_hash));
  return h.hex();
}

Task make_task(std::string kind, std::string params, std::vector<std::string> inputs,
               std::string dataset_hash) {
  Task t;
  t.kind = std::move(kind);
  t.params = std::move(params);
  t.inputs = std::move(inputs);
  t.dataset_hash = std::move(dataset_hash);
  t.id = task_id(t.kind, t.params, t.inputs, t.dataset_hash);
  return t;
}

}  // namespace popsteer::sweep
