#include "data/columns.h"

#include <algorithm>
#include <cctype>

#include "core/text.h"

namespace popsteer::data {
namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Index of the column named `explicit_name` (exact), or of the first header name that
// matches one of `guesses` (case-insensitive). -1 if none.
int find_column(const std::vector<std::string>& names, const std::string& explicit_name,
                const std::vector<std::string>& guesses, const std::string& role,
                const SourceLocation& header) {
  if (explicit_name == "none") return -1;
  if (!explicit_name.empty()) {
    for (size_t i = 0; i < names.size(); ++i)
      if (names[i] == explicit_name) return static_cast<int>(i);
    throw UserError(header, "no column '" + explicit_name + "' for the " + role +
                                " in the header" + did_you_mean(explicit_name, names) +
                                "; columns are: " + join(names));
  }
  for (const auto& g : guesses)
    for (size_t i = 0; i < names.size(); ++i)
      if (lower(names[i]) == g) return static_cast<int>(i);
  return -1;
}

}  // namespace

ColumnMap map_columns(const std::vector<std::string>& names, const ReadOptions& options,
                      const SourceLocation& header) {
  ColumnMap m;
  m.n_fields = static_cast<int>(names.size());
  m.user = find_column(names, options.user_column,
                       {"user_id", "user", "userid", "uid", "reviewer_id", "reviewerid"},
                       "user", header);
  m.item = find_column(names, options.item_column,
                       {"item_id", "item", "itemid", "iid", "movie_id", "movieid",
                        "business_id", "product_id", "asin"},
                       "item", header);
  m.timestamp = find_column(names, options.timestamp_column,
                            {"timestamp", "time", "ts", "unix_time", "unixreviewtime"},
                            "timestamp", header);
  m.rating = find_column(names, options.rating_column,
                         {"rating", "score", "stars", "overall"}, "rating", header);
  if (m.user < 0 || m.item < 0)
    throw UserError(header, std::string("cannot find the ") + (m.user < 0 ? "user" : "item") +
                                " column in the header (columns: " + join(names) +
                                "); name it with --user-col / --item-col");
  return m;
}

RawInteractions read_rows(LineCursor& cursor, Delim delim, const ColumnMap& map,
                          const std::string& source, const std::string& format,
                          const std::string& row_shape) {
  RawInteractions raw;
  raw.source = source;
  raw.format = format;
  TokenTable users, items;
  std::vector<std::string_view> f;
  std::string_view line;
  while (cursor.next(line)) {
    split_fields(line, delim, f);
    const SourceLocation at{source, cursor.line_number()};
    if (static_cast<int>(f.size()) != map.n_fields)
      throw UserError(at, "expected " + std::to_string(map.n_fields) + " fields (" + row_shape +
                              "), got " + std::to_string(f.size()));
    if (f[map.user].empty()) throw UserError(at, "empty user id");
    if (f[map.item].empty()) throw UserError(at, "empty item id");
    raw.user.push_back(users.intern(f[map.user]));
    raw.item.push_back(items.intern(f[map.item]));
    if (map.timestamp >= 0) {
      double t;
      if (!parse_double(f[map.timestamp], t))
        throw UserError(at, "expected a numeric timestamp, got " + quote_field(f[map.timestamp]));
      raw.timestamp.push_back(t);
    }
    if (map.rating >= 0) {
      double r;
      if (!parse_double(f[map.rating], r))
        throw UserError(at, "expected a numeric rating, got " + quote_field(f[map.rating]));
      raw.rating.push_back(static_cast<float>(r));
    }
  }
  if (raw.user.empty())
    throw UserError(SourceLocation{source, 0}, "no interaction rows (only a header?)");
  raw.user_names = users.release();
  raw.item_names = items.release();
  return raw;
}

}  // namespace popsteer::data
