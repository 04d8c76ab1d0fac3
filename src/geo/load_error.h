// Why a geo database or blocklist file could not be loaded: its name, the 1-based line when the
// problem is on one line (0 otherwise) and a message. Loading happens at start and in reload
// threads, never on the packet path; a failed reload keeps the previous data.
#pragma once

#include <cstddef>
#include <string>

namespace vg::geo {

struct LoadError {
  std::string source;  // file path or source name
  size_t line = 0;
  std::string message;

  // "source:line: message" (the line left out when 0).
  [[nodiscard]] std::string to_string() const {
    return source + (line ? ":" + std::to_string(line) : std::string()) + ": " + message;
  }
};

}  // namespace vg::geo
