#include "aggregate/table.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace popsteer::aggregate {
namespace {

std::string number(double v, int digits, const char* missing) {
  if (std::isnan(v)) return missing;
  return fmt::format("{:.{}f}", v, digits);
}

int digits_of(const Table& t, size_t column) {
  return column < t.column_digits.size() ? t.column_digits[column] : t.digits;
}

bool is_numeric(const Cell& c) { return !std::holds_alternative<std::string>(c); }

std::string md_cell(const Cell& c, int digits) {
  if (const auto* d = std::get_if<double>(&c)) return number(*d, digits, "—");
  if (const auto* i = std::get_if<int64_t>(&c)) return std::to_string(*i);
  std::string s;
  for (char ch : std::get<std::string>(c)) {
    if (ch == '|') s += "\\|";
    else if (ch == '\n') s += ' ';
    else s += ch;
  }
  return s;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char ch : s) {
    if (ch == '"') q += '"';
    q += ch;
  }
  return q + "\"";
}

std::string csv_cell(const Cell& c) {
  if (const auto* d = std::get_if<double>(&c)) return std::isnan(*d) ? "" : fmt::format("{}", *d);  // shortest exact round trip
  if (const auto* i = std::get_if<int64_t>(&c)) return std::to_string(*i);
  return csv_field(std::get<std::string>(c));
}

}  // namespace

std::string latex_escape(const std::string& text) {
  std::string s;
  for (char ch : text) {
    switch (ch) {
      case '\\': s += "\\textbackslash{}"; break;
      case '~': s += "\\textasciitilde{}"; break;
      case '^': s += "\\textasciicircum{}"; break;
      case '<': s += "\\textless{}"; break;
      case '>': s += "\\textgreater{}"; break;
      case '&': case '%': case '$': case '#': case '_': case '{': case '}':
        s += '\\';
        s += ch;
        break;
      default: s += ch;
    }
  }
  return s;
}

std::string to_markdown(const Table& t) {
  std::string out = "### " + t.title + "\n\n|";
  for (const auto& c : t.columns) {
    out += ' ';
    out += md_cell(Cell{c}, t.digits);
    out += " |";
  }
  out += "\n|";
  for (size_t j = 0; j < t.columns.size(); ++j) {
    const bool numeric = !t.rows.empty() && is_numeric(t.rows.front()[j]);
    out += numeric ? "---:|" : "---|";
  }
  out += "\n";
  for (const auto& row : t.rows) {
    out += "|";
    for (size_t j = 0; j < row.size(); ++j) {
      out += ' ';
      out += md_cell(row[j], digits_of(t, j));
      out += " |";
    }
    out += "\n";
  }
  if (t.rows.empty()) out += "\n(no rows)\n";
  for (const auto& n : t.notes) {
    out += '\n';
    out += n;
    out += '\n';
  }
  return out + "\n";
}

std::string to_csv(const std::vector<Table>& tables) {
  if (tables.empty()) return "";
  const auto& first = tables.front();
  std::string out;
  bool lead = true;
  for (const auto& [k, v] : first.context) {
    if (!lead) out += ',';
    out += csv_field(k);
    lead = false;
  }
  for (const auto& c : first.columns) {
    if (!lead) out += ',';
    out += csv_field(c);
    lead = false;
  }
  out += "\n";
  for (const auto& t : tables) {
    if (t.columns != first.columns || t.context.size() != first.context.size()) {
      throw std::logic_error("to_csv: tables with different columns");
    }
    for (const auto& row : t.rows) {
      bool l = true;
      for (const auto& [k, v] : t.context) {
        if (!l) out += ',';
        out += csv_field(v);
        l = false;
      }
      for (const auto& c : row) {
        if (!l) out += ',';
        out += csv_cell(c);
        l = false;
      }
      out += "\n";
    }
  }
  return out;
}

std::string to_latex(const std::vector<Table>& tables) {
  std::string out;
  for (const auto& t : tables) {
    std::string spec;
    for (size_t j = 0; j < t.columns.size(); ++j) {
      const bool numeric = !t.rows.empty() && is_numeric(t.rows.front()[j]);
      spec += numeric ? 'r' : 'l';
    }
    out += "\\begin{table}[ht]\n\\centering\n\\small\n\\caption{" + latex_escape(t.title) +
           "}\n\\begin{tabular}{" + spec + "}\n\\toprule\n";
    for (size_t j = 0; j < t.columns.size(); ++j) {
      if (j) out += " & ";
      out += latex_escape(t.columns[j]);
    }
    out += " \\\\\n\\midrule\n";
    for (const auto& row : t.rows) {
      for (size_t j = 0; j < row.size(); ++j) {
        const auto& c = row[j];
        out += j ? " & " : "";
        if (const auto* d = std::get_if<double>(&c)) out += number(*d, digits_of(t, j), "--");
        else if (const auto* i = std::get_if<int64_t>(&c)) out += std::to_string(*i);
        else out += latex_escape(std::get<std::string>(c));
      }
      out += " \\\\\n";
    }
    out += "\\bottomrule\n\\end{tabular}\n\\end{table}\n\n";
  }
  return out;
}

}  // namespace popsteer::aggregate
