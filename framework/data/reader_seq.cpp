/// Sequence files: one user per line, `user item item ...` separated by spaces or tabs,
/// items already in chronological order (S3-Rec/SASRec exports such as ml-1m.seq.txt,
/// Yelp.txt, Beauty.txt). A user appearing on several lines continues their sequence.
/// Pair files (SASRec's original format, `user item` per line, chronological within each
/// user, users may interleave) are the same lines with exactly one item: one reader.
#include "core/error.h"
#include "data/reader.h"
#include "data/text_scan.h"

namespace popsteer::data {
namespace {

/// `one_item`: every line must be exactly `user item` (pairs); otherwise `user item ...`.
RawInteractions read_user_item_lines(std::string_view text, const std::string& source, const char* format,
                                     bool one_item) {
  RawInteractions raw;
  raw.source = source;
  raw.format = format;
  TokenTable users, items;
  LineCursor cursor(text);
  std::vector<std::string_view> f;
  std::string_view line;
  while (cursor.next(line)) {
    split_fields(line, Delim::kWhitespace, f);
    if (one_item && f.size() != 2)
      throw UserError(SourceLocation{source, cursor.line_number()},
                      "expected 2 fields 'user item', got " + std::to_string(f.size()));
    if (f.size() < 2)
      throw UserError(SourceLocation{source, cursor.line_number()},
                      "expected 'user item item ...' (a user then at least one item), got " + quote_field(line));
    const int32_t u = users.intern(f[0]);
    for (size_t k = 1; k < f.size(); ++k) {
      raw.user.push_back(u);
      raw.item.push_back(items.intern(f[k]));
    }
  }
  raw.user_names = users.release();
  raw.item_names = items.release();
  return raw;
}

}  // namespace

RawInteractions read_seq(std::string_view text, const std::string& source, const ReadOptions&) {
  return read_user_item_lines(text, source, "seq", /*one_item=*/false);
}

RawInteractions read_pairs(std::string_view text, const std::string& source, const ReadOptions&) {
  return read_user_item_lines(text, source, "pairs", /*one_item=*/true);
}

}  // namespace popsteer::data
