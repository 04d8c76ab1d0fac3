#include "server/store_metrics.h"

#include "store/store_writer.h"

namespace vg::server {

void register_store_metrics(metrics::Registry& registry, const store::StoreWriter& writer) {
  registry.add_collector([&writer](metrics::Writer& w) {
    const store::WriterCounters c = writer.counters();
    auto d = [](uint64_t x) { return static_cast<double>(x); };
    constexpr auto kDepth = "Records waiting for the store: queued by the packet path, or taken by the writer "
                            "and not yet written (buffered while the database is unreachable)";
    w.gauge("voipguard_store_queue_depth", kDepth, {{"stage", "queued"}}, d(c.queued));
    w.gauge("voipguard_store_queue_depth", kDepth, {{"stage", "buffered"}}, d(c.buffered));
    constexpr auto kDropped = "Records lost before reaching the store, by reason";
    w.counter("voipguard_store_dropped_total", kDropped, {{"reason", "queue_full"}}, d(c.dropped_queue_full));
    w.counter("voipguard_store_dropped_total", kDropped, {{"reason", "buffer_full"}}, d(c.dropped_buffer_full));
    w.counter("voipguard_store_dropped_total", kDropped, {{"reason", "rejected"}}, d(c.rejected));
    w.counter("voipguard_store_dropped_total", kDropped, {{"reason", "shutdown"}}, d(c.lost_at_shutdown));
    w.counter("voipguard_store_records_total", "Records written to the store", {}, d(c.written));
    w.counter("voipguard_store_outages_total", "Times the database became unreachable", {}, d(c.outages));
    w.gauge("voipguard_store_available", "1 when the database took the last write, 0 during an outage", {},
            c.available ? 1.0 : 0.0);
  });
}

}  // namespace vg::server
