#include "rerank/params.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <stdexcept>

#include "core/text.h"

namespace popsteer::rerank {
namespace {

std::string range_text(const config::Range& r) {
  return fmt::format("[{}, {}]", r.min, r.max);
}

std::vector<std::string> names_of(const std::vector<ParamSpec>& specs) {
  std::vector<std::string> out;
  for (const auto& s : specs) out.push_back(s.name);
  return out;
}

double parse_number(const std::string& text, const ParamSpec& spec, const std::string& method,
                    const SourceLocation& where) {
  double v = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(v))
    throw UserError(where, fmt::format("{}: parameter '{}' expects a number, got '{}'", method,
                                       spec.name, text));
  return v;
}

void check_value(double v, const ParamSpec& spec, const std::string& method,
                 const SourceLocation& where) {
  if (spec.kind == ParamSpec::Kind::kInt && v != std::floor(v))
    throw UserError(where, fmt::format("{}: parameter '{}' must be an integer, got {}", method,
                                       spec.name, v));
  if (v < spec.range.min || v > spec.range.max)
    throw UserError(where, fmt::format("{}: parameter '{}' = {} is outside the allowed range {}",
                                       method, spec.name, v, range_text(spec.range)));
}

}  // namespace

ParamSpec ParamSpec::real(std::string name, double def, config::Range r, std::string help) {
  return {std::move(name), Kind::kReal, def, r, {}, std::move(help)};
}
ParamSpec ParamSpec::integer(std::string name, int64_t def, config::Range r, std::string help) {
  return {std::move(name), Kind::kInt, static_cast<double>(def), r, {}, std::move(help)};
}
ParamSpec ParamSpec::choice(std::string name, std::vector<std::string> choices, std::string help) {
  return {std::move(name), Kind::kChoice, 0, {}, std::move(choices), std::move(help)};
}

std::string ParamSpec::describe() const {
  switch (kind) {
    case Kind::kReal:
      return fmt::format("{} (real in {}, default {}): {}", name, range_text(range), def, help);
    case Kind::kInt:
      return fmt::format("{} (integer in {}, default {}): {}", name, range_text(range), def, help);
    case Kind::kChoice:
      return fmt::format("{} (one of {}, default {}): {}", name, join(choices, "|"), choices[0], help);
  }
  return name;
}

ParamValues ParamValues::defaults(const std::vector<ParamSpec>& specs) {
  ParamValues p;
  for (const auto& s : specs)
    p.values_.push_back({s.name, s.kind, s.def, s.kind == ParamSpec::Kind::kChoice ? s.choices[0] : ""});
  return p;
}

ParamValues ParamValues::parse(const std::vector<ParamSpec>& specs,
                               const std::vector<std::pair<std::string, std::string>>& values,
                               const std::string& method, const SourceLocation& where) {
  ParamValues p = defaults(specs);
  std::vector<std::string> seen;
  for (const auto& [name, text] : values) {
    size_t idx = specs.size();
    for (size_t i = 0; i < specs.size(); ++i)
      if (specs[i].name == name) idx = i;
    if (idx == specs.size())
      throw UserError(where, fmt::format("{}: unknown parameter '{}'{} (parameters: {})", method, name,
                                         did_you_mean(name, names_of(specs)), join(names_of(specs))));
    for (const auto& s : seen)
      if (s == name) throw UserError(where, fmt::format("{}: parameter '{}' given twice", method, name));
    seen.push_back(name);
    const ParamSpec& spec = specs[idx];
    Value& v = p.values_[idx];
    if (spec.kind == ParamSpec::Kind::kChoice) {
      bool ok = false;
      for (const auto& c : spec.choices) ok = ok || c == text;
      if (!ok)
        throw UserError(where, fmt::format("{}: parameter '{}' must be one of {}, got '{}'{}", method, name,
                                           join(spec.choices, "|"), text, did_you_mean(text, spec.choices)));
      v.text = text;
    } else {
      v.number = parse_number(text, spec, method, where);
      check_value(v.number, spec, method, where);
    }
  }
  return p;
}

ParamValues ParamValues::parse_strings(const std::vector<ParamSpec>& specs,
                                       const std::vector<std::string>& assignments,
                                       const std::string& method) {
  std::vector<std::pair<std::string, std::string>> kv;
  for (const auto& a : assignments) {
    const size_t eq = a.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UserError(fmt::format("{}: parameter '{}' is not of the form name=value", method, a));
    kv.emplace_back(a.substr(0, eq), a.substr(eq + 1));
  }
  return parse(specs, kv, method);
}

ParamValues ParamValues::from_config(const std::vector<ParamSpec>& specs, config::Section& s) {
  ParamValues p = defaults(specs);
  for (size_t i = 0; i < specs.size(); ++i) {
    const ParamSpec& spec = specs[i];
    Value& v = p.values_[i];
    switch (spec.kind) {
      case ParamSpec::Kind::kReal:
        v.number = s.get_double(spec.name, spec.def, spec.range);
        break;
      case ParamSpec::Kind::kInt:
        v.number = static_cast<double>(s.get_int(spec.name, static_cast<int64_t>(spec.def), spec.range));
        break;
      case ParamSpec::Kind::kChoice:
        v.text = s.get_string(spec.name, spec.choices[0], spec.choices);
        break;
    }
  }
  return p;
}

const ParamValues::Value& ParamValues::find(const std::string& name) const {
  for (const auto& v : values_)
    if (v.name == name) return v;
  throw std::logic_error("rerank: no parameter named '" + name + "'");
}

double ParamValues::real(const std::string& name) const { return find(name).number; }
int64_t ParamValues::integer(const std::string& name) const {
  return static_cast<int64_t>(find(name).number);
}
const std::string& ParamValues::choice(const std::string& name) const { return find(name).text; }

std::string ParamValues::label() const {
  std::vector<std::string> parts;
  for (const auto& v : values_)
    parts.push_back(v.kind == ParamSpec::Kind::kChoice ? fmt::format("{}={}", v.name, v.text)
                                                       : fmt::format("{}={}", v.name, v.number));
  return join(parts, " ");
}

std::string ParamValues::json() const {
  std::vector<std::string> parts;
  for (const auto& v : values_)
    parts.push_back(v.kind == ParamSpec::Kind::kChoice ? fmt::format("\"{}\":\"{}\"", v.name, v.text)
                                                       : fmt::format("\"{}\":{}", v.name, v.number));
  return fmt::format("{{{}}}", join(parts, ","));
}

}  // namespace popsteer::rerank
