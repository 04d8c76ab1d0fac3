#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <regex>

#include "alerts/alert.h"
#include "alerts/service.h"

namespace vg::alerts {
namespace {

using namespace std::chrono_literals;

Alert sample() {
  Alert a;
  a.rule = "brute-force";
  a.key = "192.0.2.7";
  a.severity = events::Severity::kWarning;
  a.time_ms = 1'700'000'000'123;
  a.count = 10;
  a.window_ms = 60000;
  a.event.kind = "auth.failure";
  a.event.time_ms = a.time_ms;
  a.event.source = Endpoint{*IpAddress::parse("192.0.2.7"), 5070};
  a.event.account = "1001";
  a.event.tenant = "demo.example";
  a.event.evidence = "wrong \"password\"]\r\nInjected: yes";
  a.event.fields = {{"user_agent", "friendly-scanner"}};
  return a;
}

TEST(AlertsFormat, JsonCarriesRuleAndEvent) {
  auto j = nlohmann::json::parse(to_json(sample()));
  EXPECT_EQ(j["rule"], "brute-force");
  EXPECT_EQ(j["severity"], "warning");
  EXPECT_EQ(j["count"], 10);
  EXPECT_EQ(j["time"], "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(j["event"]["kind"], "auth.failure");
  EXPECT_EQ(j["event"]["source"], "192.0.2.7:5070");
  EXPECT_EQ(j["event"]["fields"]["user_agent"], "friendly-scanner");
}

TEST(AlertsFormat, SlackIsATextObject) {
  auto j = nlohmann::json::parse(to_slack_json(sample()));
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j.size(), 1u);
  const std::string text = j["text"];
  EXPECT_NE(text.find("[brute-force]"), std::string::npos);
  EXPECT_NE(text.find("10 events in 60 s"), std::string::npos);
}

TEST(AlertsFormat, InvalidUtf8DoesNotThrow) {
  auto a = sample();
  a.event.evidence = "\xff\xfe bad";
  EXPECT_NO_THROW({ auto j = nlohmann::json::parse(to_json(a)); EXPECT_TRUE(j.is_object()); });
}

TEST(AlertsFormat, SyslogIsRfc5424) {
  const std::string m = to_syslog(sample(), 16, "gw1", 4242);
  // <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD-ID params] MSG; local0.warning = 16*8+4.
  std::regex re(R"(^<132>1 2023-11-14T22:13:20\.123Z gw1 voipguard 4242 alert \[alert@32473 rule="brute-force" severity="warning" kind="auth\.failure" key="192\.0\.2\.7" count="10" source="192\.0\.2\.7:5070" account="1001" tenant="demo\.example"\] voipguard warning \[brute-force\] .*$)");
  EXPECT_TRUE(std::regex_match(m, re)) << m;
  EXPECT_EQ(m.find('\n'), std::string::npos);
  EXPECT_EQ(m.find('\r'), std::string::npos);
}

TEST(AlertsFormat, SyslogEscapesStructuredDataAndBoundsLength) {
  auto a = sample();
  a.event.account = "a\"b]c\\d";
  a.event.evidence = std::string(5000, 'x');
  const std::string m = to_syslog(a, 16, "host with spaces", 1);
  EXPECT_NE(m.find(R"(account="a\"b\]c\\d")"), std::string::npos) << m.substr(0, 300);
  EXPECT_NE(m.find(" hostwithspaces voipguard "), std::string::npos);
  EXPECT_LE(m.size(), 2048u);
}

TEST(AlertsFormat, EmailHeadersCannotBeInjected) {
  const std::string mail = to_email(sample(), "gw@example.org", "<ops@example.org>", 1'700'000'000);
  const auto headers = mail.substr(0, mail.find("\r\n\r\n"));
  EXPECT_EQ(headers.find("\r\nInjected: yes"), std::string::npos) << "CRLF in evidence must not start a header";
  EXPECT_NE(headers.find("password\"]  Injected: yes"), std::string::npos) << "control characters become spaces";
  EXPECT_NE(headers.find("Subject: voipguard warning [brute-force]"), std::string::npos);
  EXPECT_NE(headers.find("Date: Tue, 14 Nov 2023 22:13:20 +0000"), std::string::npos);
}

TEST(AlertsBackoff, DoublesFromInitialUpToMax) {
  config::RetryPolicy p;
  p.initial = 500ms;
  p.max = 5s;
  EXPECT_EQ(backoff_delay(p, 1), 500ms);
  EXPECT_EQ(backoff_delay(p, 2), 1000ms);
  EXPECT_EQ(backoff_delay(p, 3), 2000ms);
  EXPECT_EQ(backoff_delay(p, 4), 4000ms);
  EXPECT_EQ(backoff_delay(p, 5), 5000ms);
  EXPECT_EQ(backoff_delay(p, 40), 5000ms);
}

}  // namespace
}  // namespace vg::alerts
