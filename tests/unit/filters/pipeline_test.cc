#include "filters/pipeline.h"

#include "filter_fixture.h"

namespace vg::filters::test {
namespace {

// A filter answering whatever the test sets, to exercise the pipeline's own duties.
class ScriptedFilter final : public Filter {
 public:
  ScriptedFilter(FilterMode mode, Verdict v, bool trusted_too = false)
      : Filter(mode), v_(std::move(v)), trusted_too_(trusted_too) {}
  std::string_view name() const override { return "scripted"; }
  bool applies_to_trusted() const override { return trusted_too_; }
  Verdict check(const Context& c, const sip::Message&) override {
    ++calls;
    last_account = std::string(c.account);
    last_tenant = c.tenant ? c.tenant->domain : "";
    return v_;
  }
  int calls = 0;
  std::string last_account, last_tenant;

 private:
  Verdict v_;
  bool trusted_too_;
};

class PipelineTest : public FilterTest {
 protected:
  // shared: counters that outlive the pipeline (the gateway's across reloads); null: its own.
  ScriptedFilter* make(FilterMode mode, Verdict v, std::vector<Cidr> trusted = {}, PipelineCounters* shared = nullptr) {
    cfg = load_config("");
    auto f = std::make_unique<ScriptedFilter>(mode, std::move(v));
    ScriptedFilter* raw = f.get();
    std::vector<std::unique_ptr<Filter>> list;
    list.push_back(std::move(f));
    pipeline = std::make_unique<Pipeline>(Pipeline::Deps{bans, events, clock, shared}, std::move(trusted),
                                          std::vector<std::string>{"udp4", "tcp4"}, std::move(list));
    return raw;
  }
};

TEST_F(PipelineTest, ContinueEmitsNothing) {
  auto* f = make(FilterMode::kEnforce, Verdict::pass());
  EXPECT_TRUE(run(request("OPTIONS", "1001"), ep("192.0.2.10:5060")).passes());
  EXPECT_EQ(f->calls, 1);
  EXPECT_TRUE(events.events().empty());
}

TEST_F(PipelineTest, ReplyIsReturnedCountedAndRecorded) {
  make(FilterMode::kEnforce, Verdict::reply(503, "Service Unavailable", "global", "too busy", 5));
  auto v = run(request("INVITE", "1002"), ep("192.0.2.10:5060"));
  EXPECT_EQ(v.action, Action::kReply);
  EXPECT_EQ(v.status, 503);
  EXPECT_EQ(v.retry_after, 5u);
  EXPECT_EQ(pipeline->counters("scripted")->replied.load(), 1u);
  auto ev = events.events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].kind, "filter.scripted");
  EXPECT_EQ(ev[0].filter, "scripted");
  EXPECT_EQ(ev[0].rule, "global");
  EXPECT_EQ(ev[0].action, "reply:503");
  EXPECT_EQ(ev[0].evidence, "too busy");
  EXPECT_EQ(ev[0].tenant, "example.com");
  EXPECT_EQ(ev[0].transport, "UDP");
  EXPECT_EQ(events::source_text(ev[0]), "192.0.2.10:5060");
  EXPECT_EQ(ev[0].field("user_agent"), "Yealink SIP-T46S 66.86.0.15");
}

TEST_F(PipelineTest, BanDropsAndBansTheSourceSoItsNextDatagramIsDroppedBeforeParsing) {
  make(FilterMode::kEnforce, Verdict::ban(std::chrono::hours(1), "signature", "User-Agent friendly-scanner"));
  auto v = run(request("OPTIONS", "100"), ep("192.0.2.66:5070"));
  EXPECT_EQ(v.action, Action::kDrop);
  auto b = bans.find(*IpAddress::parse("192.0.2.66"));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->rule, "scripted/signature");
  EXPECT_EQ(b->until_unix, clock.unix_seconds() + 3600);
  EXPECT_EQ(events.events().at(0).action, "ban:3600s");
  // Not even valid SIP reaches the parser now.
  EXPECT_FALSE(pipeline->admit(inbound("garbage", ep("192.0.2.66:5071"))));
  EXPECT_EQ(pipeline->stats().banned_dropped.load(), 1u);
  EXPECT_TRUE(pipeline->admit(inbound("garbage", ep("192.0.2.67:5071"))));
}

TEST_F(PipelineTest, MonitorModeRecordsButLetsThrough) {
  make(FilterMode::kMonitor, Verdict::ban(std::chrono::hours(1), "signature", "User-Agent sipvicious"));
  EXPECT_TRUE(run(request("OPTIONS", "100"), ep("192.0.2.66:5070")).passes());
  EXPECT_EQ(bans.size(), 0u);
  EXPECT_EQ(pipeline->counters("scripted")->monitored.load(), 1u);
  EXPECT_EQ(pipeline->counters("scripted")->banned.load(), 0u);
  ASSERT_EQ(events.events().size(), 1u);
  EXPECT_EQ(events.events()[0].action, "monitor:ban:3600s");
}

TEST_F(PipelineTest, TrustedSourcesSkipFiltersAndAreNeverBanned) {
  auto* f = make(FilterMode::kEnforce, Verdict::ban(std::chrono::hours(1), "x", "y"), {*Cidr::parse("203.0.113.0/24")});
  EXPECT_TRUE(run(request("INVITE", "1001"), ep("203.0.113.5:5060")).passes());
  EXPECT_EQ(f->calls, 0);
  pipeline->ban(ep("203.0.113.5:5060"), std::chrono::hours(1), "scripted", "per_source", "5 failures");
  EXPECT_EQ(bans.size(), 0u);
  EXPECT_EQ(pipeline->stats().trusted_bypass.load(), 1u);
}

TEST_F(PipelineTest, ContextCarriesTenantAndClaimedAccount) {
  auto* f = make(FilterMode::kEnforce, Verdict::pass());
  auto auth = std::string("Authorization: Digest username=\"1001\", realm=\"example.com\", nonce=\"n\", "
                          "uri=\"sip:example.com\", response=\"00000000000000000000000000000000\"\r\n");
  EXPECT_TRUE(run(request("REGISTER", "1001", auth), ep("192.0.2.10:5060")).passes());
  EXPECT_EQ(f->last_account, "1001");
  EXPECT_EQ(f->last_tenant, "example.com");
}

TEST_F(PipelineTest, EventsAreBoundedPerSecond) {
  make(FilterMode::kEnforce, Verdict::drop("per_ip", "flood"));
  for (uint32_t i = 0; i < Pipeline::kEventsPerSecond + 10; ++i) {
    EXPECT_EQ(run(request("OPTIONS", "1001", {}, "x", static_cast<int>(i + 1)), ep("192.0.2.10:5060")).action,
              Action::kDrop);
  }
  EXPECT_EQ(events.events().size(), Pipeline::kEventsPerSecond);
  EXPECT_EQ(pipeline->counters("scripted")->events_suppressed.load(), 10u);
  EXPECT_EQ(pipeline->counters("scripted")->dropped.load(), Pipeline::kEventsPerSecond + 10);
  clock.advance_seconds(1);
  (void)run(request("OPTIONS", "1001", {}, "x", 999), ep("192.0.2.10:5060"));
  EXPECT_EQ(events.events().size(), Pipeline::kEventsPerSecond + 1);
}

TEST_F(PipelineTest, SharedCountersContinueAcrossRebuilds) {
  // What a SIGHUP reload does: a new pipeline with the gateway's counters replaces the old one.
  PipelineCounters shared;
  const auto trusted = std::vector<Cidr>{*Cidr::parse("203.0.113.0/24")};
  make(FilterMode::kEnforce, Verdict::drop("per_ip", "flood"), trusted, &shared);
  EXPECT_EQ(run(request("OPTIONS", "1001"), ep("192.0.2.10:5060")).action, Action::kDrop);
  EXPECT_TRUE(run(request("OPTIONS", "1001"), ep("203.0.113.5:5060")).passes());
  pipeline->ban(ep("192.0.2.11:5060"), std::chrono::hours(1), "scripted", "per_source", "5 failures");
  EXPECT_FALSE(pipeline->admit(inbound("garbage", ep("192.0.2.11:5071"))));
  make(FilterMode::kEnforce, Verdict::drop("per_ip", "flood"), trusted, &shared);
  EXPECT_EQ(pipeline->counters("scripted")->dropped.load(), 1u);
  EXPECT_EQ(pipeline->counters("scripted")->banned.load(), 1u);
  EXPECT_EQ(pipeline->stats().trusted_bypass.load(), 1u);
  EXPECT_EQ(pipeline->stats().banned_dropped.load(), 1u);
  EXPECT_EQ(run(request("OPTIONS", "1001", {}, "x", 2), ep("192.0.2.10:5060")).action, Action::kDrop);
  EXPECT_FALSE(pipeline->admit(inbound("garbage", ep("192.0.2.11:5072"))));
  EXPECT_EQ(pipeline->counters("scripted")->dropped.load(), 2u);
  EXPECT_EQ(pipeline->stats().banned_dropped.load(), 2u);
  EXPECT_EQ(&shared.filter("scripted"), pipeline->counters("scripted"));
  // Without shared counters a pipeline starts from zero (tests, tools).
  make(FilterMode::kEnforce, Verdict::drop("per_ip", "flood"), trusted);
  EXPECT_EQ(pipeline->counters("scripted")->dropped.load(), 0u);
  EXPECT_EQ(pipeline->stats().banned_dropped.load(), 0u);
}

TEST_F(FilterTest, MalformedMessagesAreSanityEvents) {
  build("");
  pipeline->on_malformed(inbound("x", ep("192.0.2.10:5060")), sip::ParseError::kBadVia);
  auto ev = events.events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].filter, "sanity");
  EXPECT_EQ(ev[0].rule, "kBadVia");
  EXPECT_EQ(pipeline->stats().malformed.load(), 1u);
}

}  // namespace
}  // namespace vg::filters::test
