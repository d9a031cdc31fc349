#pragma once
/// Canonical `key = value` TOML lines for resolved options (checkpoint provenance and
/// config comparison): the same options always give the same text.
#include <cstdint>
#include <string>

namespace popsteer::models {

std::string toml_line(const std::string& key, int64_t value);
std::string toml_line(const std::string& key, double value);
std::string toml_line(const std::string& key, const std::string& value);

}  // namespace popsteer::models
