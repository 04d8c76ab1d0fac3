#include "server/observability.h"

#include "log/log.h"

namespace vg::server {

void register_log_metrics(metrics::Registry& registry) {
  registry.add_collector([](metrics::Writer& w) {
    w.gauge("voipguard_log_queue_depth", "Log records waiting for the log writer thread", {},
            static_cast<double>(log::queue_depth()));
    w.counter("voipguard_log_dropped_total", "Log records dropped because the log queue was full", {},
              static_cast<double>(log::dropped()));
  });
}

Observability::Observability(const config::Config& cfg, const Clock& clock) : listen_(cfg.metrics.listen) {
  register_log_metrics(registry_);
  alerts_ = std::make_unique<alerts::AlertService>(cfg.alerts, clock, registry_);
  store_.write_seconds = &registry_.histogram("voipguard_store_write_seconds",
                                              "Time to write one batch of records to the store",
                                              metrics::latency_buckets_ns());
}

Observability::~Observability() { stop(); }

Result<void, std::string> Observability::start() {
  if (listen_) {
    exporter_ = std::make_unique<metrics::HttpExporter>(registry_);
    if (auto r = exporter_->start(*listen_); !r) return r;
    log::info("metrics: serving http://{}/metrics", listen_->to_string());
  }
  alerts_->start();
  return {};
}

void Observability::stop() {
  if (exporter_) exporter_->stop();
  if (alerts_) alerts_->stop();
}

}  // namespace vg::server
