#pragma once
/// A parsed TOML configuration file, with includes and command-line overrides.
#include <memory>
#include <string>
#include <vector>

#include "config/section.h"

namespace popsteer::config {

class Document : public std::enable_shared_from_this<Document> {
 public:
  /// Parses `path`. A top-level `include = "other.toml"` (or a list) is read first,
  /// relative to the including file, and this file's values override it (tables merge
  /// key by key). Parse errors are UserErrors with file:line:column.
  static std::shared_ptr<Document> parse_file(const std::string& path);
  /// Parses text; `name` appears in messages in place of a file name.
  static std::shared_ptr<Document> parse_string(const std::string& text, const std::string& name);

  /// Applies "a.b.c=VALUE" (VALUE in TOML syntax, e.g. `sae.k=[32,48]`, `seed=3`,
  /// `name="x"`), replacing the value at that dotted path.
  void apply_override(const std::string& assignment);

  /// The root table.
  Section root();
  /// The file the document was read from (or its name).
  const std::string& source_name() const { return name_; }
  /// The whole resolved document as TOML text (for provenance).
  std::string to_toml() const;
  /// The whole resolved document as JSON text.
  std::string to_json() const;

  ~Document();
  const void* table() const { return table_; }

 private:
  Document();
  std::string name_;
  void* table_ = nullptr;  // toml::table*
};

}  // namespace popsteer::config
