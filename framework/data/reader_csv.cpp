/// Generic delimited files with a header row: `csv` (comma, simple double quotes) and
/// `tsv` (tab). Columns are found by name (ReadOptions, or the usual spellings).
#include "core/error.h"
#include "data/columns.h"

namespace popsteer::data {
namespace {

RawInteractions read_delimited(std::string_view text, const std::string& source,
                               const ReadOptions& options, Delim delim, const std::string& format) {
  LineCursor cursor(text);
  std::string_view header;
  if (!cursor.next(header)) throw UserError(SourceLocation{source, 0}, "file is empty");
  const SourceLocation at{source, cursor.line_number()};
  std::vector<std::string_view> fields;
  split_fields(header, delim, fields);
  std::vector<std::string> names(fields.begin(), fields.end());
  const ColumnMap map = map_columns(names, options, at);
  return read_rows(cursor, delim, map, source, format,
                   std::string(delim == Delim::kComma ? "comma" : "tab") + "-separated, as in the header");
}

}  // namespace

RawInteractions read_csv(std::string_view text, const std::string& source, const ReadOptions& o) {
  return read_delimited(text, source, o, Delim::kComma, "csv");
}

RawInteractions read_tsv(std::string_view text, const std::string& source, const ReadOptions& o) {
  return read_delimited(text, source, o, Delim::kTab, "tsv");
}

}  // namespace popsteer::data
