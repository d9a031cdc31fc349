#pragma once
/// A small typed table and its three renderings (Markdown for the terminal, CSV for
/// pandas/spreadsheets, LaTeX booktabs for the paper).
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace popsteer::aggregate {

/// A cell: text, a count, or a number (NaN = missing). Numbers are printed with the
/// column's decimals in Markdown/LaTeX and in CSV with the shortest text that reads back
/// exactly.
using Cell = std::variant<std::string, double, int64_t>;

struct Table {
  std::string title;                                   ///< caption / heading
  std::vector<std::pair<std::string, std::string>> context;  ///< e.g. {"dataset","ml-1m"}: leading CSV columns
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;                 ///< each row has columns.size() cells
  int digits = 4;                                      ///< decimals in Markdown and LaTeX
  std::vector<int> column_digits;                      ///< per-column override of `digits` (may be shorter)
  std::vector<std::string> notes;                      ///< lines printed under the table
};

/// "### title", a pipe table (numbers right-aligned, missing = "—"), then the notes.
std::string to_markdown(const Table& table);

/// CSV (RFC 4180 quoting) of several tables with the same columns and context keys:
/// one header (context keys, then columns), then every table's rows prefixed by its
/// context values. Missing numbers are empty fields. Throws std::logic_error if the
/// tables' columns differ.
std::string to_csv(const std::vector<Table>& tables);

/// A LaTeX table environment (booktabs) per table, text escaped, missing = "--".
std::string to_latex(const std::vector<Table>& tables);

/// Escapes LaTeX specials (\ & % $ # _ { } ~ ^ < >).
std::string latex_escape(const std::string& text);

}  // namespace popsteer::aggregate
