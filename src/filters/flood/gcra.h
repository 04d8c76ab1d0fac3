// Token buckets as GCRA (generic cell rate algorithm, ITU-T I.371): a bucket is one "theoretical
// arrival time" (TAT), so a source's three per-IP buckets fit in 24 bytes, an atomic TAT makes a
// lock-free global limit, and a bucket whose TAT is in the past is full — identical to a fresh
// one, so it can be forgotten at any time without changing a decision. Pure logic, no clock.
#pragma once

#include <atomic>
#include <cstdint>

#include "filters/rate.h"

namespace vg::filters::flood {

// A rate as GCRA parameters: emission interval T and tolerance tau = T * (burst - 1), in ns.
struct GcraParams {
  int64_t interval_ns = 0;
  int64_t tolerance_ns = 0;
  [[nodiscard]] bool enabled() const { return interval_ns > 0; }
};

// `factor` multiplies the rate and the burst (known networks).
GcraParams gcra_params(const Rate& r, uint32_t factor = 1);

// One request at `now_ns` against the bucket whose TAT is `tat`: true (and TAT advanced) if within
// the rate, false (TAT unchanged) if over.
inline bool gcra_admit(int64_t& tat, int64_t now_ns, const GcraParams& p) {
  const int64_t t = tat > now_ns ? tat : now_ns;
  if (t - now_ns > p.tolerance_ns) return false;
  tat = t + p.interval_ns;
  return true;
}

// The same on a shared atomic TAT (the global admission limit): lock-free.
bool gcra_admit(std::atomic<int64_t>& tat, int64_t now_ns, const GcraParams& p);

// Seconds until one more request would be admitted (Retry-After), at least 1.
uint32_t gcra_retry_after(int64_t tat, int64_t now_ns, const GcraParams& p);

}  // namespace vg::filters::flood
