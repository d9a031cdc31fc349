#include "data/raw.h"

namespace popsteer::data {

int32_t TokenTable::intern(std::string_view token) {
  auto it = index_.find(token);
  if (it != index_.end()) return it->second;
  const auto id = static_cast<int32_t>(names_.size());
  names_.emplace_back(token);
  index_.emplace(std::string(token), id);
  return id;
}

std::vector<std::string> TokenTable::release() {
  index_.clear();
  return std::move(names_);
}

}  // namespace popsteer::data
