#include "data/reader.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "core/error.h"
#include "core/text.h"
#include "data/text_scan.h"

namespace popsteer::data {

const std::vector<FormatInfo>& formats() {
  static const std::vector<FormatInfo> registry = {
      {"inter", "RecBole atomic .inter: typed tab-separated header (user_id:token item_id:token ...)",
       &read_inter},
      {"movielens", "MovieLens u.data (user item rating timestamp, tab) or ratings.dat (::)",
       &read_movielens},
      {"seq", "one user per line: user item item ... (chronological)", &read_seq},
      {"pairs", "SASRec pairs: 'user item' per line, chronological per user", &read_pairs},
      {"csv", "comma-separated with a header; columns mapped by name", &read_csv},
      {"tsv", "tab-separated with a header; columns mapped by name", &read_tsv},
  };
  return registry;
}

std::vector<std::string> format_names() {
  std::vector<std::string> out;
  for (const auto& f : formats()) out.push_back(f.name);
  return out;
}

const FormatInfo& find_format(const std::string& name) {
  for (const auto& f : formats())
    if (f.name == name) return f;
  const auto names = format_names();
  throw UserError("unknown data format '" + name + "'" + did_you_mean(name, names) +
                  "; known formats: auto, " + join(names));
}

namespace {

std::string ambiguous(const std::string& path, const std::string& why) {
  return "cannot detect the format of " + path + " (" + why + "); pass --format (one of " +
         join(format_names()) + ")";
}

bool all_numeric(const std::vector<std::string_view>& f) {
  for (auto x : f) {
    double v;
    if (!parse_double(x, v)) return false;
  }
  return true;
}

}  // namespace

std::string detect_format(const std::string& path, std::string_view text) {
  const std::filesystem::path p(path);
  const std::string name = p.filename().string();
  const std::string ext = p.extension().string();
  if (ext == ".inter") return "inter";
  if (ext == ".csv") return "csv";
  if (ext == ".tsv") return "tsv";
  if (name == "u.data" || name == "ratings.dat") return "movielens";

  // Content: look at the first lines only (cheap, and enough for every supported format).
  LineCursor cursor(text);
  std::string_view line;
  std::vector<std::string_view> ws, tabs;
  std::set<size_t> counts;
  std::set<std::string_view> first_tokens;
  bool repeated_first = false, numeric_tab4 = true;
  int n = 0;
  while (n < 200 && cursor.next(line)) {
    if (n == 0 && line.find("::") != std::string_view::npos) return "movielens";
    if (n == 0 && line.find(":token") != std::string_view::npos) return "inter";
    split_fields(line, Delim::kWhitespace, ws);
    split_fields(line, Delim::kTab, tabs);
    counts.insert(ws.size());
    if (!ws.empty() && !first_tokens.insert(ws[0]).second) repeated_first = true;
    const bool tab4 = tabs.size() == 4 && all_numeric(tabs);
    // u.data-like first line: decide now, so a later malformed row gets the movielens
    // message (file:line, expected 4 fields) rather than a format guess.
    if (n == 0 && tab4) return "movielens";
    if (!tab4) numeric_tab4 = false;
    ++n;
  }
  if (n == 0) throw UserError(SourceLocation{path, 0}, "file is empty");
  if (numeric_tab4) return "movielens";
  if (counts.size() == 1 && *counts.begin() == 2) {
    if (repeated_first) return "pairs";
    throw UserError(ambiguous(path, "two fields per line and no repeated user: pairs or seq?"));
  }
  if (counts.size() > 1 && *counts.begin() >= 2) return "seq";
  throw UserError(ambiguous(path, "lines with " + std::to_string(*counts.begin()) +
                                      " fields each fit no format unambiguously"));
}

RawInteractions parse_interactions(std::string_view text, const std::string& source,
                                   const ReadOptions& options) {
  const std::string format =
      options.format == "auto" || options.format.empty() ? detect_format(source, text) : options.format;
  const FormatInfo& info = find_format(format);
  return info.read(text, source, options);
}

RawInteractions read_interactions(const std::string& path, const ReadOptions& options) {
  if (options.format != "auto" && !options.format.empty()) find_format(options.format);  // fail early
  const std::string text = read_text_file(path);
  return parse_interactions(text, path, options);
}

}  // namespace popsteer::data
