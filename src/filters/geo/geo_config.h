// Country filter settings: which geo data to load and the allow- or deny-list of ISO 3166 country
// codes per listener and per tenant. Without any rule the filter is off and no data is loaded.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "filters/config_fwd.h"
#include "filters/mode.h"
#include "geo/country_policy.h"
#include "geo/database.h"

namespace vg::filters::geo {

struct NamedPolicy {
  std::string name;  // listener name or tenant domain
  vg::geo::CountryPolicy policy;
};

struct GeoConfig {
  FilterMode mode = FilterMode::kEnforce;
  vg::geo::Sources sources;                 // tor-geoipdb by default
  std::chrono::seconds reload_check{60};    // how often the data files are checked for changes
  std::vector<NamedPolicy> listeners;
  std::vector<NamedPolicy> tenants;

  // The filter runs (and the data is loaded) only when some rule exists.
  [[nodiscard]] bool active() const { return !listeners.empty() || !tenants.empty(); }
};

// Reads `filters.geo` (compiled into vg_config; errors with file:line:col).
void read_geo_config(config::detail::Diagnostics& d, const config::detail::Field& f, const config::Config& cfg,
                     GeoConfig& out);

}  // namespace vg::filters::geo
