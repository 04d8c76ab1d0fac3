// The gateway's observability parts, owned together: the metrics registry (every component's
// counters), the /metrics HTTP exporter (when `metrics.listen` is set) and the alert service (an
// event sink evaluating `alerts.rules`, delivering on its own threads). Built by the Gateway;
// started after the transports, stopped after them.
#pragma once

#include <memory>
#include <string>

#include "alerts/service.h"
#include "config/config.h"
#include "core/clock.h"
#include "core/result.h"
#include "metrics/http_exporter.h"
#include "metrics/registry.h"

namespace vg::server {

// Metric objects the storage writer fills in (its counters are read at scrape time: store_metrics.h).
struct StoreMetrics {
  metrics::Histogram* write_seconds;  // voipguard_store_write_seconds: one batch written
};

// The process log's queue, read at scrape time: voipguard_log_queue_depth (records waiting for the
// log writer thread) and voipguard_log_dropped_total (records overwritten because it was full).
void register_log_metrics(metrics::Registry& registry);

class Observability {
 public:
  Observability(const config::Config& cfg, const Clock& clock);
  ~Observability();

  [[nodiscard]] metrics::Registry& registry() { return registry_; }
  [[nodiscard]] alerts::AlertService& alerts() { return *alerts_; }
  [[nodiscard]] const StoreMetrics& store_metrics() const { return store_; }

  // Binds /metrics (an address in use is an error) and starts the alert threads.
  Result<void, std::string> start();
  void stop();

 private:
  metrics::Registry registry_;
  std::optional<Endpoint> listen_;
  std::unique_ptr<metrics::HttpExporter> exporter_;
  std::unique_ptr<alerts::AlertService> alerts_;
  StoreMetrics store_{};
};

}  // namespace vg::server
