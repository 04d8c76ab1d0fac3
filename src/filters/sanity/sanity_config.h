// Sanity filter settings. The size limits themselves are the top-level `limits:` section (the
// parser enforces them); this filter adds the request checks the parser leaves to a proxy.
#pragma once

#include "filters/config_fwd.h"
#include "filters/mode.h"

namespace vg::filters::sanity {

struct SanityConfig {
  FilterMode mode = FilterMode::kEnforce;
};

// Reads `filters.sanity` (compiled into vg_config; errors with file:line:col).
void read_sanity_config(config::detail::Diagnostics& d, const config::detail::Field& f, const config::Config& cfg,
                       SanityConfig& out);

}  // namespace vg::filters::sanity
