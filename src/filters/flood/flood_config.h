// Flood filter settings: token buckets per source, per method, per account and overall. Defaults
// and their reasoning: docs/filters.md.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "core/ip.h"
#include "filters/config_fwd.h"
#include "filters/mode.h"
#include "filters/rate.h"

namespace vg::filters::flood {

struct FloodConfig {
  FilterMode mode = FilterMode::kEnforce;
  Rate per_ip{50, std::chrono::seconds(5)};         // every request from one address (IPv6: its /64)
  Rate invite_per_ip{10, std::chrono::seconds(5)};  // INVITE from one address
  Rate register_per_ip{10, std::chrono::seconds(10)};
  Rate per_account{30, std::chrono::seconds(10)};   // requests carrying credentials, by account
  Rate global{20000, std::chrono::seconds(1)};      // admitted requests in total: beyond, 503
  std::vector<Cidr> known_networks;                 // offices behind NAT: per-IP limits multiplied
  uint32_t known_network_factor = 20;
  std::chrono::seconds retry_after{5};              // Retry-After of the global limit's 503
  uint32_t max_sources = 1'000'000;                 // tracked sources per bucket table (memory bound)
};

// Reads `filters.flood` (compiled into vg_config; errors with file:line:col).
void read_flood_config(config::detail::Diagnostics& d, const config::detail::Field& f, const config::Config& cfg,
                       FloodConfig& out);

}  // namespace vg::filters::flood
