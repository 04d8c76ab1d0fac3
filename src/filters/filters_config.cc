// Reader of the `filters:` section and the helpers the per-filter readers share. Compiled into
// vg_config (see src/config/CMakeLists.txt), so every error carries file:line:col and key path.
#include "filters/filters_config.h"

#include "config/config.h"
#include "filters/config_readers.h"

namespace vg::filters {

namespace detail {

void read_mode(Diagnostics& d, MapReader& m, FilterMode& out) {
  constexpr config::detail::EnumName<FilterMode> kModes[] = {{"enforce", FilterMode::kEnforce},
                                                              {"monitor", FilterMode::kMonitor}};
  if (auto f = m.get("mode")) (void)config::detail::read_enum(d, *f, kModes, out);
}

void read_seconds(Diagnostics& d, MapReader& m, std::string_view key, std::chrono::seconds min,
                  std::chrono::seconds max, std::chrono::seconds& out) {
  (void)config::detail::seconds_field(d, m, key, min, max, out);
}

void read_count(Diagnostics& d, MapReader& m, std::string_view key, uint32_t min, uint32_t max, uint32_t& out) {
  if (auto f = m.get(key)) (void)config::detail::read_uint(d, *f, min, max, out);
}

void read_rate(Diagnostics& d, MapReader& outer, std::string_view key, Rate& out) {
  auto f = outer.get(key);
  if (!f) return;
  MapReader m(d, *f);
  // requests: 0 switches the limit off.
  read_count(d, m, "requests", 0, 10'000'000, out.requests);
  read_seconds(d, m, "per", std::chrono::seconds(1), std::chrono::seconds(3600), out.per);
  m.finish();
}

}  // namespace detail

void read_filters_config(config::detail::Diagnostics& d, const config::detail::Field& f, const config::Config& cfg,
                         FiltersConfig& out) {
  detail::MapReader m(d, f);
  if (auto t = m.get("trusted")) config::detail::read_allow_from(d, *t, out.trusted);
  if (auto b = m.get("bans")) {
    detail::MapReader bm(d, *b);
    uint32_t prefix = out.bans.ipv6_prefix;
    // Narrower than /32 lets one provider's customers share a ban; wider than /128 is not IPv6.
    detail::read_count(d, bm, "ipv6_prefix", 32, 128, prefix);
    out.bans.ipv6_prefix = prefix;
    detail::read_seconds(d, bm, "default_duration", std::chrono::seconds(1), std::chrono::seconds(365 * 86400),
                         out.bans.default_duration);
    bm.finish();
  }
  // One line per filter block.
  if (auto s = m.get("sanity")) sanity::read_sanity_config(d, *s, cfg, out.sanity);
  if (auto s = m.get("acl")) acl::read_acl_config(d, *s, cfg, out.acl);
  if (auto s = m.get("flood")) flood::read_flood_config(d, *s, cfg, out.flood);
  if (auto s = m.get("scanner")) scanner::read_scanner_config(d, *s, cfg, out.scanner);
  if (auto s = m.get("bruteforce")) bruteforce::read_bruteforce_config(d, *s, cfg, out.bruteforce);
  if (auto s = m.get("geo")) geo::read_geo_config(d, *s, cfg, out.geo);
  if (auto s = m.get("feeds")) feeds::read_feeds_config(d, *s, cfg, out.feeds);
  m.finish();
}

}  // namespace vg::filters
