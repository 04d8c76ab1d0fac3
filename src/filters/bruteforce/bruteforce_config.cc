#include "filters/bruteforce/bruteforce_config.h"

#include "filters/config_readers.h"

namespace vg::filters::bruteforce {

void read_bruteforce_config(config::detail::Diagnostics& d, const config::detail::Field& f,
                            const config::Config& /*cfg*/, BruteForceConfig& out) {
  using std::chrono::seconds;
  detail::MapReader m(d, f);
  detail::read_mode(d, m, out.mode);
  detail::read_count(d, m, "max_failures", 1, 100000, out.max_failures);
  detail::read_seconds(d, m, "window", seconds(1), seconds(7 * 86400), out.window);
  detail::read_seconds(d, m, "ban_for", seconds(1), seconds(365 * 86400), out.ban_for);
  detail::read_seconds(d, m, "max_ban", seconds(1), seconds(365 * 86400), out.max_ban);
  // 0 switches account locking off.
  detail::read_count(d, m, "account_failures", 0, 1'000'000, out.account_failures);
  detail::read_count(d, m, "account_sources", 1, 100000, out.account_sources);
  detail::read_seconds(d, m, "account_lock", seconds(1), seconds(7 * 86400), out.account_lock);
  if (out.max_ban < out.ban_for) d.error(f.mark(), f.path, "max_ban must not be shorter than ban_for");
  m.finish();
}

}  // namespace vg::filters::bruteforce
