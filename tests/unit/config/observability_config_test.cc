// Tests for src/config/observability.cc and the log section's file key: metrics and alerts.
#include <gtest/gtest.h>

#include <string>

#include "config/config.h"

#include "errors_of.h"

namespace vg::config {
namespace {

TEST(ObservabilityConfig, DefaultsAreOff) {
  auto r = load_config_string("", "t.yaml");
  ASSERT_TRUE(r) << errors_of(r);
  EXPECT_FALSE(r->metrics.listen);
  EXPECT_TRUE(r->alerts.rules.empty());
  EXPECT_TRUE(r->alerts.channels.empty());
  EXPECT_TRUE(r->log.file.empty());
}

TEST(ObservabilityConfig, FullSectionLoads) {
  auto r = load_config_string(R"(
log: { level: debug, format: json, file: /tmp/x.log }
metrics: { listen: "[::1]:9100" }
alerts:
  queue_size: 500
  channels:
    - { name: hook, type: webhook, url: "https://h.example/x", format: slack, timeout: 2s,
        retry: { initial: 250ms, max: 10s, attempts: 5 } }
    - { name: sys, type: syslog, host: 127.0.0.1, port: 1514, facility: auth }
    - { name: mail, type: email, smtp_url: "smtp://127.0.0.1:25", from: a@b.c, to: [x@y.z], username: u, password: "p" }
  rules:
    - name: brute
      kind: [auth.failure, "filter.*"]
      min_severity: warning
      where: { filter: auth, user_agent: friendly-scanner }
      above: { score: 80 }
      threshold: { count: 10, window: 1m, per: source_ip }
      severity: critical
      dedupe: 10m
      max_per_minute: 5
      channels: [hook, sys]
)",
                              "t.yaml");
  ASSERT_TRUE(r) << errors_of(r);
  EXPECT_EQ(r->log.file, "/tmp/x.log");
  ASSERT_TRUE(r->metrics.listen);
  EXPECT_EQ(r->metrics.listen->to_string(), "[::1]:9100");
  const auto& a = r->alerts;
  EXPECT_EQ(a.queue_size, 500u);
  ASSERT_EQ(a.channels.size(), 3u);
  EXPECT_EQ(a.channels[0].format, WebhookFormat::kSlack);
  EXPECT_EQ(a.channels[0].timeout, std::chrono::milliseconds(2000));
  EXPECT_EQ(a.channels[0].retry.initial, std::chrono::milliseconds(250));
  EXPECT_EQ(a.channels[0].retry.attempts, 5u);
  EXPECT_EQ(a.channels[1].syslog_to.port, 1514);
  EXPECT_EQ(a.channels[1].facility, 4);
  EXPECT_EQ(a.channels[2].mail_to, std::vector<std::string>{"x@y.z"});
  EXPECT_EQ(a.channels[2].smtp_password, "p");
  ASSERT_EQ(a.rules.size(), 1u);
  const auto& rule = a.rules[0];
  EXPECT_EQ(rule.kinds, (std::vector<std::string>{"auth.failure", "filter.*"}));
  EXPECT_EQ(rule.min_severity, events::Severity::kWarning);
  EXPECT_EQ(rule.where.size(), 2u);
  ASSERT_EQ(rule.above.size(), 1u);
  EXPECT_EQ(rule.above[0].second, 80.0);
  EXPECT_EQ(rule.count, 10u);
  EXPECT_EQ(rule.window, std::chrono::milliseconds(60000));
  EXPECT_EQ(rule.per, "source_ip");
  EXPECT_EQ(rule.severity, events::Severity::kCritical);
  EXPECT_EQ(rule.dedupe, std::chrono::milliseconds(600000));
  EXPECT_EQ(rule.max_per_minute, 5u);
  EXPECT_EQ(rule.channels, (std::vector<std::string>{"hook", "sys"}));
}

struct BadCase {
  const char* name;
  const char* yaml;
  const char* expect;  // substring of the error text
};

class ObservabilityConfigErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(ObservabilityConfigErrors, Reported) {
  auto r = load_config_string(GetParam().yaml, "t.yaml");
  ASSERT_FALSE(r);
  EXPECT_NE(errors_of(r).find(GetParam().expect), std::string::npos) << errors_of(r);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ObservabilityConfigErrors,
    ::testing::Values(
        BadCase{"metrics_remote", "metrics: { listen: 192.0.2.1:9090 }\n", "t.yaml:1:20: metrics.listen: must be a loopback address"},
        BadCase{"metrics_no_port", "metrics: { listen: 127.0.0.1 }\n", "metrics.listen: must be ADDRESS:PORT"},
        BadCase{"log_file_empty", "log: { file: \"\" }\n", "log.file: must not be empty"},
        BadCase{"webhook_url", "alerts: { channels: [ { name: h, type: webhook, url: \"ftp://x\" } ] }\n",
                "must be an http:// or https:// URL"},
        BadCase{"syslog_host", "alerts: { channels: [ { name: s, type: syslog, host: loghost } ] }\n",
                "must be an IPv4 or IPv6 literal"},
        BadCase{"email_to", "alerts: { channels: [ { name: m, type: email, smtp_url: \"smtp://h\", from: a@b, to: [nobody] } ] }\n",
                "must be an e-mail address"},
        BadCase{"unknown_type", "alerts: { channels: [ { name: m, type: pager } ] }\n", "pager"},
        BadCase{"duplicate_channel",
                "alerts: { channels: [ { name: s, type: syslog, host: 127.0.0.1 }, { name: s, type: syslog, host: 127.0.0.1 } ] }\n",
                "duplicate channel name 's'"},
        BadCase{"rule_unknown_channel", "alerts: { rules: [ { name: r, channels: [nope] } ] }\n", "unknown channel 'nope'"},
        BadCase{"rule_unknown_key", "alerts: { rules: [ { name: r, treshold: { count: 2 } } ] }\n", "treshold"},
        BadCase{"retry_order", "alerts: { channels: [ { name: s, type: syslog, host: 127.0.0.1, retry: { initial: 10s, max: 1s } } ] }\n",
                "initial must not be greater than max"}),
    [](const ::testing::TestParamInfo<BadCase>& i) { return std::string(i.param.name); });

TEST(ObservabilityConfig, SmtpPasswordIsNeverEchoed) {
  auto r = load_config_string("alerts: { channels: [ { name: m, type: email, smtp_url: \"smtp://h\", from: a@b, "
                              "to: [x@y], password: [Sekret-Value-1] } ] }\n",
                              "t.yaml");
  ASSERT_FALSE(r);
  EXPECT_EQ(errors_of(r).find("Sekret-Value-1"), std::string::npos) << errors_of(r);
}

}  // namespace
}  // namespace vg::config
