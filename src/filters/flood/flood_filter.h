// Flood defence (Kamailio pike's role, plus per-method, per-account and global limits): token
// buckets per source address counted before parsing, tighter ones for INVITE and REGISTER, one per
// account for requests carrying credentials, and a global admission limit that answers 503 with
// Retry-After instead of letting the gateway fall over. Over-limit sources are dropped silently
// (answering a flood amplifies it). Known networks (offices behind one NAT address) get their
// per-IP limits multiplied. Trusted sources are never limited. Thread-safe, bounded memory.
#pragma once

#include <atomic>
#include <string>

#include "filters/filter.h"
#include "filters/flood/flood_config.h"
#include "filters/flood/gcra.h"
#include "filters/flood/source_table.h"

namespace vg::filters::flood {

class FloodFilter final : public Filter {
 public:
  explicit FloodFilter(const FloodConfig& c);
  [[nodiscard]] std::string_view name() const override { return "flood"; }
  [[nodiscard]] bool pre_parse() const override { return per_ip_.enabled(); }
  [[nodiscard]] Verdict check_source(const SourceInfo& s) override;
  [[nodiscard]] Verdict check(const Context& c, const sip::Message& m) override;
  void on_tick(Clock::MonoTime now) override;

  [[nodiscard]] size_t tracked_sources() const { return sources_.size(); }
  [[nodiscard]] uint64_t untracked_sources() const { return sources_.untracked(); }

 private:
  enum Bucket : size_t { kAll = 0, kInvite = 1, kRegister = 2 };
  bool known(const IpAddress& a) const;
  IpAddress key_of(const IpAddress& a) const;

  FloodConfig cfg_;
  GcraParams per_ip_, invite_, register_, per_ip_known_, invite_known_, register_known_, account_, global_;
  SourceTable<IpAddress, 3> sources_;
  SourceTable<std::string, 1> accounts_;
  std::atomic<int64_t> global_tat_{0};
  size_t sweep_cursor_ = 0;  // on_tick thread only
};

}  // namespace vg::filters::flood
