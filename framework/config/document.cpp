#include "config/document.h"

#include <filesystem>
#include <sstream>
#define TOML_EXCEPTIONS 1
#include <toml++/toml.h>

#include "core/error.h"

namespace popsteer::config {
namespace {

toml::table* tbl(void* p) { return static_cast<toml::table*>(p); }

SourceLocation location_of(const toml::source_region& src, const std::string& fallback) {
  return SourceLocation{src.path ? *src.path : fallback, static_cast<int64_t>(src.begin.line)};
}

toml::table parse_or_throw(const std::string& text, const std::string& name, bool is_file) {
  try {
    if (is_file) return toml::parse_file(name);
    return toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    const auto& src = e.source();
    throw UserError(SourceLocation{name, static_cast<int64_t>(src.begin.line)},
                    "TOML syntax error (column " + std::to_string(src.begin.column) +
                        "): " + std::string(e.description()));
  }
}

/// Deep merge: values of `top` override those of `base`; tables merge key by key.
void merge_into(toml::table& base, const toml::table& top) {
  for (auto&& [key, value] : top) {
    toml::node* existing = base.get(key.str());
    if (existing && existing->is_table() && value.is_table()) {
      merge_into(*existing->as_table(), *value.as_table());
    } else {
      value.visit([&](const auto& concrete) { base.insert_or_assign(key, concrete); });
    }
  }
}

toml::table load_with_includes(const std::string& path, int depth) {
  if (depth > 8) throw UserError(SourceLocation{path, 0}, "include depth > 8 (an include cycle?)");
  if (!std::filesystem::exists(path))
    throw UserError(SourceLocation{path, 0}, "config file not found");
  toml::table top = parse_or_throw("", path, true);
  toml::node* inc = top.get("include");
  if (!inc) return top;
  std::vector<std::string> includes;
  const SourceLocation where = location_of(inc->source(), path);
  if (auto s = inc->value<std::string>()) {
    includes.push_back(*s);
  } else if (auto arr = inc->as_array()) {
    for (auto& e : *arr) {
      auto s2 = e.value<std::string>();
      if (!s2) throw UserError(where, "'include' must be a string or a list of strings");
      includes.push_back(*s2);
    }
  } else {
    throw UserError(where, "'include' must be a string or a list of strings");
  }
  toml::table merged;
  const auto dir = std::filesystem::path(path).parent_path();
  for (const auto& rel : includes) {
    const auto p = (dir / rel).lexically_normal().string();
    if (!std::filesystem::exists(p)) throw UserError(where, "included file not found: " + p);
    merge_into(merged, load_with_includes(p, depth + 1));
  }
  top.erase("include");
  merge_into(merged, top);
  return merged;
}

}  // namespace

Document::Document() : table_(new toml::table) {}
Document::~Document() { delete tbl(table_); }

std::shared_ptr<Document> Document::parse_file(const std::string& path) {
  std::shared_ptr<Document> doc(new Document);
  doc->name_ = path;
  *tbl(doc->table_) = load_with_includes(path, 0);
  return doc;
}

std::shared_ptr<Document> Document::parse_string(const std::string& text, const std::string& name) {
  std::shared_ptr<Document> doc(new Document);
  doc->name_ = name;
  *tbl(doc->table_) = parse_or_throw(text, name, false);
  return doc;
}

void Document::apply_override(const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw UserError("override '" + assignment + "' must look like key.path=VALUE (e.g. sae.k=[32,48])");
  const toml::table patch = parse_or_throw(assignment, "<command line: " + assignment + ">", false);
  merge_into(*tbl(table_), patch);
}

Section Document::root() {
  return Section(std::shared_ptr<const Document>(shared_from_this()), table_, "");
}

std::string Document::to_toml() const {
  std::ostringstream os;
  os << toml::toml_formatter{*tbl(table_)};
  return os.str();
}

std::string Document::to_json() const {
  std::ostringstream os;
  os << toml::json_formatter{*tbl(table_)};
  return os.str();
}

}  // namespace popsteer::config
