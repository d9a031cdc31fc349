#pragma once
/// Raw interactions as read from a file, before any filtering: one row per interaction in
/// file order. Users and items are interned tokens (index into `user_names` /
/// `item_names`, in order of first appearance in the file); internal dense ids are only
/// assigned later, after filtering (prepare.h, ALGORITHMS.md §1.3).
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace popsteer::data {

/// Maps token strings to 0-based indices in order of first appearance.
class TokenTable {
 public:
  /// Index of `token`, adding it if new.
  int32_t intern(std::string_view token);
  int32_t size() const { return static_cast<int32_t>(names_.size()); }
  const std::string& name(int32_t index) const { return names_[index]; }
  const std::vector<std::string>& names() const { return names_; }
  /// Moves the names out (the table is empty afterwards).
  std::vector<std::string> release();

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, int32_t, Hash, std::equal_to<>> index_;
  std::vector<std::string> names_;
};

/// Interactions in file order. `user[r]`, `item[r]` index the name tables. `timestamp`
/// is empty when the format only has an order (seq, pairs): then file order is the
/// chronological order. `rating` is empty when the file has no rating column.
struct RawInteractions {
  std::string source;  ///< file name (for messages)
  std::string format;  ///< the reader that produced it
  std::vector<std::string> user_names, item_names;
  std::vector<int32_t> user, item;
  std::vector<double> timestamp;  ///< seconds (or any monotone unit); empty = file order
  std::vector<float> rating;      ///< empty = no rating column

  int64_t size() const { return static_cast<int64_t>(user.size()); }
  bool has_timestamp() const { return !timestamp.empty(); }
  bool has_rating() const { return !rating.empty(); }
};

}  // namespace popsteer::data
