// The value of one sample line ("name{labels} value") in a Prometheus text rendering, for the tests
// of the metrics exporters; -1 when the series is absent.
#pragma once

#include <string>

namespace vg::test {

inline double metric_sample(const std::string& text, const std::string& series) {
  const std::string key = "\n" + series + " ";
  const size_t at = ("\n" + text).find(key);
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + key.size() - 1));
}

}  // namespace vg::test
