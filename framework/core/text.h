#pragma once
/// Small text helpers shared by config checking and CLI parsing.
#include <string>
#include <string_view>
#include <vector>

namespace popsteer {

/// Levenshtein distance (for "did you mean" suggestions).
size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` if it is plausibly a misspelling (distance <= max(2,
/// len/3)), else "".
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

/// " (did you mean 'x'?)" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

/// "a, b, c".
std::string join(const std::vector<std::string>& parts, std::string_view sep = ", ");

}  // namespace popsteer
