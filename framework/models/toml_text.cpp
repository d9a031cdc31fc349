#include "models/toml_text.h"

#include <cstdio>

namespace popsteer::models {

std::string toml_line(const std::string& key, int64_t value) {
  return key + " = " + std::to_string(value) + "\n";
}

std::string toml_line(const std::string& key, double value) {
  // %.17g round-trips a double; a TOML float needs a '.' or an exponent.
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", value);
  std::string text = buf;
  if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
  return key + " = " + text + "\n";
}

std::string toml_line(const std::string& key, const std::string& value) {
  return key + " = \"" + value + "\"\n";
}

}  // namespace popsteer::models
