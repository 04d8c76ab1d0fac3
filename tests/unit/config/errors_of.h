// Test helper: every error of a failed load as text, one per line ("" when it loaded).
#pragma once

#include <string>

#include "config/config.h"

namespace vg::config {

inline std::string errors_of(const LoadResult& r) {
  std::string out;
  if (!r) {
    for (const auto& e : r.error()) out += e.to_string() + "\n";
  }
  return out;
}

}  // namespace vg::config
