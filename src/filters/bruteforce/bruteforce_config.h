// Brute-force filter settings: authentication failures per source (ban, doubling for repeat
// offenders) and per account (distributed cracking: lock the account's authentication).
#pragma once

#include <chrono>
#include <cstdint>

#include "filters/config_fwd.h"
#include "filters/mode.h"

namespace vg::filters::bruteforce {

struct BruteForceConfig {
  FilterMode mode = FilterMode::kEnforce;
  uint32_t max_failures = 5;                      // failures from one source within `window` -> ban
  std::chrono::seconds window{600};
  std::chrono::seconds ban_for{600};              // first ban; doubles for each repeat offence
  std::chrono::seconds max_ban{86400};
  uint32_t account_failures = 20;                 // failures for one account within `window` ...
  uint32_t account_sources = 5;                   // ... from at least this many sources -> lock
  std::chrono::seconds account_lock{900};
};

// Reads `filters.bruteforce` (compiled into vg_config; errors with file:line:col).
void read_bruteforce_config(config::detail::Diagnostics& d, const config::detail::Field& f, const config::Config& cfg,
                       BruteForceConfig& out);

}  // namespace vg::filters::bruteforce
