#include "alerts/service.h"

#include <curl/curl.h>

#include <algorithm>

#include "log/log.h"

namespace vg::alerts {

std::chrono::milliseconds backoff_delay(const config::RetryPolicy& p, uint32_t attempt) {
  auto d = p.initial;
  for (uint32_t i = 1; i < attempt && d < p.max; ++i) d *= 2;
  return std::min(d, p.max);
}

AlertService::AlertService(const config::AlertsConfig& cfg, const Clock& clock, metrics::Registry& metrics,
                           std::vector<std::unique_ptr<Channel>> channels)
    : cfg_(cfg), engine_(cfg.rules, clock), metrics_(metrics) {
  curl_global_init(CURL_GLOBAL_DEFAULT);  // before any thread uses libcurl
  dropped_ = &metrics_.counter("voipguard_alert_events_dropped_total",
                               "Events not evaluated for alerts because the alert queue was full");
  suppressed_dedupe_ = &metrics_.counter("voipguard_alerts_suppressed_total",
                                         "Alerts held back by de-duplication or the per-rule rate limit",
                                         {{"reason", "dedupe"}});
  suppressed_rate_ = &metrics_.counter("voipguard_alerts_suppressed_total",
                                       "Alerts held back by de-duplication or the per-rule rate limit",
                                       {{"reason", "rate_limit"}});
  for (std::size_t i = 0; i < cfg_.channels.size(); ++i) {
    const auto& c = cfg_.channels[i];
    auto box = std::make_unique<Outbox>();
    box->name = c.name;
    box->retry = c.retry;
    box->channel = i < channels.size() ? std::move(channels[i]) : make_channel(c);
    const metrics::Labels l{{"channel", c.name}};
    box->delivered = &metrics_.counter("voipguard_alert_deliveries_total", "Alerts delivered, by channel", l);
    box->failed = &metrics_.counter("voipguard_alert_delivery_failures_total",
                                    "Alerts given up after every retry, by channel", l);
    box->retries = &metrics_.counter("voipguard_alert_delivery_retries_total", "Failed delivery attempts retried", l);
    box->depth = &metrics_.gauge("voipguard_alert_queue_depth", "Alerts waiting for delivery, by channel", l);
    outboxes_.push_back(std::move(box));
  }
}

AlertService::~AlertService() { stop(); }

void AlertService::start() {
  if (started_) return;
  started_ = true;
  evaluator_ = std::thread([this] { evaluate_loop(); });
  for (auto& box : outboxes_) {
    Outbox* b = box.get();
    b->thread = std::thread([this, b] { deliver_loop(*b); });
  }
}

void AlertService::stop() {
  if (stopping_.exchange(true)) return;
  {
    std::lock_guard lock(mu_);
  }
  cv_.notify_all();
  if (evaluator_.joinable()) evaluator_.join();
  for (auto& box : outboxes_) {
    {
      std::lock_guard lock(box->mu);
    }
    box->cv.notify_all();
    if (box->thread.joinable()) box->thread.join();
    box->failed->inc(box->queue.size());
    box->queue.clear();
    box->depth->set(0);
  }
}

bool AlertService::wants(const events::EventRef& e) const {
  if (stopping_.load(std::memory_order_relaxed)) return false;
  return std::any_of(cfg_.rules.begin(), cfg_.rules.end(), [&](const config::AlertRule& r) { return may_match(r, e); });
}

void AlertService::emit(const events::EventRef& e) {
  if (!wants(e)) return;
  {
    std::lock_guard lock(mu_);
    if (events_.size() >= cfg_.queue_size) {
      dropped_->inc();
      return;
    }
    events_.push_back(e.to_event());
  }
  cv_.notify_one();
}

void AlertService::evaluate_loop() {
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, [&] { return stopping_.load() || !events_.empty(); });
    if (stopping_.load()) return;
    events::Event e = std::move(events_.front());
    events_.pop_front();
    lock.unlock();
    const auto before_dedupe = engine_.suppressed_dedupe(), before_rate = engine_.suppressed_rate();
    for (const Alert& a : engine_.evaluate(e)) route(a);
    suppressed_dedupe_->inc(engine_.suppressed_dedupe() - before_dedupe);
    suppressed_rate_->inc(engine_.suppressed_rate() - before_rate);
    lock.lock();
  }
}

void AlertService::route(const Alert& a) {
  log::info("alert {}: {}", a.rule, summary(a));
  metrics_.counter("voipguard_alerts_total", "Alerts fired, by rule", {{"rule", a.rule}}).inc();
  const config::AlertRule* rule = nullptr;
  for (const auto& r : cfg_.rules) {
    if (r.name == a.rule) rule = &r;
  }
  for (auto& box : outboxes_) {
    if (rule && !rule->channels.empty() &&
        std::find(rule->channels.begin(), rule->channels.end(), box->name) == rule->channels.end()) {
      continue;
    }
    {
      std::lock_guard lock(box->mu);
      if (box->queue.size() >= cfg_.queue_size) {
        box->failed->inc();
        continue;
      }
      box->queue.push_back(a);
      box->depth->set(static_cast<int64_t>(box->queue.size()));
    }
    box->cv.notify_one();
  }
}

void AlertService::deliver_loop(Outbox& box) {
  std::unique_lock lock(box.mu);
  uint32_t attempt = 0;  // failed attempts of the head of the queue
  while (true) {
    box.cv.wait(lock, [&] { return stopping_.load() || !box.queue.empty(); });
    if (stopping_.load()) return;
    Alert a = box.queue.front();
    lock.unlock();
    auto r = box.channel ? box.channel->deliver(a) : Result<void, std::string>(unexpected(std::string("no channel")));
    lock.lock();
    if (r) {
      box.queue.pop_front();
      box.delivered->inc();
      attempt = 0;
    } else if (++attempt >= box.retry.attempts) {
      log::warn("alert {} not delivered to {} after {} attempts: {}", a.rule, box.name, attempt, r.error());
      box.queue.pop_front();
      box.failed->inc();
      attempt = 0;
    } else {
      box.retries->inc();
      const auto delay = backoff_delay(box.retry, attempt);
      log::debug("alert delivery to {} failed ({}), retry {} in {} ms", box.name, r.error(), attempt, delay.count());
      // In order: the head is retried before anything behind it is sent.
      box.cv.wait_for(lock, delay, [&] { return stopping_.load(); });
    }
    box.depth->set(static_cast<int64_t>(box.queue.size()));
  }
}

}  // namespace vg::alerts
