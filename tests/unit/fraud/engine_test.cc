// The fraud engine's rules, scoring and actions, call lifecycle and live limits (issue 6 items 3-4).
#include "fraud/engine.h"

#include <algorithm>

#include "fraud_fixture.h"

namespace vg::fraud {
namespace {

using testing::FraudEngineTest;
using testing::german_tenant;
using testing::kFriday0300;
using testing::kFriday1000;

class FraudNight : public FraudEngineTest {
 protected:
  FraudNight() : FraudEngineTest(kFriday0300) {}
};

TEST_F(FraudNight, InternationalBurstIsBlockedAfterTheCountThenSuspended) {
  make_engine(german_tenant());
  EXPECT_EQ(call("90044207946000" + std::to_string(0)).action, Action::kAllow);
  EXPECT_EQ(call("+442079460001").action, Action::kAllow);
  // Out of hours the limit is 2 per hour: each further one scores 60 (>= block 50).
  for (int i = 0; i < 3; ++i) {
    Decision d = call("+44207946001" + std::to_string(i));
    EXPECT_EQ(d.action, Action::kBlock) << i;
    ASSERT_EQ(d.hits.size(), 1u);
    EXPECT_EQ(d.hits[0].rule, Rule::kInternationalPerHour);
    EXPECT_TRUE(d.out_of_hours);
    EXPECT_EQ(d.hits[0].evidence, "2 international calls in 1 h (limit 2 outside business hours)");
  }
  // 4 x 60 = 240 >= 200 in the scoring window: suspended.
  EXPECT_EQ(call("+442079460020").action, Action::kSuspend);
  EXPECT_TRUE(engine_->suspended("example.com", "alice"));
  EXPECT_EQ(events_.count("fraud.block"), 3u);
  EXPECT_EQ(events_.count("fraud.suspend"), 1u);
  // New calls are refused, even national ones, with a neutral reason.
  Decision d = call("030123456");
  EXPECT_EQ(d.action, Action::kBlock);
  EXPECT_EQ(d.hits[0].rule, Rule::kSuspended);
  EXPECT_EQ(Decision::reason_phrase(), "Forbidden");
  // The two admitted international calls are torn down.
  auto t = engine_->due();
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].reason, "account suspended");
  // Emergency calls still go through.
  EXPECT_EQ(call("112").action, Action::kAllow);
  EXPECT_EQ(call("9110").action, Action::kAllow);
  // Another account is not affected.
  EXPECT_EQ(call("+442079460030", "bob").action, Action::kAllow);
  engine_->enable("example.com", "alice");
  EXPECT_FALSE(engine_->suspended("example.com", "alice"));
  EXPECT_EQ(events_.count("fraud.enable"), 1u);
  engine_->enable("example.com", "alice");  // not suspended any more: no second event
  EXPECT_EQ(events_.count("fraud.enable"), 1u);
  EXPECT_EQ(call("030123456").action, Action::kAllow);
}

TEST_F(FraudEngineTest, BusinessHoursAllowTheBurst) {
  make_engine(german_tenant());
  for (int i = 0; i < 10; ++i) EXPECT_EQ(call("+4420794600" + std::to_string(10 + i)).action, Action::kAllow) << i;
}

TEST_F(FraudEngineTest, PremiumIsBlockedHoweverItIsDialled) {
  TenantRules t = german_tenant();
  t.plan.international_prefixes = {"00", "011"};
  make_engine(t);
  for (const char* dialled : {"9011449098790000", "+00449098790000", "0+449098790000", "%2B449098790000",
                              "++449098790000", "90900123456", "0900123456", "+1-900-555-0100", "*21*0900123456#"}) {
    SCOPED_TRACE(dialled);
    Decision d = call(dialled);
    EXPECT_EQ(d.action, Action::kBlock);
    ASSERT_FALSE(d.hits.empty());
    EXPECT_EQ(d.hits[0].rule, Rule::kClassNotAllowed);
    EXPECT_NE(classes_text(d.classification.classes).find("premium"), std::string::npos);
    engine_->enable("example.com", "alice");  // keep the score from suspending the account mid-table
  }
}

TEST_F(FraudEngineTest, CallsAreCountedByDestinationClass) {
  make_engine(german_tenant());
  auto n = [&](DestClass c) { return engine_->stats().by_class[static_cast<std::size_t>(c)].load(); };
  call("+442079460010");  // international
  call("030123456");      // national
  call("0151234567");     // mobile (national too)
  call("112");            // emergency: counted, never limited
  EXPECT_EQ(n(DestClass::kInternational), 1u);
  EXPECT_EQ(n(DestClass::kNational), 2u);
  EXPECT_EQ(n(DestClass::kMobile), 1u);
  EXPECT_EQ(n(DestClass::kEmergency), 1u);
  EXPECT_EQ(n(DestClass::kPremium), 0u);
  EXPECT_EQ(engine_->stats().evaluated.load(), 4u);
}

TEST_F(FraudEngineTest, TenantsWithoutAPolicyAreOnlyCountedByClass) {
  make_engine(german_tenant());  // example.com has a policy; other.example has none
  auto n = [&](DestClass c) { return engine_->stats().by_class[static_cast<std::size_t>(c)].load(); };
  auto other = [&](std::string_view dialled) {
    CallRequest r;
    r.tenant = "other.example";
    r.account = "bob";
    r.call_id = dialled;
    r.from_tag = "tag";
    r.dialled = dialled;
    return engine_->on_invite(r);
  };
  for (const char* dialled : {"+449098790000", "%2B449098790000", "+442079460010", "030123456", "112", "911",
                              "1234", "sip-user", "*21*+449098790000#"}) {
    SCOPED_TRACE(dialled);
    const Decision d = other(dialled);
    EXPECT_FALSE(d.checked);
    EXPECT_EQ(d.action, Action::kAllow);  // premium included: no policy, nothing is refused
  }
  EXPECT_EQ(n(DestClass::kPremium), 3u);    // '+', escaped '+', and inside a service code
  EXPECT_EQ(n(DestClass::kService), 1u);
  EXPECT_EQ(n(DestClass::kEmergency), 2u);  // 112 and 911 without a plan
  EXPECT_EQ(n(DestClass::kShortCode), 1u);
  EXPECT_EQ(n(DestClass::kInvalid), 1u);
  // National or international needs the home country: not guessed.
  EXPECT_EQ(n(DestClass::kInternational), 0u);
  EXPECT_EQ(n(DestClass::kNational), 0u);
  EXPECT_EQ(engine_->stats().unclassified.load(), 2u);  // +44 20 (geographic) and 030... (national format)
  EXPECT_EQ(engine_->stats().evaluated.load(), 0u);
  EXPECT_EQ(engine_->tracked_calls(), 0u);
  EXPECT_TRUE(events_.events().empty());
  EXPECT_TRUE(cdrs().empty());
  // The tenant with a policy: the same premium number is classified, evaluated and refused.
  EXPECT_EQ(call("+449098790000").action, Action::kBlock);
  EXPECT_EQ(n(DestClass::kPremium), 4u);
  EXPECT_EQ(n(DestClass::kInternational), 1u);
  EXPECT_EQ(engine_->stats().unclassified.load(), 2u);
}

TEST_F(FraudEngineTest, DisguisedNumbersAreScored) {
  make_engine(german_tenant());
  Decision d = call("%2B442079460000");
  EXPECT_EQ(d.action, Action::kWarn);
  ASSERT_EQ(d.hits.size(), 1u);
  EXPECT_EQ(d.hits[0].rule, Rule::kDisguisedNumber);
  EXPECT_EQ(events_.count("fraud.warn"), 1u);
}

TEST_F(FraudEngineTest, CountriesAndHighRisk) {
  TenantRules t = german_tenant();
  t.policy.in_hours.blocked_countries = {"CU"};
  t.policy.in_hours.allowed_classes |= bit(DestClass::kHighRisk);
  make_engine(t);
  Decision d = call("005371234567");
  EXPECT_EQ(d.action, Action::kBlock);
  EXPECT_EQ(d.hits[0].rule, Rule::kCountryNotAllowed);
  d = call("00252612345678");  // Somalia: allowed as high-risk, scored as a warning
  EXPECT_EQ(d.action, Action::kWarn);
  EXPECT_EQ(d.hits[0].rule, Rule::kHighRisk);
  t.policy.in_hours.allowed_countries = {"DE", "AT"};
  make_engine(t);
  EXPECT_EQ(call("0043123456789").action, Action::kAllow);
  EXPECT_EQ(call("0033123456789").action, Action::kBlock);
}

TEST_F(FraudEngineTest, ConcurrencyCountsReleaseOnEveryWayACallEnds) {
  TenantRules t = german_tenant();
  t.policy.in_hours.max_concurrent = 5;
  t.policy.scoring.suspend = 0;  // no suspension in this test
  make_engine(t);
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(call("03012345" + std::to_string(i)).action, Action::kAllow);
    ids.push_back(last_call_);
  }
  EXPECT_EQ(engine_->active_calls("example.com", "alice"), 5u);
  Decision sixth = call("030123459");
  EXPECT_EQ(sixth.action, Action::kBlock);
  EXPECT_EQ(sixth.hits[0].rule, Rule::kConcurrentCalls);
  const char* ways[] = {"caller hung up", "callee hung up", "cancelled", "rejected 486", "no answer (timeout)"};
  engine_->on_answer(ids[0], "tag");
  engine_->on_answer(ids[1], "tag");
  for (size_t i = 0; i < 5; ++i) {
    end(ids[i], ways[i]);
    EXPECT_EQ(engine_->active_calls("example.com", "alice"), 4u) << ways[i];
    ASSERT_EQ(call("030123450").action, Action::kAllow) << ways[i];
    ids[i] = last_call_;
  }
  for (const auto& id : ids) end(id, "caller hung up");
  EXPECT_EQ(engine_->active_calls("example.com", "alice"), 0u);
  EXPECT_EQ(engine_->tracked_calls(), 0u);
  // Each way shows in the CDRs.
  std::vector<std::string> dispositions;
  for (const auto& c : cdrs()) dispositions.push_back(c.disposition + "/" + c.hangup);
  for (const char* want : {"answered/caller", "answered/callee", "cancelled/caller", "busy/", "no_answer/",
                           "blocked/"}) {
    EXPECT_NE(std::find(dispositions.begin(), dispositions.end(), want), dispositions.end()) << want;
  }
}

TEST_F(FraudEngineTest, CallsPerMinuteAndSameNumber) {
  TenantRules t = german_tenant();
  t.policy.in_hours.calls_per_minute = 3;
  t.policy.in_hours.same_number_max = 2;
  t.policy.scoring.suspend = 0;
  make_engine(t);
  EXPECT_EQ(call("030111111").action, Action::kAllow);
  EXPECT_EQ(call("030 111111").action, Action::kAllow);
  Decision d = call("+4930111111");  // the same number written differently
  EXPECT_EQ(d.action, Action::kWarn);  // same_number weight 40: warn, not block
  EXPECT_EQ(d.hits[0].rule, Rule::kSameNumber);
  d = call("030222222");
  EXPECT_EQ(d.action, Action::kBlock);
  EXPECT_EQ(d.hits[0].rule, Rule::kCallsPerMinute);
  clock_.advance_seconds(61);
  EXPECT_EQ(call("030222222").action, Action::kAllow);
}

TEST_F(FraudEngineTest, MaxDurationIsEnforcedLive) {
  TenantRules t = german_tenant();
  t.policy.in_hours.max_duration = std::chrono::seconds(120);
  make_engine(t);
  ASSERT_EQ(call("030123456").action, Action::kAllow);
  const std::string id = last_call_;
  clock_.advance_seconds(5);
  engine_->on_answer(id, "tag");
  clock_.advance_seconds(119);
  EXPECT_TRUE(engine_->due().empty());
  clock_.advance_seconds(1);
  auto t1 = engine_->due();
  ASSERT_EQ(t1.size(), 1u);
  EXPECT_EQ(t1[0].call_id, id);
  EXPECT_EQ(t1[0].from_tag, "tag");
  EXPECT_EQ(t1[0].reason, "maximum call duration");
  EXPECT_TRUE(engine_->due().empty());  // asked once
  end(id, "caller hung up");            // the BYE we sent ends the dialog
  auto c = cdrs().back();
  EXPECT_EQ(c.disposition, "torn_down");
  EXPECT_EQ(c.hangup, "gateway");
  EXPECT_EQ(c.billable_s, 120);
  EXPECT_EQ(c.duration_s, 125);
}

TEST_F(FraudEngineTest, EmergencyCallsAreNeverLimited) {
  TenantRules t = german_tenant();
  t.policy.in_hours.allowed_classes = 0;
  t.policy.in_hours.max_concurrent = 1;
  t.policy.in_hours.max_duration = std::chrono::seconds(10);
  make_engine(t);
  engine_->suspend("example.com", "alice", "test");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(call("112").action, Action::kAllow);
  engine_->on_answer(last_call_, "tag");
  clock_.advance_seconds(3600);
  EXPECT_TRUE(engine_->due().empty());
  EXPECT_EQ(engine_->stats().emergency.load(), 3u);
}

TEST_F(FraudEngineTest, SpendLimitEndsTheCallThatCrossesIt) {
  TenantRules t = german_tenant();
  auto rates = RateTable::parse("# prefix,per minute,setup,increments\n44,1.20,0,60/60\n4420,0.50,0.10,1/1\n", "rates.csv");
  ASSERT_TRUE(rates) << rates.error();
  t.rates = *rates;
  t.policy.in_hours.spend_per_day = 5'000'000;  // 5.00
  make_engine(t);
  ASSERT_EQ(call("0044161000000").action, Action::kAllow);  // 1.20 per started minute
  const std::string id = last_call_;
  engine_->on_answer(id, "tag");
  clock_.advance_seconds(240);  // 4 minutes: 4.80
  EXPECT_TRUE(engine_->due().empty());
  clock_.advance_seconds(1);    // the 5th minute starts: 6.00 > 5.00
  auto td = engine_->due();
  ASSERT_EQ(td.size(), 1u);
  EXPECT_EQ(td[0].reason, "spend limit reached");
  EXPECT_EQ(events_.count("fraud.teardown"), 1u);
  end(id, "caller hung up");
  EXPECT_EQ(cdrs().back().cost_micros, 6'000'000);
  EXPECT_EQ(engine_->spent_today("example.com", "alice"), 6'000'000);
  // Over the limit: the next call is blocked at once.
  Decision d = call("0044161000000");
  EXPECT_EQ(d.action, Action::kBlock);
  EXPECT_EQ(d.hits[0].rule, Rule::kSpendPerDay);
  // Tomorrow (local day) the daily sum starts again.
  clock_.advance_seconds(86400);
  EXPECT_EQ(call("0044161000000").action, Action::kAllow);
}

TEST_F(FraudEngineTest, SpendIsRestoredFromTheCdrsAtStart) {
  // Friday 2026-11-27 10:00 at UTC+01:00; CDR costs of today, of earlier this month, of last month.
  TenantRules t = german_tenant();
  auto rates = RateTable::parse("44,1.20,0,60/60\n", "rates.csv");
  ASSERT_TRUE(rates) << rates.error();
  t.rates = *rates;
  t.policy.in_hours.spend_per_day = 5'000'000;
  t.policy.in_hours.spend_per_month = 20'000'000;
  make_engine(t);
  const int64_t now_ms = testing::kFriday1000 * 1000;
  engine_->restore_spend("example.com", "alice", now_ms - 3'600'000, 3'000'000);             // 09:00 today
  engine_->restore_spend("example.com", "alice", now_ms - 10 * 3'600'000 + 60'000, 1'000'000);  // 00:01 today
  engine_->restore_spend("example.com", "alice", now_ms - 10 * 3'600'000 - 60'000, 9'000'000);  // 23:59 yesterday
  engine_->restore_spend("example.com", "alice", now_ms - int64_t{27} * 86'400'000, 50'000'000);  // October 31st
  engine_->restore_spend("other.example", "alice", now_ms, 7'000'000);                     // no such tenant
  EXPECT_EQ(engine_->spent_today("example.com", "alice"), 4'000'000);
  EXPECT_EQ(call("0044161000000").action, Action::kAllow);  // 4.00 of 5.00 today, 13.00 of 20.00 this month
  end(last_call_, "cancelled");
  engine_->restore_spend("example.com", "alice", now_ms - 5 * 86'400'000, 8'000'000);      // 21.00 this month
  Decision d = call("0044161000000");
  EXPECT_EQ(d.action, Action::kBlock);
  ASSERT_EQ(d.hits.size(), 1u);
  EXPECT_EQ(d.hits[0].rule, Rule::kSpendPerMonth);
}

TEST_F(FraudEngineTest, CallsUpWhenTheGatewayStopsGetTheirCdr) {
  TenantRules t = german_tenant();
  auto rates = RateTable::parse("44,0.60,0,1/1\n", "rates.csv");
  ASSERT_TRUE(rates) << rates.error();
  t.rates = *rates;
  make_engine(t);
  ASSERT_EQ(call("0044161000000").action, Action::kAllow);
  engine_->on_answer(last_call_, "tag");
  ASSERT_EQ(call("0044161000001").action, Action::kAllow);  // still ringing
  clock_.advance_seconds(10);
  engine_->end_all();
  EXPECT_EQ(engine_->tracked_calls(), 0u);
  EXPECT_EQ(engine_->active_calls("example.com", "alice"), 0u);
  auto c = cdrs();
  ASSERT_EQ(c.size(), 2u);
  std::sort(c.begin(), c.end(), [](const Cdr& a, const Cdr& b) { return a.call_id < b.call_id; });
  EXPECT_EQ(c[0].disposition, "interrupted");
  EXPECT_EQ(c[0].hangup, "");
  EXPECT_EQ(c[0].billable_s, 10);
  EXPECT_EQ(c[0].cost_micros, 100'000);  // 10 s at 0.60 a minute
  EXPECT_EQ(c[1].disposition, "interrupted");
  EXPECT_EQ(c[1].answer_ms, 0);
  EXPECT_EQ(engine_->spent_today("example.com", "alice"), 100'000);
  engine_->end_all();  // nothing left: no second CDR
  EXPECT_EQ(cdrs().size(), 2u);
}

TEST_F(FraudEngineTest, BlockedAttemptsGetACdrAndAnEvent) {
  make_engine(german_tenant());
  Decision d = call("9011881612345678");
  EXPECT_EQ(d.action, Action::kBlock);
  auto c = cdrs();
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].disposition, "blocked");
  EXPECT_EQ(c[0].sip_status, 403);
  EXPECT_EQ(c[0].action, "block");
  ASSERT_EQ(c[0].rule_list.size(), 1u);
  EXPECT_EQ(c[0].rule_list[0].first, "class_not_allowed");
  EXPECT_EQ(c[0].callee_raw, "9011881612345678");
  EXPECT_EQ(c[0].callee_e164, "");  // 011 is not an international prefix in Germany: 9 + 011881... is national
  auto e = events_.events();
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].filter, "fraud");
  EXPECT_EQ(e[0].action, "reply:403");
}

TEST_F(FraudEngineTest, TenantsWithoutPolicyAreNotChecked) {
  make_engine(german_tenant());
  CallRequest r;
  r.tenant = "other.example";
  r.account = "x";
  r.dialled = "0900123456";
  Decision d = engine_->on_invite(r);
  EXPECT_FALSE(d.checked);
  EXPECT_TRUE(d.allowed());
}

TEST_F(FraudEngineTest, PerAccountOverride) {
  TenantRules t = german_tenant();
  Policy vip = t.policy;
  vip.in_hours.allowed_classes |= bit(DestClass::kPremium);
  t.accounts.emplace("boss", vip);
  make_engine(t);
  EXPECT_EQ(call("0900123456", "alice").action, Action::kBlock);
  EXPECT_EQ(call("0900123456", "boss").action, Action::kAllow);
}

TEST_F(FraudEngineTest, IdleAccountStateExpires) {
  make_engine(german_tenant());
  for (int i = 0; i < 100; ++i) {
    ASSERT_EQ(call("030123456", "user" + std::to_string(i)).action, Action::kAllow);
    end(last_call_, "caller hung up");
  }
  EXPECT_EQ(engine_->tracked_accounts(), 100u);
  clock_.advance_seconds(86400 + 1);
  engine_->expire();
  EXPECT_EQ(engine_->tracked_accounts(), 0u);
}

}  // namespace
}  // namespace vg::fraud
