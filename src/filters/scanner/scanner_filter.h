// Scanner detection: scored signatures of attack tools (data/scanner-signatures.txt) and the
// behaviour of extension scanners (one source asking about many users that are not accounts here).
// Default action: drop silently — answering would confirm that a SIP server listens — and ban.
#pragma once

#include "filters/filter.h"
#include "filters/scanner/scanner_config.h"
#include "filters/scanner/signatures.h"
#include "filters/scanner/sweep_tracker.h"

namespace vg::filters::scanner {

class ScannerFilter final : public Filter {
 public:
  ScannerFilter(const ScannerConfig& c, Signatures signatures);
  [[nodiscard]] std::string_view name() const override { return "scanner"; }
  [[nodiscard]] Verdict check(const Context& c, const sip::Message& m) override;
  void on_tick(Clock::MonoTime now) override;

 private:
  ScannerConfig cfg_;
  Signatures signatures_;
  SweepTracker sweeps_;
  size_t sweep_cursor_ = 0;  // on_tick thread only
};

}  // namespace vg::filters::scanner
