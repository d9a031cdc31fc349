/// Pair files (SASRec's original format): `user item` per line, separated by spaces or a
/// tab, chronological within each user (users may interleave).
#include "core/error.h"
#include "data/reader.h"
#include "data/text_scan.h"

namespace popsteer::data {

RawInteractions read_pairs(std::string_view text, const std::string& source, const ReadOptions&) {
  RawInteractions raw;
  raw.source = source;
  raw.format = "pairs";
  TokenTable users, items;
  LineCursor cursor(text);
  std::vector<std::string_view> f;
  std::string_view line;
  while (cursor.next(line)) {
    split_fields(line, Delim::kWhitespace, f);
    if (f.size() != 2)
      throw UserError(SourceLocation{source, cursor.line_number()},
                      "expected 2 fields 'user item', got " + std::to_string(f.size()));
    raw.user.push_back(users.intern(f[0]));
    raw.item.push_back(items.intern(f[1]));
  }
  raw.user_names = users.release();
  raw.item_names = items.release();
  return raw;
}

}  // namespace popsteer::data
