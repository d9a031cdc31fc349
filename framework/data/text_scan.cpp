#include "data/text_scan.h"

#include <charconv>
#include <cstdio>
#include <memory>

#include "core/error.h"

namespace popsteer::data {

std::string read_text_file(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw UserError(SourceLocation{path, 0}, "cannot open file for reading");
  std::string text;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) text.append(buf, n);
  if (std::ferror(f.get())) throw UserError(SourceLocation{path, 0}, "read error");
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw UserError(SourceLocation{path, 0}, "file is empty (expected interaction rows)");
  return text;
}

bool LineCursor::next(std::string_view& line) {
  while (pos_ < text_.size()) {
    size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) end = text_.size();
    std::string_view l = text_.substr(pos_, end - pos_);
    pos_ = end + 1;
    ++line_no_;
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (l.find_first_not_of(" \t") == std::string_view::npos) continue;
    line = l;
    return true;
  }
  return false;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

static void split_comma(std::string_view line, std::vector<std::string_view>& out) {
  size_t i = 0;
  while (true) {
    if (i < line.size() && line[i] == '"') {
      // Quoted field: up to the closing quote; doubled quotes inside are kept verbatim
      // (tokens are compared as written, so this only matters for odd ids).
      size_t j = i + 1;
      while (j < line.size()) {
        if (line[j] == '"' && j + 1 < line.size() && line[j + 1] == '"') j += 2;
        else if (line[j] == '"') break;
        else ++j;
      }
      out.push_back(line.substr(i + 1, j - i - 1));
      i = line.find(',', j);
    } else {
      size_t j = line.find(',', i);
      out.push_back(trim(line.substr(i, j == std::string_view::npos ? line.npos : j - i)));
      i = j;
    }
    if (i == std::string_view::npos) return;
    ++i;
  }
}

void split_fields(std::string_view line, Delim delim, std::vector<std::string_view>& out) {
  out.clear();
  switch (delim) {
    case Delim::kWhitespace: {
      size_t i = 0;
      while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        size_t j = i;
        while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
        if (j > i) out.push_back(line.substr(i, j - i));
        i = j;
      }
      return;
    }
    case Delim::kComma:
      split_comma(line, out);
      return;
    case Delim::kTab:
    case Delim::kDoubleColon: {
      const std::string_view sep = delim == Delim::kTab ? "\t" : "::";
      size_t i = 0;
      while (true) {
        size_t j = line.find(sep, i);
        out.push_back(trim(line.substr(i, j == std::string_view::npos ? line.npos : j - i)));
        if (j == std::string_view::npos) return;
        i = j + sep.size();
      }
    }
  }
}

bool parse_double(std::string_view field, double& out) {
  field = trim(field);
  if (field.empty()) return false;
  if (field.front() == '+') field.remove_prefix(1);
  const auto r = std::from_chars(field.data(), field.data() + field.size(), out);
  return r.ec == std::errc() && r.ptr == field.data() + field.size();
}

bool parse_int64(std::string_view field, int64_t& out) {
  field = trim(field);
  if (field.empty()) return false;
  const auto r = std::from_chars(field.data(), field.data() + field.size(), out);
  return r.ec == std::errc() && r.ptr == field.data() + field.size();
}

std::string quote_field(std::string_view field) {
  // Built by append (GCC 12 warns falsely on "'" + std::string(...)).
  std::string out(1, '\'');
  out.append(field.substr(0, field.size() > 30 ? 27 : field.size()));
  if (field.size() > 30) out.append("...");
  out.push_back('\'');
  return out;
}

}  // namespace popsteer::data
