#include "filters/scanner/scanner_filter.h"

namespace vg::filters::scanner {

ScannerFilter::ScannerFilter(const ScannerConfig& c, Signatures signatures)
    : Filter(c.mode),
      cfg_(c),
      signatures_(std::move(signatures)),
      sweeps_(c.sweep_users, std::chrono::duration_cast<std::chrono::nanoseconds>(c.sweep_window).count(), 1'000'000) {}

Verdict ScannerFilter::check(const Context& c, const sip::Message& m) {
  Score s = signatures_.score(m);
  if (s.total >= cfg_.threshold) {
    return Verdict::ban(cfg_.ban_for, "signature", "score " + std::to_string(s.total) + ": " + s.evidence);
  }
  // Sweeps: the users an OPTIONS, REGISTER or INVITE asks about that are not accounts here (an
  // office's phones registering their own accounts from one NAT address never count).
  const sip::Method method = m.method();
  if (cfg_.sweep_users == 0 ||
      (method != sip::Method::kOptions && method != sip::Method::kRegister && method != sip::Method::kInvite)) {
    return Verdict::pass();
  }
  std::string_view user;
  if (method == sip::Method::kRegister) {
    if (auto to = m.to()) user = (*to)->uri.user;
  } else if (auto ruri = m.request_uri()) {
    user = (*ruri)->user;
  }
  if (user.empty() || (c.tenant && c.tenant->find_account(user))) return Verdict::pass();
  const SweepCount n = sweeps_.record(c.source.address, user, c.now.time_since_epoch().count());
  if (n.distinct < cfg_.sweep_users) return Verdict::pass();
  sweeps_.forget(c.source.address);
  return Verdict::ban(cfg_.ban_for, "sweep",
                      std::to_string(n.distinct) + " distinct unknown users (" + std::to_string(n.numeric) +
                          " numeric) in " + std::to_string(cfg_.sweep_window.count()) + " s" +
                          (s.total > 0 ? "; signature score " + std::to_string(s.total) + ": " + s.evidence : ""));
}

void ScannerFilter::on_tick(Clock::MonoTime now) { sweeps_.sweep(sweep_cursor_++, now.time_since_epoch().count()); }

}  // namespace vg::filters::scanner
