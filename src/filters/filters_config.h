// The `filters:` section of the configuration: settings shared by the pipeline (trusted sources,
// bans) and one block per filter. Plain data, validated by the loader (src/config) through the
// readers in each filter's <name>_config.cc; the pipeline is built from it by registry.cc.
#pragma once

#include <chrono>
#include <vector>

#include "core/ip.h"
#include "filters/acl/acl_config.h"
#include "filters/bruteforce/bruteforce_config.h"
#include "filters/feeds/feeds_config.h"
#include "filters/flood/flood_config.h"
#include "filters/geo/geo_config.h"
#include "filters/config_fwd.h"
#include "filters/mode.h"
#include "filters/rate.h"
#include "filters/sanity/sanity_config.h"
#include "filters/scanner/scanner_config.h"

namespace vg::filters {

struct BanConfig {
  unsigned ipv6_prefix = 64;                        // an IPv6 ban covers the source's /64 (one site)
  std::chrono::seconds default_duration{3600};      // `voipguard ban add` without --for
};

struct FiltersConfig {
  // Own PBX, trunk providers, monitoring hosts: never rate-limited, banned or scanner-checked
  // (message sanity still applies).
  std::vector<Cidr> trusted;
  BanConfig bans;
  sanity::SanityConfig sanity;
  acl::AclConfig acl;
  flood::FloodConfig flood;
  scanner::ScannerConfig scanner;
  bruteforce::BruteForceConfig bruteforce;
  geo::GeoConfig geo;
  feeds::FeedsConfig feeds;
};

// Reads `filters:`; needs cfg.listeners and cfg.tenants already read (ACL names them).
void read_filters_config(config::detail::Diagnostics& d, const config::detail::Field& f, const config::Config& cfg,
                         FiltersConfig& out);

}  // namespace vg::filters
