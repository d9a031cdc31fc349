#pragma once
/// Every result row (failed ones included) as one flat table, for pandas/spreadsheets.
#include <vector>

#include "aggregate/table.h"
#include "sweep/result_row.h"

namespace popsteer::aggregate {

/// One table row per ResultRow, one column per field (names as in result_row.h), in the
/// given order.
Table rows_table(const std::vector<sweep::ResultRow>& rows);

}  // namespace popsteer::aggregate
