// A configured rate: `requests` per `per` (Kamailio pike's "density per sampling unit"), used as a
// token bucket holding `requests` tokens that refill at requests/per. requests = 0 disables it.
#pragma once

#include <chrono>
#include <cstdint>

namespace vg::filters {

struct Rate {
  uint32_t requests = 0;
  std::chrono::seconds per{1};

  [[nodiscard]] bool enabled() const { return requests > 0; }
  [[nodiscard]] double per_second() const {
    return per.count() > 0 ? static_cast<double>(requests) / static_cast<double>(per.count()) : 0.0;
  }
};

}  // namespace vg::filters
