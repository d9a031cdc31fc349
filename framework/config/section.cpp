#include "config/section.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#define TOML_EXCEPTIONS 1
#include <toml++/toml.h>

#include "config/document.h"
#include "core/text.h"

namespace popsteer::config {
namespace {

const toml::table* tbl(const void* p) { return static_cast<const toml::table*>(p); }
const toml::node* nd(const void* p) { return static_cast<const toml::node*>(p); }

std::string type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "a list";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "a boolean";
    default: return "a date/time";
  }
}

std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string range_text(Range r) {
  if (std::isinf(r.min)) return "<= " + num(r.max);
  if (std::isinf(r.max)) return ">= " + num(r.min);
  return "in [" + num(r.min) + ", " + num(r.max) + "]";
}

}  // namespace

Section::Section(std::shared_ptr<const Document> doc, const void* table, std::string path)
    : doc_(std::move(doc)), table_(table), path_(std::move(path)) {}

Section Section::empty(std::string path) { return Section(nullptr, nullptr, std::move(path)); }

std::string Section::qualified(const std::string& key) const {
  if (path_.empty()) return key;
  if (key.empty()) return path_;
  return path_ + "." + key;
}

const void* Section::node(const std::string& key) const {
  if (!table_) return nullptr;
  return tbl(table_)->get(key);
}

bool Section::has(const std::string& key) const { return node(key) != nullptr; }

bool Section::is_table(const std::string& key) const {
  const void* n = node(key);
  return n && nd(n)->is_table();
}

std::vector<std::string> Section::keys() const {
  std::vector<std::string> out;
  if (!table_) return out;
  for (auto&& [k, v] : *tbl(table_)) out.emplace_back(k.str());
  return out;
}

SourceLocation Section::where(const std::string& key) const {
  const std::string file = doc_ ? doc_->source_name() : std::string("<config>");
  const void* n = key.empty() ? table_ : node(key);
  if (!n) n = table_;
  if (!n) return SourceLocation{file, 0};
  const auto& src = nd(n)->source();
  return SourceLocation{src.path ? *src.path : file, static_cast<int64_t>(src.begin.line)};
}

void Section::fail(const std::string& key, const std::string& message) const {
  throw UserError(where(key), "'" + qualified(key) + "': " + message);
}

void Section::mark_used(const std::string& key) {
  used_.insert(key);
  readable_.push_back(key);
}

namespace {

template <class F>
auto read_scalar(Section& s, const void* n, const std::string& key, const char* expected, F&& f) {
  auto v = f(*nd(n));
  if (!v) s.fail(key, std::string("expected ") + expected + ", got " + type_name(*nd(n)));
  return *v;
}

std::optional<double> as_double(const toml::node& n) {
  if (auto d = n.value_exact<double>()) return d;
  if (auto i = n.value_exact<int64_t>()) return static_cast<double>(*i);
  return std::nullopt;
}

}  // namespace

int64_t Section::get_int(const std::string& key, int64_t def, Range r) {
  mark_used(key);
  const void* n = node(key);
  if (!n) return def;
  const int64_t v = read_scalar(*this, n, key, "an integer",
                                [](const toml::node& x) { return x.value_exact<int64_t>(); });
  if (v < r.min || v > r.max) fail(key, num(v) + " is out of range: must be " + range_text(r));
  return v;
}

double Section::get_double(const std::string& key, double def, Range r) {
  mark_used(key);
  const void* n = node(key);
  if (!n) return def;
  const double v = read_scalar(*this, n, key, "a number", as_double);
  if (!(v >= r.min && v <= r.max)) fail(key, num(v) + " is out of range: must be " + range_text(r));
  return v;
}

bool Section::get_bool(const std::string& key, bool def) {
  mark_used(key);
  const void* n = node(key);
  if (!n) return def;
  return read_scalar(*this, n, key, "true or false",
                     [](const toml::node& x) { return x.value_exact<bool>(); });
}

std::string Section::get_string(const std::string& key, const std::string& def,
                                const std::vector<std::string>& allowed) {
  mark_used(key);
  const void* n = node(key);
  if (!n) return def;
  const std::string v = read_scalar(*this, n, key, "a string",
                                    [](const toml::node& x) { return x.value_exact<std::string>(); });
  if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), v) == allowed.end())
    fail(key, "unknown value '" + v + "'" + did_you_mean(v, allowed) + "; allowed: " + join(allowed));
  return v;
}

namespace {
template <class T, class Conv>
std::vector<T> read_list(Section& s, const void* n, const std::string& key, const char* expected,
                         Conv&& conv) {
  const toml::array* arr = nd(n)->as_array();
  if (!arr) s.fail(key, std::string("expected a list of ") + expected + ", got " + type_name(*nd(n)));
  std::vector<T> out;
  for (size_t i = 0; i < arr->size(); ++i) {
    auto v = conv((*arr)[i]);
    if (!v)
      s.fail(key, "element " + std::to_string(i) + " must be " + expected + ", got " +
                      type_name((*arr)[i]));
    out.push_back(*v);
  }
  return out;
}
}  // namespace

std::vector<int64_t> Section::get_int_list(const std::string& key, const std::vector<int64_t>& def,
                                           Range r) {
  mark_used(key);
  const void* n = node(key);
  if (!n) return def;
  auto out = read_list<int64_t>(*this, n, key, "integers",
                                [](const toml::node& x) { return x.value_exact<int64_t>(); });
  for (auto v : out)
    if (v < r.min || v > r.max) fail(key, num(v) + " is out of range: must be " + range_text(r));
  return out;
}

std::vector<double> Section::get_double_list(const std::string& key, const std::vector<double>& def,
                                             Range r) {
  mark_used(key);
  const void* n = node(key);
  if (!n) return def;
  auto out = read_list<double>(*this, n, key, "numbers", as_double);
  for (auto v : out)
    if (!(v >= r.min && v <= r.max)) fail(key, num(v) + " is out of range: must be " + range_text(r));
  return out;
}

std::vector<double> Section::get_double_or_list(const std::string& key,
                                                const std::vector<double>& def, Range r) {
  const void* n = node(key);
  if (n && !nd(n)->is_array()) return {get_double(key, 0.0, r)};
  return get_double_list(key, def, r);
}

std::vector<std::string> Section::get_string_list(const std::string& key,
                                                  const std::vector<std::string>& def) {
  mark_used(key);
  const void* n = node(key);
  if (!n) return def;
  return read_list<std::string>(*this, n, key, "strings",
                                [](const toml::node& x) { return x.value_exact<std::string>(); });
}

int64_t Section::require_int(const std::string& key, Range r) {
  if (!has(key)) fail(key, "required key is missing");
  return get_int(key, 0, r);
}

double Section::require_double(const std::string& key, Range r) {
  if (!has(key)) fail(key, "required key is missing");
  return get_double(key, 0, r);
}

std::string Section::require_string(const std::string& key, const std::vector<std::string>& allowed) {
  if (!has(key)) fail(key, "required key is missing");
  return get_string(key, "", allowed);
}

Section Section::section(const std::string& key) {
  mark_used(key);
  const void* n = node(key);
  if (!n) return Section(doc_, nullptr, qualified(key));
  if (!nd(n)->is_table()) fail(key, "expected a table, got " + type_name(*nd(n)));
  return Section(doc_, nd(n)->as_table(), qualified(key));
}

std::vector<Section> Section::section_list(const std::string& key) {
  mark_used(key);
  std::vector<Section> out;
  const void* n = node(key);
  if (!n) return out;
  const toml::array* arr = nd(n)->as_array();
  if (!arr) fail(key, "expected an array of tables ([[" + qualified(key) + "]])");
  for (size_t i = 0; i < arr->size(); ++i) {
    if (!(*arr)[i].is_table()) fail(key, "element " + std::to_string(i) + " must be a table");
    out.emplace_back(doc_, (*arr)[i].as_table(), qualified(key) + "[" + std::to_string(i) + "]");
  }
  return out;
}

void Section::finish() const {
  if (!table_) return;
  for (auto&& [k, v] : *tbl(table_)) {
    const std::string key(k.str());
    if (used_.count(key)) continue;
    throw UserError(where(key), "unknown key '" + qualified(key) + "'" + did_you_mean(key, readable_));
  }
}

}  // namespace popsteer::config
