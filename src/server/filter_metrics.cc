#include "server/filter_metrics.h"

#include <string>

#include "filters/pipeline.h"

namespace vg::server {

namespace {

double v(const std::atomic<uint64_t>& a) { return static_cast<double>(a.load(std::memory_order_relaxed)); }

}  // namespace

void register_filter_metrics(metrics::Registry& registry, const std::atomic<filters::Pipeline*>& current) {
  registry.add_collector([&current](metrics::Writer& w) {
    const filters::Pipeline* p = current.load(std::memory_order_acquire);
    if (p == nullptr) return;
    constexpr auto kDecisions =
        "Security filter decisions by filter and action (monitor: would have acted, message passed)";
    constexpr auto kSuppressed = "Security events not emitted because a filter exceeded its event budget";
    p->for_each_counters([&](std::string_view name, const filters::FilterCounters& c) {
      const std::string f(name);
      w.counter("voipguard_filter_decisions_total", kDecisions, {{"filter", f}, {"action", "reply"}}, v(c.replied));
      w.counter("voipguard_filter_decisions_total", kDecisions, {{"filter", f}, {"action", "drop"}}, v(c.dropped));
      w.counter("voipguard_filter_decisions_total", kDecisions, {{"filter", f}, {"action", "ban"}}, v(c.banned));
      w.counter("voipguard_filter_decisions_total", kDecisions, {{"filter", f}, {"action", "monitor"}}, v(c.monitored));
      w.counter("voipguard_filter_events_suppressed_total", kSuppressed, {{"filter", f}}, v(c.events_suppressed));
    });
    const auto& s = p->stats();
    w.counter("voipguard_sip_dropped_total", "SIP messages dropped without an answer, by reason", {{"reason", "banned"}},
              v(s.banned_dropped));
    w.counter("voipguard_filter_trusted_bypass_total", "Requests from trusted sources (only sanity checked)", {},
              v(s.trusted_bypass));
  });
}

}  // namespace vg::server
