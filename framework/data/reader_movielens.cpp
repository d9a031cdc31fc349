/// MovieLens raw files: `u.data` (ML-100K: `user<TAB>item<TAB>rating<TAB>timestamp`) and
/// `ratings.dat` (ML-1M/10M: `user::item::rating::timestamp`). No header. The separator
/// is taken from the first line.
#include "core/error.h"
#include "data/columns.h"

namespace popsteer::data {

RawInteractions read_movielens(std::string_view text, const std::string& source,
                               const ReadOptions& options) {
  LineCursor probe(text);
  std::string_view first;
  if (!probe.next(first)) throw UserError(SourceLocation{source, 0}, "file is empty");
  const bool colons = first.find("::") != std::string_view::npos;
  ColumnMap map;
  map.user = 0;
  map.item = 1;
  map.rating = options.rating_column == "none" ? -1 : 2;
  map.timestamp = options.timestamp_column == "none" ? -1 : 3;
  map.n_fields = 4;
  LineCursor cursor(text);
  return read_rows(cursor, colons ? Delim::kDoubleColon : Delim::kTab, map, source, "movielens",
                   colons ? "user::item::rating::timestamp" : "user item rating timestamp, tab-separated");
}

}  // namespace popsteer::data
