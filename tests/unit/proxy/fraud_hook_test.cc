// The proxy's toll-fraud hook: a refused outgoing call gets 403 Forbidden and is never forwarded or
// tracked; an admitted one is counted until it ends (by any path); the engine's live limits end a
// call with BYE to both parties.
#include <gtest/gtest.h>

#include "fraud/engine.h"
#include "harness.h"
#include "proxy/fraud_hook.h"

namespace vg::proxy::test {
namespace {

// The default configuration with the trunk as the tenant's default route, so that every number
// reaches the fraud check (routing by literal prefix would 404 "+00 44..." first).
std::string yaml_with_default_route() {
  std::string y(kDefaultYaml);
  const std::string routes = "    routes:\n";
  y.replace(y.find(routes), routes.size(), "    default_upstream: trunk\n" + routes);
  return y;
}

std::vector<Sent> byes_in(const std::vector<Sent>& sent) {
  std::vector<Sent> out;
  for (const auto& s : sent) {
    if (!s.is_response() && s.method() == "BYE") out.push_back(s);
  }
  return out;
}

class ProxyFraud : public ::testing::Test {
 protected:
  ProxyFraud() : h(yaml_with_default_route()) {
    fraud::TenantRules t;
    t.plan.country_code = "1";
    t.plan.national_prefix = "1";
    t.plan.international_prefixes = {"011"};
    t.plan.outside_line_prefixes = {"9"};
    t.policy.in_hours.max_duration = std::chrono::seconds(60);
    t.policy.in_hours.max_concurrent = 1;
    auto cfg = std::make_shared<fraud::EngineConfig>();
    cfg->tenants.emplace("example.com", std::move(t));
    engine = std::make_unique<fraud::Engine>(cfg, h.clock, events);
    observer = std::make_unique<FraudDialogObserver>(*engine);
    h.dialogs.set_observer(observer.get());
    h.proxy.set_fraud(engine.get());
  }

  // alice dials `number` (routed to the trunk by the +44 prefix or refused); returns alice's answer.
  Sent dial(const std::string& number) { return h.send_authenticated(a, h.invite_request(a, number)); }

  Harness h;
  Ua a = alice();
  events::RecordingSink events;
  std::unique_ptr<fraud::Engine> engine;
  std::unique_ptr<FraudDialogObserver> observer;
};

TEST_F(ProxyFraud, PremiumNumberIsRefusedWithANeutral403) {
  for (const char* number : {"+449098790000", "+00449098790000", "%2B449098790000"}) {
    SCOPED_TRACE(number);
    Sent answer = dial(number);
    EXPECT_EQ(answer.status(), 403);
    EXPECT_NE(answer.bytes.find("403 Forbidden\r\n"), std::string::npos) << answer.bytes;
    EXPECT_TRUE(h.forwarded.empty()) << Harness::dump(h.forwarded);
    engine->enable("example.com", "alice");
  }
  EXPECT_EQ(h.dialogs.active_count(), 0u);
  EXPECT_EQ(events.count("fraud.block"), 3u);
  EXPECT_EQ(events.events().front().account, "alice");
}

TEST_F(ProxyFraud, AdmittedCallIsCountedAndTornDownAtMaxDuration) {
  Sent answer = dial("+442079460000");
  ASSERT_EQ(answer.status(), 100) << answer.bytes;
  ASSERT_EQ(h.forwarded.size(), 1u);
  const Sent out = h.forwarded[0];
  EXPECT_EQ(out.to.destination, kTrunk);
  EXPECT_EQ(engine->active_calls("example.com", "alice"), 1u);
  // The concurrency limit (1) refuses a second call while the first runs.
  EXPECT_EQ(dial("+442079460001").status(), 403);

  h.deliver(kTrunk, response_to(out.m(), 200, "OK", "trunk-1", {{"Contact", "<sip:gw@127.0.0.60:5080>"}}));
  ASSERT_EQ(h.take().size(), 1u);  // the 200 to alice
  // (alice never ACKs here: the 2xx retransmissions in between are not what this test checks.)
  h.run_for(std::chrono::seconds(59), std::chrono::milliseconds(250));
  EXPECT_TRUE(byes_in(h.take()).empty());
  h.run_for(std::chrono::seconds(2), std::chrono::milliseconds(250));
  auto byes = byes_in(h.take());  // one to each party, maybe retransmitted (nobody answers them here)
  ASSERT_GE(byes.size(), 2u) << Harness::dump(byes);
  for (const auto& s : byes) {
    EXPECT_TRUE(s.to.destination == kTrunk || s.to.destination == a.source) << s.bytes;
  }
  EXPECT_TRUE(std::any_of(byes.begin(), byes.end(), [](const Sent& s) { return s.to.destination == kTrunk; }));
  EXPECT_TRUE(std::any_of(byes.begin(), byes.end(), [&](const Sent& s) { return s.to.destination == a.source; }));
  EXPECT_EQ(engine->active_calls("example.com", "alice"), 0u);
  EXPECT_EQ(engine->tracked_calls(), 0u);
}

TEST_F(ProxyFraud, FailureResponseReleasesTheCount) {
  ASSERT_EQ(dial("+442079460000").status(), 100);
  const Sent out = h.forwarded[0];
  h.deliver(kTrunk, response_to(out.m(), 486, "Busy Here", "trunk-1"));
  h.take();
  EXPECT_EQ(engine->active_calls("example.com", "alice"), 0u);
  EXPECT_EQ(dial("+442079460001").status(), 100);
}

TEST_F(ProxyFraud, UnansweredCallTimesOutAndReleasesTheCount) {
  ASSERT_EQ(dial("+442079460000").status(), 100);
  EXPECT_EQ(engine->active_calls("example.com", "alice"), 1u);
  h.run_for(std::chrono::seconds(200), std::chrono::milliseconds(500));
  h.take();
  EXPECT_EQ(engine->active_calls("example.com", "alice"), 0u);
}

}  // namespace
}  // namespace vg::proxy::test
