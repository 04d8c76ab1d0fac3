#include "alerts/engine.h"

#include <gtest/gtest.h>

namespace vg::alerts {
namespace {

using namespace std::chrono_literals;

events::Event ev(std::string kind, std::string ip = "192.0.2.7", events::Severity sev = events::Severity::kNotice) {
  events::Event e;
  e.kind = std::move(kind);
  e.severity = sev;
  if (!ip.empty()) e.source = Endpoint{*IpAddress::parse(ip), 5060};
  e.time_ms = 1'700'000'000'000;
  return e;
}

config::AlertRule rule(std::string name, std::vector<std::string> kinds) {
  config::AlertRule r;
  r.name = std::move(name);
  r.kinds = std::move(kinds);
  return r;
}

TEST(AlertsMatch, KindExactPrefixAndAny) {
  auto r = rule("r", {"ban.added"});
  EXPECT_TRUE(matches(r, ev("ban.added")));
  EXPECT_FALSE(matches(r, ev("ban.added.more")));
  r.kinds = {"filter.*"};
  EXPECT_TRUE(matches(r, ev("filter.flood")));
  EXPECT_FALSE(matches(r, ev("auth.failure")));
  r.kinds = {};
  EXPECT_TRUE(matches(r, ev("anything")));
}

TEST(AlertsMatch, SeverityWhereAndAbove) {
  auto r = rule("fraud", {"fraud.score"});
  r.min_severity = events::Severity::kWarning;
  auto e = ev("fraud.score", "192.0.2.7", events::Severity::kWarning);
  e.account = "1001";
  e.fields = {{"score", "91"}};
  r.where = {{"account", "1001"}};
  r.above = {{"score", 80}};
  EXPECT_TRUE(matches(r, e));
  e.fields = {{"score", "80"}};
  EXPECT_FALSE(matches(r, e)) << "strictly above";
  e.fields = {{"score", "not a number"}};
  EXPECT_FALSE(matches(r, e));
  e.fields = {{"score", "99"}};
  e.account = "1002";
  EXPECT_FALSE(matches(r, e));
  e.account = "1001";
  e.severity = events::Severity::kNotice;
  EXPECT_FALSE(matches(r, e));
}

TEST(AlertsMatch, KeyDefaultsToSourceIpThenAccount) {
  auto r = rule("r", {});
  auto e = ev("x");
  EXPECT_EQ(key_of(r, e), "192.0.2.7");
  e.source.reset();
  e.account = "1001";
  e.tenant = "t.example";
  EXPECT_EQ(key_of(r, e), "1001@t.example");
  r.per = "user_agent";
  e.fields = {{"user_agent", "friendly-scanner"}};
  EXPECT_EQ(key_of(r, e), "friendly-scanner");
}

TEST(AlertsEngine, ThresholdPerSourceWithinWindow) {
  FakeClock clock;
  auto r = rule("brute", {"auth.failure"});
  r.count = 5;
  r.window = 60s;
  r.per = "source";
  AlertEngine engine({r}, clock);
  for (int i = 0; i < 4; ++i) {
    EXPECT_TRUE(engine.evaluate(ev("auth.failure")).empty());
    clock.advance(1s);
  }
  // Another source's failures do not count towards this one.
  EXPECT_TRUE(engine.evaluate(ev("auth.failure", "192.0.2.8")).empty());
  auto fired = engine.evaluate(ev("auth.failure"));
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].rule, "brute");
  EXPECT_EQ(fired[0].key, "192.0.2.7");
  EXPECT_EQ(fired[0].count, 5u);
  EXPECT_EQ(fired[0].window_ms, 60000);
}

TEST(AlertsEngine, EventsOutsideTheWindowDoNotCount) {
  FakeClock clock;
  auto r = rule("brute", {"auth.failure"});
  r.count = 3;
  r.window = 10s;
  AlertEngine engine({r}, clock);
  EXPECT_TRUE(engine.evaluate(ev("auth.failure")).empty());
  EXPECT_TRUE(engine.evaluate(ev("auth.failure")).empty());
  clock.advance(11s);
  EXPECT_TRUE(engine.evaluate(ev("auth.failure")).empty()) << "the first two have left the window";
  EXPECT_TRUE(engine.evaluate(ev("auth.failure")).empty());
  EXPECT_EQ(engine.evaluate(ev("auth.failure")).size(), 1u);
}

TEST(AlertsEngine, DedupeHoldsBackTheSameKeyAndCountsIt) {
  FakeClock clock;
  auto r = rule("ban", {"ban.added"});
  r.dedupe = 5min;
  AlertEngine engine({r}, clock);
  EXPECT_EQ(engine.evaluate(ev("ban.added")).size(), 1u);
  clock.advance(1min);
  EXPECT_TRUE(engine.evaluate(ev("ban.added")).empty());
  EXPECT_TRUE(engine.evaluate(ev("ban.added")).empty());
  EXPECT_EQ(engine.suppressed_dedupe(), 2u);
  // A different key is not a duplicate.
  EXPECT_EQ(engine.evaluate(ev("ban.added", "192.0.2.9")).size(), 1u);
  clock.advance(4min);
  auto again = engine.evaluate(ev("ban.added"));
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].suppressed, 2u) << "the next alert says how many were held back";
}

TEST(AlertsEngine, RateLimitPerRuleAcrossKeys) {
  FakeClock clock;
  auto r = rule("ban", {"ban.added"});
  r.max_per_minute = 3;
  AlertEngine engine({r}, clock);
  int fired = 0;
  for (int i = 0; i < 10; ++i) fired += static_cast<int>(engine.evaluate(ev("ban.added", "192.0.2." + std::to_string(10 + i))).size());
  EXPECT_EQ(fired, 3);
  EXPECT_EQ(engine.suppressed_rate(), 7u);
  clock.advance(61s);
  EXPECT_EQ(engine.evaluate(ev("ban.added", "192.0.2.99")).size(), 1u);
}

TEST(AlertsEngine, SeverityOverrideAndSeveralRules) {
  FakeClock clock;
  auto a = rule("any-ban", {"ban.*"});
  a.severity = events::Severity::kCritical;
  auto b = rule("long-call", {"call.ended"});
  b.above = {{"duration", 3600}};
  AlertEngine engine({a, b}, clock);
  auto fired = engine.evaluate(ev("ban.added"));
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].severity, events::Severity::kCritical);
  auto call = ev("call.ended");
  call.fields = {{"duration", "3599"}};
  EXPECT_TRUE(engine.evaluate(call).empty());
  call.fields = {{"duration", "7200"}};
  ASSERT_EQ(engine.evaluate(call).size(), 1u);
}

}  // namespace
}  // namespace vg::alerts
