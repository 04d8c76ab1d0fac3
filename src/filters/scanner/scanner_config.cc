#include "filters/scanner/scanner_config.h"

#include "filters/config_readers.h"

namespace vg::filters::scanner {

void read_scanner_config(config::detail::Diagnostics& d, const config::detail::Field& f, const config::Config& /*cfg*/,
                         ScannerConfig& out) {
  using std::chrono::seconds;
  detail::MapReader m(d, f);
  detail::read_mode(d, m, out.mode);
  if (auto s = m.get("signatures_file")) {
    if (config::detail::read_string(d, *s, out.signatures_file) && out.signatures_file.empty()) {
      d.error(s->mark(), s->path, "must not be empty (leave it out for the shipped signatures)");
    }
  }
  detail::read_count(d, m, "threshold", 1, 100000, out.threshold);
  detail::read_seconds(d, m, "ban_for", seconds(1), seconds(365 * 86400), out.ban_for);
  // 0 switches sweep detection off.
  detail::read_count(d, m, "sweep_users", 0, 100000, out.sweep_users);
  detail::read_seconds(d, m, "sweep_window", seconds(1), seconds(86400), out.sweep_window);
  m.finish();
}

}  // namespace vg::filters::scanner
