#pragma once
/// Fast hand-rolled scanning for interaction files: the whole file is read once into a
/// string and split into lines and fields as string_views (no iostreams per token), and
/// numbers are parsed with std::from_chars. ML-1M's million rows parse in well under a
/// second this way.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace popsteer::data {

/// The whole file as bytes. UserError if it cannot be opened or is empty (or blank).
std::string read_text_file(const std::string& path);

/// Iterates over lines ("\n" or "\r\n"), skipping blank (whitespace-only) lines and
/// keeping the 1-based line number of the line returned last.
class LineCursor {
 public:
  explicit LineCursor(std::string_view text) : text_(text) {}
  /// Next non-blank line without its terminator; false at the end.
  bool next(std::string_view& line);
  int64_t line_number() const { return line_no_; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  int64_t line_no_ = 0;
};

/// Field separators understood by split_fields.
enum class Delim { kWhitespace /* runs of spaces/tabs */, kTab, kComma, kDoubleColon };

/// Splits `line` into `out` (cleared first). kWhitespace skips leading/trailing blanks;
/// the others keep empty fields. kComma honours simple double quotes ("a,b" and "").
void split_fields(std::string_view line, Delim delim, std::vector<std::string_view>& out);

/// Strict number parsing of a whole field (surrounding blanks allowed): false if the
/// field is not entirely a number.
bool parse_double(std::string_view field, double& out);
bool parse_int64(std::string_view field, int64_t& out);

/// Trims spaces, tabs and a trailing '\r'.
std::string_view trim(std::string_view s);

/// Shortens a field for an error message ("abc..." past 30 characters).
std::string quote_field(std::string_view field);

}  // namespace popsteer::data
