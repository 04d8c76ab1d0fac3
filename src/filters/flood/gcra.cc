#include "filters/flood/gcra.h"

namespace vg::filters::flood {

GcraParams gcra_params(const Rate& r, uint32_t factor) {
  GcraParams p;
  if (!r.enabled()) return p;
  const int64_t requests = static_cast<int64_t>(r.requests) * factor;
  p.interval_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(r.per).count() / requests;
  if (p.interval_ns <= 0) p.interval_ns = 1;
  p.tolerance_ns = p.interval_ns * (requests - 1);
  return p;
}

bool gcra_admit(std::atomic<int64_t>& tat, int64_t now_ns, const GcraParams& p) {
  int64_t old = tat.load(std::memory_order_relaxed);
  for (;;) {
    int64_t next = old;
    if (!gcra_admit(next, now_ns, p)) return false;
    if (tat.compare_exchange_weak(old, next, std::memory_order_relaxed)) return true;
  }
}

uint32_t gcra_retry_after(int64_t tat, int64_t now_ns, const GcraParams& p) {
  const int64_t wait_ns = tat - p.tolerance_ns - now_ns;
  const int64_t secs = (wait_ns + 999'999'999) / 1'000'000'000;
  return secs < 1 ? 1U : static_cast<uint32_t>(secs);
}

}  // namespace vg::filters::flood
