/// RecBole atomic `.inter` files: a tab-separated header of `name:type` fields
/// (types token, token_seq, float, float_seq), then one interaction per line.
#include "core/error.h"
#include "data/columns.h"

namespace popsteer::data {

RawInteractions read_inter(std::string_view text, const std::string& source,
                           const ReadOptions& options) {
  LineCursor cursor(text);
  std::string_view header;
  if (!cursor.next(header)) throw UserError(SourceLocation{source, 0}, "file is empty");
  const SourceLocation at{source, cursor.line_number()};
  std::vector<std::string_view> fields;
  split_fields(header, Delim::kTab, fields);
  std::vector<std::string> names;
  for (auto f : fields) {
    const size_t colon = f.rfind(':');
    const std::string_view type = colon == f.npos ? std::string_view{} : f.substr(colon + 1);
    if (colon == f.npos || colon == 0 ||
        (type != "token" && type != "float" && type != "token_seq" && type != "float_seq"))
      throw UserError(at, "expected a typed RecBole header of tab-separated name:type fields "
                          "(e.g. 'user_id:token item_id:token rating:float timestamp:float'), got " +
                              quote_field(f));
    names.emplace_back(f.substr(0, colon));
  }
  const ColumnMap map = map_columns(names, options, at);
  return read_rows(cursor, Delim::kTab, map, source, "inter",
                   "tab-separated, as in the header");
}

}  // namespace popsteer::data
