#include "filters/bruteforce/bruteforce_filter.h"

namespace vg::filters::bruteforce {

BruteForceFilter::BruteForceFilter(const BruteForceConfig& c, BindingCheck has_binding)
    : Filter(c.mode), cfg_(c), has_binding_(std::move(has_binding)), tracker_(c) {}

Verdict BruteForceFilter::check(const Context& c, const sip::Message& /*m*/) {
  if (c.account.empty() || !tracker_.account_locked(c.account, c.now.time_since_epoch().count())) {
    return Verdict::pass();
  }
  if (has_binding_ && c.tenant && has_binding_(c.account, c.tenant->domain, c.source.address)) return Verdict::pass();
  return Verdict::reply(403, "Forbidden", "account_locked",
                        "account " + std::string(c.account.substr(0, 64)) + " locked: credentials from a source without a registration");
}

BruteForceFilter::Outcome BruteForceFilter::on_failure(const Endpoint& source, std::string_view account,
                                                       Clock::MonoTime now) {
  Outcome out;
  const int64_t t = now.time_since_epoch().count();
  const SourceOutcome s = tracker_.source_failure(source.address, t);
  if (s.ban) {
    out.source = Verdict::ban(*s.ban, "per_source",
                              std::to_string(s.failures) + " authentication failures in " +
                                  std::to_string(cfg_.window.count()) + " s (offence " + std::to_string(s.offence) + ")");
  }
  const AccountOutcome a = tracker_.account_failure(account, source.address, t);
  if (a.locked_now) {
    out.account = Verdict::drop("account_lock", "account " + std::string(account.substr(0, 64)) + ": " +
                                                    std::to_string(a.failures) + " failures from " +
                                                    std::to_string(a.sources) + " sources; locked for " +
                                                    std::to_string(cfg_.account_lock.count()) + " s");
  }
  return out;
}

void BruteForceFilter::on_tick(Clock::MonoTime now) { tracker_.sweep(sweep_cursor_++, now.time_since_epoch().count()); }

void report_failure(Pipeline& p, const Endpoint& source, std::string_view account, Clock::MonoTime now) {
  auto* f = dynamic_cast<BruteForceFilter*>(p.find("bruteforce"));
  if (!f || p.is_trusted(source.address)) return;
  BruteForceFilter::Outcome o = f->on_failure(source, account, now);
  p.report(*f, o.source, source, account);
  p.report(*f, o.account, source, account);
}

}  // namespace vg::filters::bruteforce
