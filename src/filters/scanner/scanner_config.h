// Scanner filter settings: signature data (User-Agent and header patterns of attack tools) and
// behaviour thresholds (sweeps across many users from one source).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "filters/config_fwd.h"
#include "filters/mode.h"

namespace vg::filters::scanner {

struct ScannerConfig {
  FilterMode mode = FilterMode::kEnforce;
  std::string signatures_file;            // empty: the shipped data/scanner-signatures.txt (embedded)
  uint32_t threshold = 100;               // score at which a request is a scan
  std::chrono::seconds ban_for{86400};    // default action: drop silently and ban this long
  uint32_t sweep_users = 10;              // distinct target users from one source within the window
  std::chrono::seconds sweep_window{60};
};

// Reads `filters.scanner` (compiled into vg_config; errors with file:line:col).
void read_scanner_config(config::detail::Diagnostics& d, const config::detail::Field& f, const config::Config& cfg,
                       ScannerConfig& out);

}  // namespace vg::filters::scanner
