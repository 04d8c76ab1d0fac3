// AlertService: the events::EventSink of the alerting pipeline. emit() (packet threads) only
// appends the event to a bounded queue — a full queue drops and counts it, never waits. One
// evaluation thread runs the AlertEngine; each channel has its own delivery thread and FIFO queue,
// delivering alerts in order, retrying the head with exponential backoff (RetryPolicy) until it is
// delivered or its attempts are used up (then dropped and counted as a failure).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "alerts/channels.h"
#include "alerts/engine.h"
#include "config/observability.h"
#include "events/sink.h"
#include "metrics/registry.h"

namespace vg::alerts {

// Delay before retry number `attempt` (1 = the first retry): initial * 2^(attempt-1), capped at max.
std::chrono::milliseconds backoff_delay(const config::RetryPolicy& p, uint32_t attempt);

class AlertService final : public events::EventSink {
 public:
  // `channels` parallel to cfg.channels (tests inject fakes); empty = built from the config.
  AlertService(const config::AlertsConfig& cfg, const Clock& clock, metrics::Registry& metrics,
               std::vector<std::unique_ptr<Channel>> channels = {});
  ~AlertService() override;
  AlertService(const AlertService&) = delete;
  AlertService& operator=(const AlertService&) = delete;

  void start();
  // Stops the threads; alerts still queued or being retried are dropped (counted as failures).
  void stop();

  // Any thread; never blocks on I/O.
  void emit(const events::EventRef& e) override;
  // Only events some rule may fire on (kind and severity): the others are not worth a copy.
  [[nodiscard]] bool wants(const events::EventRef& e) const override;

  [[nodiscard]] uint64_t events_dropped() const { return dropped_->value(); }

 private:
  struct Outbox {
    std::string name;
    config::RetryPolicy retry;
    std::unique_ptr<Channel> channel;
    std::mutex mu;
    std::condition_variable cv;
    std::deque<Alert> queue;
    std::thread thread;
    metrics::Counter* delivered = nullptr;
    metrics::Counter* failed = nullptr;
    metrics::Counter* retries = nullptr;
    metrics::Gauge* depth = nullptr;
  };
  void evaluate_loop();
  void deliver_loop(Outbox& box);
  void route(const Alert& a);

  config::AlertsConfig cfg_;
  AlertEngine engine_;
  metrics::Registry& metrics_;
  std::vector<std::unique_ptr<Outbox>> outboxes_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<events::Event> events_;
  std::thread evaluator_;
  std::atomic<bool> stopping_{false};
  bool started_ = false;
  metrics::Counter* dropped_;
  metrics::Counter* suppressed_dedupe_;
  metrics::Counter* suppressed_rate_;
};

}  // namespace vg::alerts
