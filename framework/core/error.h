#pragma once
/// Errors in two tiers (STYLE.md): assertions for programmer bugs, exceptions for
/// bad input. `UserError` is the user's fault (a config key, a dataset line, a flag):
/// the CLI prints its one line and exits with code 2. Anything else that escapes
/// is a runtime failure (exit code 1).
#include <cstdint>
#include <stdexcept>
#include <string>

namespace popsteer {

/// Where in the user's input something went wrong. `line` is 1-based; 0 = unknown.
struct SourceLocation {
  std::string file;
  int64_t line = 0;

  /// "file:line" or "file" or "" (for messages).
  std::string str() const;
};

/// Bad input from the user: config, dataset file, command-line value.
/// what() is one line: "file:line: message" when the location is known.
class UserError : public std::runtime_error {
 public:
  explicit UserError(const std::string& message);
  UserError(const SourceLocation& where, const std::string& message);
  const SourceLocation& where() const { return where_; }
  const std::string& message() const { return message_; }

 private:
  SourceLocation where_;
  std::string message_;
};

/// Thrown when a run is asked to stop (SIGTERM/SIGUSR1 drain): not a failure of the task.
class Interrupted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace popsteer
