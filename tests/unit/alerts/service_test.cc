// AlertService end to end in-process: ordering and retries with a scripted channel, and real
// deliveries to a local HTTP receiver (cpp-httplib server) and a local UDP syslog listener.
#include "alerts/service.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include "../common/free_port.h"
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

namespace vg::alerts {
namespace {

using namespace std::chrono_literals;

uint16_t free_port() { return test::free_tcp_port(); }

// Polls `pred` until it holds or `limit` passes (a deadline, not a fixed sleep).
template <class F>
bool eventually(F pred, std::chrono::milliseconds limit = 10s) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return pred();
}

events::Event ban(std::string ip) {
  events::Event e;
  e.kind = "ban.added";
  e.severity = events::Severity::kWarning;
  e.source = Endpoint{*IpAddress::parse(ip), 5060};
  e.time_ms = 1'700'000'000'000;
  return e;
}

config::AlertsConfig one_channel_config(config::AlertChannel c) {
  config::AlertsConfig cfg;
  c.retry.initial = 10ms;
  c.retry.max = 40ms;
  c.retry.attempts = 50;
  c.timeout = 1000ms;
  cfg.channels.push_back(std::move(c));
  config::AlertRule r;
  r.name = "ban";
  r.kinds = {"ban.added"};
  cfg.rules.push_back(r);
  return cfg;
}

// Fails its first `failures` attempts, then records what it delivers.
class ScriptedChannel final : public Channel {
 public:
  explicit ScriptedChannel(int failures) : failures_(failures) {}
  Result<void, std::string> deliver(const Alert& a) override {
    std::lock_guard lock(mu_);
    ++attempts_;
    if (failures_ > 0) {
      --failures_;
      return unexpected(std::string("down"));
    }
    keys_.push_back(a.key);
    return {};
  }
  std::vector<std::string> keys() {
    std::lock_guard lock(mu_);
    return keys_;
  }
  int attempts() {
    std::lock_guard lock(mu_);
    return attempts_;
  }

 private:
  std::mutex mu_;
  int failures_;
  int attempts_ = 0;
  std::vector<std::string> keys_;
};

TEST(AlertsService, RetriesAndDeliversInOrder) {
  config::AlertChannel c;
  c.name = "scripted";
  auto cfg = one_channel_config(c);
  FakeClock clock;
  metrics::Registry reg;
  auto ch = std::make_unique<ScriptedChannel>(3);
  auto* scripted = ch.get();
  std::vector<std::unique_ptr<Channel>> chans;
  chans.push_back(std::move(ch));
  AlertService svc(cfg, clock, reg, std::move(chans));
  svc.start();
  svc.emit(ban("192.0.2.1"));
  svc.emit(ban("192.0.2.2"));
  svc.emit(ban("192.0.2.3"));
  ASSERT_TRUE(eventually([&] { return scripted->keys().size() == 3; }));
  EXPECT_EQ(scripted->keys(), (std::vector<std::string>{"192.0.2.1", "192.0.2.2", "192.0.2.3"}));
  EXPECT_EQ(scripted->attempts(), 6);
  svc.stop();
  const std::string text = reg.render();
  EXPECT_NE(text.find("voipguard_alert_deliveries_total{channel=\"scripted\"} 3"), std::string::npos) << text;
  EXPECT_NE(text.find("voipguard_alert_delivery_retries_total{channel=\"scripted\"} 3"), std::string::npos);
  EXPECT_NE(text.find("voipguard_alerts_total{rule=\"ban\"} 3"), std::string::npos);
}

TEST(AlertsService, GivesUpAfterTheAttemptsAndCountsAFailure) {
  config::AlertChannel c;
  c.name = "scripted";
  auto cfg = one_channel_config(c);
  cfg.channels[0].retry.attempts = 2;
  FakeClock clock;
  metrics::Registry reg;
  std::vector<std::unique_ptr<Channel>> chans;
  chans.push_back(std::make_unique<ScriptedChannel>(2));
  AlertService svc(cfg, clock, reg, std::move(chans));
  svc.start();
  svc.emit(ban("192.0.2.1"));
  svc.emit(ban("192.0.2.2"));
  auto& failed = reg.counter("voipguard_alert_delivery_failures_total", "", {{"channel", "scripted"}});
  auto& delivered = reg.counter("voipguard_alert_deliveries_total", "", {{"channel", "scripted"}});
  ASSERT_TRUE(eventually([&] { return failed.value() == 1 && delivered.value() == 1; }));
}

TEST(AlertsService, FullQueueDropsAndCountsWithoutBlocking) {
  config::AlertChannel c;
  c.name = "scripted";
  auto cfg = one_channel_config(c);
  cfg.queue_size = 16;
  FakeClock clock;
  metrics::Registry reg;
  std::vector<std::unique_ptr<Channel>> chans;
  chans.push_back(std::make_unique<ScriptedChannel>(0));
  AlertService svc(cfg, clock, reg, std::move(chans));  // not started: nothing drains the queue
  for (int i = 0; i < 100; ++i) svc.emit(ban("192.0.2.1"));
  EXPECT_EQ(svc.events_dropped(), 84u);
}

TEST(AlertsService, WantsOnlyEventsARuleMayFireOn) {
  config::AlertChannel c;
  c.name = "scripted";
  auto cfg = one_channel_config(c);  // rule "ban": kind ban.added, any severity
  config::AlertRule flood;
  flood.name = "flood";
  flood.kinds = {"filter.*"};
  flood.min_severity = events::Severity::kWarning;
  cfg.rules.push_back(flood);
  cfg.queue_size = 1000;
  FakeClock clock;
  metrics::Registry reg;
  AlertService svc(cfg, clock, reg);  // not started: nothing is delivered
  auto event = [](std::string kind, events::Severity sev) {
    events::Event e;
    e.kind = std::move(kind);
    e.severity = sev;
    return e;
  };
  EXPECT_TRUE(svc.wants(event("ban.added", events::Severity::kInfo)));
  EXPECT_TRUE(svc.wants(event("filter.flood", events::Severity::kWarning)));
  EXPECT_FALSE(svc.wants(event("filter.flood", events::Severity::kNotice)));  // below the rule's severity
  EXPECT_FALSE(svc.wants(event("sip.request", events::Severity::kCritical)));
  EXPECT_FALSE(svc.wants(event("ban", events::Severity::kCritical)));
  // emit() applies the same test: only the two wanted events are queued (the queue of 2 is then full).
  cfg.queue_size = 2;
  metrics::Registry small_reg;
  AlertService small(cfg, clock, small_reg);
  small.emit(event("sip.request", events::Severity::kCritical));
  small.emit(event("ban.added", events::Severity::kInfo));
  small.emit(event("filter.scanner", events::Severity::kCritical));
  EXPECT_EQ(small.events_dropped(), 0u);
  small.emit(event("ban.added", events::Severity::kInfo));
  EXPECT_EQ(small.events_dropped(), 1u);

  config::AlertsConfig none;
  metrics::Registry none_reg;
  AlertService no_rules(none, clock, none_reg);
  EXPECT_FALSE(no_rules.wants(event("ban.added", events::Severity::kCritical)));
}

TEST(AlertsService, WebhookReceiverDownThenUpGetsEveryAlertInOrder) {
  // A free port with nothing listening: the receiver is "down".
  const uint16_t port = free_port();
  std::mutex mu;
  std::vector<nlohmann::json> bodies;
  std::string content_type;

  config::AlertChannel c;
  c.name = "hook";
  c.type = config::AlertChannelType::kWebhook;
  c.url = "http://127.0.0.1:" + std::to_string(port) + "/hook";
  auto cfg = one_channel_config(c);
  FakeClock clock;
  metrics::Registry reg;
  AlertService svc(cfg, clock, reg);
  svc.start();
  for (int i = 1; i <= 3; ++i) svc.emit(ban("192.0.2." + std::to_string(i)));
  auto& retries = reg.counter("voipguard_alert_delivery_retries_total", "", {{"channel", "hook"}});
  ASSERT_TRUE(eventually([&] { return retries.value() >= 2; })) << "deliveries to a closed port are retried";

  httplib::Server receiver;
  receiver.Post("/hook", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mu);
    bodies.push_back(nlohmann::json::parse(req.body));
    content_type = req.get_header_value("Content-Type");
    res.status = 204;
  });
  ASSERT_TRUE(receiver.bind_to_port("127.0.0.1", port));
  std::thread t([&] { receiver.listen_after_bind(); });
  ASSERT_TRUE(eventually([&] { return receiver.is_running(); }));  // else stop() would not end it
  const bool all = eventually([&] {
    std::lock_guard lock(mu);
    return bodies.size() == 3;
  });
  receiver.stop();
  t.join();
  svc.stop();
  ASSERT_TRUE(all);
  EXPECT_EQ(content_type, "application/json");
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(bodies[i]["rule"], "ban");
    EXPECT_EQ(bodies[i]["event"]["source"], "192.0.2." + std::to_string(i + 1) + ":5060") << "in order";
  }
}

TEST(AlertsService, SlackFormatWebhook) {
  httplib::Server receiver;
  std::mutex mu;
  std::vector<std::string> bodies;
  receiver.Post("/slack", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mu);
    bodies.push_back(req.body);
    res.status = 200;
  });
  const int port = receiver.bind_to_any_port("127.0.0.1");
  std::thread t([&] { receiver.listen_after_bind(); });
  ASSERT_TRUE(eventually([&] { return receiver.is_running(); }));  // else stop() would not end it
  config::AlertChannel c;
  c.name = "slack";
  c.type = config::AlertChannelType::kWebhook;
  c.format = config::WebhookFormat::kSlack;
  c.url = "http://127.0.0.1:" + std::to_string(port) + "/slack";
  auto cfg = one_channel_config(c);
  FakeClock clock;
  metrics::Registry reg;
  AlertService svc(cfg, clock, reg);
  svc.start();
  svc.emit(ban("192.0.2.1"));
  const bool got = eventually([&] {
    std::lock_guard lock(mu);
    return bodies.size() == 1;
  });
  receiver.stop();
  t.join();
  ASSERT_TRUE(got);
  auto j = nlohmann::json::parse(bodies[0]);
  ASSERT_TRUE(j.contains("text"));
  EXPECT_NE(std::string(j["text"]).find("[ban] ban.added from 192.0.2.1:5060"), std::string::npos);
}

TEST(AlertsService, SyslogDatagramToALocalListener) {
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  timeval tv{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);

  config::AlertChannel c;
  c.name = "syslog";
  c.type = config::AlertChannelType::kSyslog;
  c.syslog_to = Endpoint{*IpAddress::parse("127.0.0.1"), ntohs(addr.sin_port)};
  c.facility = 4;  // auth
  auto cfg = one_channel_config(c);
  FakeClock clock;
  metrics::Registry reg;
  AlertService svc(cfg, clock, reg);
  svc.start();
  svc.emit(ban("192.0.2.1"));
  char buf[4096];
  const auto n = ::recv(fd, buf, sizeof buf, 0);
  ::close(fd);
  ASSERT_GT(n, 0);
  const std::string msg(buf, static_cast<size_t>(n));
  // auth.warning = 4*8+4 = 36.
  EXPECT_EQ(msg.rfind("<36>1 2023-11-14T22:13:20.000Z ", 0), 0u) << msg;
  EXPECT_NE(msg.find(" voipguard "), std::string::npos);
  EXPECT_NE(msg.find("[alert@32473 rule=\"ban\""), std::string::npos) << msg;
}

}  // namespace
}  // namespace vg::alerts
