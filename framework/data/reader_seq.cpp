/// Sequence files: one user per line, `user item item ...` separated by spaces or tabs,
/// items already in chronological order (S3-Rec/SASRec exports such as ml-1m.seq.txt,
/// Yelp.txt, Beauty.txt). A user appearing on several lines continues their sequence.
#include "core/error.h"
#include "data/reader.h"
#include "data/text_scan.h"

namespace popsteer::data {

RawInteractions read_seq(std::string_view text, const std::string& source, const ReadOptions&) {
  RawInteractions raw;
  raw.source = source;
  raw.format = "seq";
  TokenTable users, items;
  LineCursor cursor(text);
  std::vector<std::string_view> f;
  std::string_view line;
  while (cursor.next(line)) {
    split_fields(line, Delim::kWhitespace, f);
    if (f.size() < 2)
      throw UserError(SourceLocation{source, cursor.line_number()},
                      "expected 'user item item ...' (a user then at least one item), got " +
                          quote_field(line));
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

}  // namespace popsteer::data
