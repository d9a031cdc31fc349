#pragma once
/// Shared by the column-based readers (inter, movielens, csv, tsv): mapping header
/// names to the user/item/timestamp/rating columns and reading the rows.
#include <string>
#include <vector>

#include "core/error.h"
#include "data/reader.h"
#include "data/text_scan.h"

namespace popsteer::data {

/// Column indices (-1 = absent) and the number of fields every row must have.
struct ColumnMap {
  int user = -1, item = -1, timestamp = -1, rating = -1;
  int n_fields = 0;
};

/// Finds the columns among header `names` using the explicit names in `options` or the
/// usual spellings. UserError at `header` if user or item (or an explicitly named column)
/// is missing, listing the header's columns.
ColumnMap map_columns(const std::vector<std::string>& names, const ReadOptions& options,
                      const SourceLocation& header);

/// Reads every remaining line of `cursor` as a row with `map.n_fields` fields.
/// Timestamps and ratings must be numbers; user and item tokens must be non-empty.
RawInteractions read_rows(LineCursor& cursor, Delim delim, const ColumnMap& map,
                          const std::string& source, const std::string& format,
                          const std::string& row_shape);

}  // namespace popsteer::data
