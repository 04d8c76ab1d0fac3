// Brute-force defence. Fed by the proxy's authentication outcomes (registrar mode: our own digest
// check; edge mode: the PBX's 401/403 answers), through the server's ProxyObserver adapter:
// N failures from one source within T ban it for D, doubling for each repeat offence up to a
// maximum. An account failing from many sources (distributed cracking) gets its authentication
// locked for a while: requests with its credentials are answered 403 — exactly as a wrong password,
// so a cracker learns nothing — except from sources that hold a current registration of it (its
// own phones keep working). Thread-safe.
#pragma once

#include <functional>

#include "filters/bruteforce/bruteforce_config.h"
#include "filters/bruteforce/failure_tracker.h"
#include "filters/filter.h"
#include "filters/pipeline.h"

namespace vg::filters::bruteforce {

using BindingCheck = std::function<bool(std::string_view account, std::string_view tenant, const IpAddress& source)>;

class BruteForceFilter final : public Filter {
 public:
  BruteForceFilter(const BruteForceConfig& c, BindingCheck has_binding);
  [[nodiscard]] std::string_view name() const override { return "bruteforce"; }
  [[nodiscard]] Verdict check(const Context& c, const sip::Message& m) override;
  void on_tick(Clock::MonoTime now) override;

  // An authentication failure of `account` (may be empty: unknown user) from `source`. Returns the
  // verdicts to carry out: a ban of the source, and/or the account's lock (reported as a drop with
  // rule "account_lock" — the event is the alert).
  struct Outcome {
    Verdict source;
    Verdict account;
  };
  Outcome on_failure(const Endpoint& source, std::string_view account, Clock::MonoTime now);

 private:
  BruteForceConfig cfg_;
  BindingCheck has_binding_;
  FailureTracker tracker_;
  size_t sweep_cursor_ = 0;  // on_tick thread only
};

// Feeds one authentication failure to the pipeline's bruteforce filter (if configured) and carries
// out what it decides (ban, account lock event). Called from worker threads.
void report_failure(Pipeline& p, const Endpoint& source, std::string_view account, Clock::MonoTime now);

}  // namespace vg::filters::bruteforce
