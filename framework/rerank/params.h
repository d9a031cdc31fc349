#pragma once
/// Typed, range-checked reranker parameters (STYLE.md: xgboost-style validated params).
/// Each algorithm declares its parameters as `ParamSpec`s (name, kind, default, range,
/// help); values come from `name=value` strings (CLI `--param p=0.2`) or a config
/// section, and unknown names are errors with a did-you-mean suggestion.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "config/section.h"
#include "core/error.h"

namespace popsteer::rerank {

struct ParamSpec {
  enum class Kind { kReal, kInt, kChoice };
  std::string name;
  Kind kind = Kind::kReal;
  double def = 0;                    ///< default (kReal, kInt)
  config::Range range;               ///< inclusive bounds (kReal, kInt)
  std::vector<std::string> choices;  ///< allowed values (kChoice); choices[0] is the default
  std::string help;

  static ParamSpec real(std::string name, double def, config::Range r, std::string help);
  static ParamSpec integer(std::string name, int64_t def, config::Range r, std::string help);
  static ParamSpec choice(std::string name, std::vector<std::string> choices, std::string help);
  /// "p (real in [0, 1], default 0.5): help".
  std::string describe() const;
};

/// A complete, validated assignment of every parameter of one method (defaults filled in).
class ParamValues {
 public:
  /// Every spec at its default.
  static ParamValues defaults(const std::vector<ParamSpec>& specs);
  /// Defaults overridden by `name=value` pairs; `where` locates the values in messages.
  static ParamValues parse(const std::vector<ParamSpec>& specs,
                           const std::vector<std::pair<std::string, std::string>>& values,
                           const std::string& method, const SourceLocation& where = {});
  /// Splits "name=value" strings and parses them as above.
  static ParamValues parse_strings(const std::vector<ParamSpec>& specs,
                                   const std::vector<std::string>& assignments,
                                   const std::string& method);
  /// Reads every spec from `s` (absent keys keep their default). Does not call finish():
  /// the caller may read further keys (e.g. "method") before calling it.
  static ParamValues from_config(const std::vector<ParamSpec>& specs, config::Section& s);

  double real(const std::string& name) const;
  int64_t integer(const std::string& name) const;
  const std::string& choice(const std::string& name) const;

  /// "alpha=0.2 t=250 formula=thesis" in spec order.
  std::string label() const;
  /// {"alpha":0.2,"t":250,"formula":"thesis"} in spec order.
  std::string json() const;

 private:
  struct Value {
    std::string name;
    ParamSpec::Kind kind;
    double number = 0;
    std::string text;
  };
  const Value& find(const std::string& name) const;
  std::vector<Value> values_;
};

}  // namespace popsteer::rerank
