#include "core/error.h"

namespace popsteer {

std::string SourceLocation::str() const {
  if (file.empty()) return {};
  if (line <= 0) return file;
  return file + ":" + std::to_string(line);
}

static std::string with_location(const SourceLocation& where, const std::string& message) {
  const std::string loc = where.str();
  return loc.empty() ? message : loc + ": " + message;
}

UserError::UserError(const std::string& message)
    : std::runtime_error(message), message_(message) {}

UserError::UserError(const SourceLocation& where, const std::string& message)
    : std::runtime_error(with_location(where, message)), where_(where), message_(message) {}

}  // namespace popsteer
