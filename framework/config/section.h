#pragma once
/// Strict, typed access to TOML configuration (toml++ stays inside config/*.cpp).
///
/// Every options struct reads its keys through a `Section` and then calls `finish()`:
/// any key present in the file but never read is an error naming the key, its file:line
/// and the closest valid key ("did you mean"). Wrong types and out-of-range values are
/// errors naming the key and the allowed range. Defaults live in the options structs,
/// next to the code they configure: `get(key, default)` returns the default when absent.
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"

namespace popsteer::config {

struct Range {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
};

class Document;

/// A view of one TOML table. Cheap to copy; valid while its Document lives.
class Section {
 public:
  /// `path` is the dotted path used in messages ("sae", "steering.grid", "" for root).
  Section(std::shared_ptr<const Document> doc, const void* table, std::string path);
  /// An empty section (a table absent from the file): every get returns its default.
  static Section empty(std::string path);

  bool has(const std::string& key) const;
  bool is_table(const std::string& key) const;
  /// Keys present in this table, in file order.
  std::vector<std::string> keys() const;

  int64_t get_int(const std::string& key, int64_t def, Range r = {});
  double get_double(const std::string& key, double def, Range r = {});
  bool get_bool(const std::string& key, bool def);
  std::string get_string(const std::string& key, const std::string& def,
                         const std::vector<std::string>& allowed = {});
  std::vector<int64_t> get_int_list(const std::string& key, const std::vector<int64_t>& def,
                                    Range r = {});
  std::vector<double> get_double_list(const std::string& key, const std::vector<double>& def,
                                      Range r = {});
  std::vector<std::string> get_string_list(const std::string& key,
                                           const std::vector<std::string>& def);
  /// A value that may be a scalar or a list: returns a list either way.
  std::vector<double> get_double_or_list(const std::string& key, const std::vector<double>& def,
                                         Range r = {});

  int64_t require_int(const std::string& key, Range r = {});
  double require_double(const std::string& key, Range r = {});
  std::string require_string(const std::string& key, const std::vector<std::string>& allowed = {});

  /// Sub-table `key` (marked as used); an empty Section when absent.
  Section section(const std::string& key);
  /// Array of tables `key` ([[key]]); empty when absent.
  std::vector<Section> section_list(const std::string& key);

  /// Marks `key` as consumed without reading it (for keys handled elsewhere).
  void mark_used(const std::string& key);

  /// Throws UserError for the first key present but never read, naming file:line and
  /// the closest key that was read (did you mean).
  void finish() const;

  /// File and line of `key` (or of this table when key is empty / absent).
  SourceLocation where(const std::string& key = "") const;
  /// "sae.k" for key "k" in section "sae".
  std::string qualified(const std::string& key) const;
  /// Throws UserError about `key` at its location (for checks across several keys).
  [[noreturn]] void fail(const std::string& key, const std::string& message) const;

 private:
  const void* node(const std::string& key) const;
  std::shared_ptr<const Document> doc_;
  const void* table_ = nullptr;  // toml::table*
  std::string path_;
  std::set<std::string> used_;
  std::vector<std::string> readable_;  // keys asked for (for did-you-mean)
};

}  // namespace popsteer::config
