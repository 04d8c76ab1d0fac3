#include "filters/flood/flood_config.h"

#include "filters/config_readers.h"

namespace vg::filters::flood {

void read_flood_config(config::detail::Diagnostics& d, const config::detail::Field& f, const config::Config& /*cfg*/,
                       FloodConfig& out) {
  using std::chrono::seconds;
  detail::MapReader m(d, f);
  detail::read_mode(d, m, out.mode);
  detail::read_rate(d, m, "per_ip", out.per_ip);
  detail::read_rate(d, m, "invite_per_ip", out.invite_per_ip);
  detail::read_rate(d, m, "register_per_ip", out.register_per_ip);
  detail::read_rate(d, m, "per_account", out.per_account);
  detail::read_rate(d, m, "global", out.global);
  if (auto k = m.get("known_networks")) config::detail::read_allow_from(d, *k, out.known_networks);
  detail::read_count(d, m, "known_network_factor", 1, 10000, out.known_network_factor);
  detail::read_seconds(d, m, "retry_after", seconds(1), seconds(3600), out.retry_after);
  detail::read_count(d, m, "max_sources", 1000, 100'000'000, out.max_sources);
  m.finish();
}

}  // namespace vg::filters::flood
