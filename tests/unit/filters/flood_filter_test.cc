#include "filters/flood/flood_filter.h"

#include "filter_fixture.h"
#include "filters/flood/gcra.h"

namespace vg::filters::test {
namespace {

using namespace std::chrono_literals;

TEST(FiltersGcra, BurstThenSteadyRate) {
  const auto p = flood::gcra_params(Rate{10, 5s});  // 10 at once, then one per 500 ms
  int64_t tat = 0;
  const int64_t t0 = 1'000'000'000'000;
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(flood::gcra_admit(tat, t0, p)) << i;
  EXPECT_FALSE(flood::gcra_admit(tat, t0, p));
  EXPECT_FALSE(flood::gcra_admit(tat, t0 + 499'000'000, p));
  EXPECT_TRUE(flood::gcra_admit(tat, t0 + 500'000'000, p));
  EXPECT_FALSE(flood::gcra_admit(tat, t0 + 500'000'000, p));
  EXPECT_EQ(flood::gcra_retry_after(tat, t0 + 500'000'000, p), 1u);
  // After a quiet period the whole burst is back.
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(flood::gcra_admit(tat, t0 + 10'000'000'000, p)) << i;
}

TEST(FiltersGcra, KnownNetworkFactorMultipliesRateAndBurst) {
  const auto p = flood::gcra_params(Rate{10, 5s}, 20);
  int64_t tat = 0;
  int admitted = 0;
  while (flood::gcra_admit(tat, 1'000'000'000, p)) ++admitted;
  EXPECT_EQ(admitted, 200);
}

TEST(FiltersGcra, AtomicVersionAgrees) {
  const auto p = flood::gcra_params(Rate{3, 1s});
  std::atomic<int64_t> tat{0};
  EXPECT_TRUE(flood::gcra_admit(tat, 5, p));
  EXPECT_TRUE(flood::gcra_admit(tat, 5, p));
  EXPECT_TRUE(flood::gcra_admit(tat, 5, p));
  EXPECT_FALSE(flood::gcra_admit(tat, 5, p));
}

constexpr std::string_view kFlood = R"(filters:
  scanner: { sweep_users: 0 }
  flood:
    per_ip: { requests: 20, per: 10s }
    invite_per_ip: { requests: 3, per: 10s }
    register_per_ip: { requests: 4, per: 10s }
    per_account: { requests: 5, per: 10s }
    global: { requests: 50, per: 10s }
    known_networks: [10.9.0.0/16]
    known_network_factor: 10
    retry_after: 7s
  bruteforce: { account_failures: 0 }
)";

TEST_F(FilterTest, InvitePerIpDropsSilentlyAndOtherSourcesAreUnaffected) {
  build(kFlood);
  const auto attacker = ep("192.0.2.6:5060"), office = ep("192.0.2.2:5060");
  for (int i = 1; i <= 3; ++i) EXPECT_TRUE(run(request("INVITE", "1001", {}, "x", i), attacker).passes()) << i;
  auto v = run(request("INVITE", "1001", {}, "x", 4), attacker);
  EXPECT_EQ(v.action, Action::kDrop);
  EXPECT_EQ(v.rule, "invite_per_ip");
  EXPECT_EQ(v.evidence, "more than 3 INVITE in 10 s");
  EXPECT_TRUE(run(request("OPTIONS", "1001", {}, "x", 5), attacker).passes());  // other methods still pass
  EXPECT_TRUE(run(request("INVITE", "1001", {}, "x", 1), office).passes());
  clock.advance_seconds(4);  // one INVITE per 3.33 s refills
  EXPECT_TRUE(run(request("INVITE", "1001", {}, "x", 6), attacker).passes());
}

TEST_F(FilterTest, PerIpCountsEveryDatagramBeforeParsing) {
  build(kFlood);
  const auto src = ep("192.0.2.7:5060");
  for (int i = 0; i < 20; ++i) EXPECT_TRUE(pipeline->admit(inbound("junk", src))) << i;
  EXPECT_FALSE(pipeline->admit(inbound("junk", src)));
  EXPECT_EQ(events.events().back().rule, "per_ip");
  EXPECT_EQ(events.events().back().action, "drop");
}

TEST_F(FilterTest, KnownNetworksGetMultipliedLimits) {
  build(kFlood);
  const auto nat = ep("10.9.1.1:5060");
  for (int i = 1; i <= 30; ++i) EXPECT_TRUE(run(request("INVITE", "1001", {}, "x", i), nat).passes()) << i;
}

TEST_F(FilterTest, PerAccountLimitAnswers503WithRetryAfter) {
  build(kFlood);
  auto auth = std::string("Proxy-Authorization: Digest username=\"1001\", realm=\"example.com\", nonce=\"n\", "
                          "uri=\"sip:1002@example.com\", response=\"00000000000000000000000000000000\"\r\n");
  // From many addresses of a known network, so per-IP limits do not interfere.
  for (int i = 1; i <= 5; ++i) {
    EXPECT_TRUE(run(request("OPTIONS", "1002", auth, "x", i), ep("10.9.0." + std::to_string(i) + ":5060")).passes());
  }
  auto v = run(request("OPTIONS", "1002", auth, "x", 6), ep("10.9.0.6:5060"));
  EXPECT_EQ(v.action, Action::kReply);
  EXPECT_EQ(v.status, 503);
  EXPECT_EQ(v.retry_after, 7u);
  EXPECT_EQ(v.rule, "per_account");
  // Another account is not limited.
  EXPECT_TRUE(run(request("OPTIONS", "1001", {}, "x", 7), ep("10.9.0.7:5060")).passes());
}

TEST_F(FilterTest, GlobalLimitAnswers503OnlyForAdmittedTraffic) {
  build(kFlood);
  // A flood from one source is dropped by its per-IP bucket and does not use the global budget.
  for (int i = 1; i <= 100; ++i) (void)run(request("INVITE", "1001", {}, "x", i), ep("192.0.2.6:5060"));
  int passed = 0, refused = 0;
  for (int i = 1; i <= 60; ++i) {
    auto v = run(request("OPTIONS", "1001", {}, "x", i), ep("198.51.100." + std::to_string(i) + ":5060"));
    if (v.passes()) ++passed;
    if (v.status == 503) {
      ++refused;
      EXPECT_EQ(v.rule, "global");
      EXPECT_EQ(v.retry_after, 7u);
    }
  }
  EXPECT_EQ(passed, 50 - 3);  // 3 INVITEs of the flooder were admitted before its bucket ran dry
  EXPECT_EQ(refused, 13);
}

TEST_F(FilterTest, TrustedSourcesAreNeverRateLimited) {
  build(std::string(kFlood) + "  trusted: [192.0.2.50]\n");
  for (int i = 1; i <= 40; ++i) {
    ASSERT_TRUE(pipeline->admit(inbound("x", ep("192.0.2.50:5060"))));
    EXPECT_TRUE(run(request("INVITE", "1001", {}, "x", i), ep("192.0.2.50:5060")).passes()) << i;
  }
}

TEST(FiltersFlood, MillionSourcesStayBounded) {
  flood::FloodConfig c;
  c.max_sources = 100'000;
  flood::FloodFilter f(c);
  FakeClock clock;
  SourceInfo s;
  s.now = clock.mono();
  // A million distinct (spoofed) sources: the table stops at its bound and admits the rest untracked.
  for (uint32_t i = 0; i < 1'000'000; ++i) {
    s.source = Endpoint{IpAddress::v4(0x0A000000U + i), 5060};
    ASSERT_TRUE(f.check_source(s).passes());
  }
  EXPECT_LE(f.tracked_sources(), 100'000u + 64u);
  EXPECT_GE(f.untracked_sources(), 1'000'000u - 100'000u - 64u);
  // Once their buckets are full again (idle), the ticks forget them all.
  clock.advance_seconds(10);
  for (int i = 0; i < 64; ++i) f.on_tick(clock.mono());
  EXPECT_EQ(f.tracked_sources(), 0u);
  // A flooding source is still limited after the sweep.
  s.now = clock.mono();
  s.source = ep("192.0.2.1:5060");
  int admitted = 0;
  for (int i = 0; i < 100; ++i) admitted += f.check_source(s).passes() ? 1 : 0;
  EXPECT_EQ(admitted, 50);
}

}  // namespace
}  // namespace vg::filters::test
