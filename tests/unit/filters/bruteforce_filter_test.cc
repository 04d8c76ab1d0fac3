#include "filters/bruteforce/bruteforce_filter.h"

#include "filter_fixture.h"

namespace vg::filters::test {
namespace {

std::string creds(std::string_view user) {
  return "Authorization: Digest username=\"" + std::string(user) +
         "\", realm=\"example.com\", nonce=\"n\", uri=\"sip:example.com\", "
         "response=\"00000000000000000000000000000000\"\r\n";
}

constexpr std::string_view kBrute = R"(filters:
  bruteforce:
    max_failures: 3
    window: 60s
    ban_for: 10m
    max_ban: 25m
    account_failures: 6
    account_sources: 3
    account_lock: 5m
)";

TEST_F(FilterTest, FailuresFromOneSourceBanItWithEscalation) {
  build(kBrute);
  const auto src = ep("127.0.0.5:5060");
  bruteforce::report_failure(*pipeline, src, "1001", clock.mono());
  bruteforce::report_failure(*pipeline, src, "1001", clock.mono());
  EXPECT_FALSE(bans.is_banned(src.address));
  bruteforce::report_failure(*pipeline, src, "1001", clock.mono());
  auto b = bans.find(src.address);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->until_unix - clock.unix_seconds(), 600);
  EXPECT_EQ(b->rule, "bruteforce/per_source");
  EXPECT_EQ(b->reason, "3 authentication failures in 60 s (offence 1)");
  // After the ban, a repeat offender is banned twice as long, then capped at max_ban.
  clock.advance_seconds(601);
  for (int i = 0; i < 3; ++i) bruteforce::report_failure(*pipeline, src, "1001", clock.mono());
  EXPECT_EQ(bans.find(src.address)->until_unix - clock.unix_seconds(), 1200);
  clock.advance_seconds(1201);
  for (int i = 0; i < 3; ++i) bruteforce::report_failure(*pipeline, src, "1001", clock.mono());
  EXPECT_EQ(bans.find(src.address)->until_unix - clock.unix_seconds(), 1500);
}

TEST_F(FilterTest, FailuresOutsideTheWindowDoNotAddUp) {
  build(kBrute);
  const auto src = ep("192.0.2.5:5060");
  for (int i = 0; i < 10; ++i) {
    bruteforce::report_failure(*pipeline, src, "1001", clock.mono());
    clock.advance_seconds(31);
  }
  EXPECT_FALSE(bans.is_banned(src.address));
}

TEST_F(FilterTest, DistributedCrackingLocksTheAccountButNotItsRegisteredPhones) {
  const auto phone = ep("10.1.1.1:5060");
  BuildInputs in;
  in.has_binding = [&](std::string_view account, std::string_view tenant, const IpAddress& a) {
    return account == "1001" && tenant == "example.com" && a == phone.address;
  };
  build(kBrute, std::move(in));
  // Six failures from three sources, two each (no source reaches its own ban threshold).
  for (int i = 0; i < 6; ++i) {
    bruteforce::report_failure(*pipeline, ep("203.0.113." + std::to_string(i % 3 + 1) + ":5060"), "1001", clock.mono());
  }
  EXPECT_EQ(bans.size(), 0u);
  auto ev = events.events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].rule, "account_lock");
  EXPECT_EQ(ev[0].account, "1001");
  EXPECT_EQ(ev[0].evidence, "account 1001: 6 failures from 3 sources; locked for 300 s");
  // The cracker's next guess is answered as a wrong password; the registered phone keeps working.
  auto v = run(request("REGISTER", "1001", creds("1001")), ep("203.0.113.9:5060"));
  EXPECT_EQ(v.status, 403);
  EXPECT_EQ(v.reason, "Forbidden");
  auto ok = run(request("REGISTER", "1001", creds("1001")), phone);
  EXPECT_TRUE(ok.passes()) << ok.rule << " " << ok.evidence;
  EXPECT_TRUE(run(request("REGISTER", "1002", creds("1002")), ep("10.1.2.3:5060")).passes());  // another account
  // The lock ends.
  clock.advance_seconds(301);
  EXPECT_TRUE(run(request("REGISTER", "1001", creds("1001")), ep("203.0.113.9:5060")).passes());
}

TEST_F(FilterTest, BruteForceMonitorModeOnlyRecords) {
  build("filters:\n  bruteforce: { mode: monitor, max_failures: 2 }\n");
  const auto src = ep("192.0.2.5:5060");
  bruteforce::report_failure(*pipeline, src, "1001", clock.mono());
  bruteforce::report_failure(*pipeline, src, "1001", clock.mono());
  EXPECT_EQ(bans.size(), 0u);
  ASSERT_EQ(events.events().size(), 1u);
  EXPECT_EQ(events.events()[0].action, "monitor:ban:600s");
}

TEST_F(FilterTest, TrustedSourcesAreNotCounted) {
  build(std::string(kBrute) + "  trusted: [192.0.2.0/24]\n");
  for (int i = 0; i < 10; ++i) bruteforce::report_failure(*pipeline, ep("192.0.2.5:5060"), "1001", clock.mono());
  EXPECT_EQ(bans.size(), 0u);
  EXPECT_TRUE(events.events().empty());
}

}  // namespace
}  // namespace vg::filters::test
