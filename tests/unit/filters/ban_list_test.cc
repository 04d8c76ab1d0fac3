#include "filters/ban/ban_list.h"

#include <gtest/gtest.h>

namespace vg::filters {
namespace {

IpAddress ip(std::string_view s) { return *IpAddress::parse(s); }

struct RecordingObserver final : BanObserver {
  void on_ban_added(const BanEntry& e) override { added.push_back(e.network.to_string()); }
  void on_ban_removed(const Cidr& n) override { removed.push_back(n.to_string()); }
  std::vector<std::string> added, removed;
};

BanEntry host_ban(const BanList& l, std::string_view a, int64_t until) {
  BanEntry e;
  e.network = l.host_network(ip(a));
  e.until_unix = until;
  e.reason = "test";
  e.rule = "cli";
  return e;
}

TEST(FiltersBanList, EmptyBansNothing) {
  FakeClock clock;
  BanList l(clock);
  EXPECT_FALSE(l.is_banned(ip("192.0.2.1")));
  EXPECT_EQ(l.size(), 0u);
}

TEST(FiltersBanList, Ipv4HostBanCoversOnlyThatAddress) {
  FakeClock clock;
  BanList l(clock);
  l.add(host_ban(l, "192.0.2.1", 0));
  EXPECT_TRUE(l.is_banned(ip("192.0.2.1")));
  EXPECT_TRUE(l.is_banned(ip("::ffff:192.0.2.1")));  // the mapped spelling is the same address
  EXPECT_FALSE(l.is_banned(ip("192.0.2.2")));
}

TEST(FiltersBanList, Ipv6BanCoversTheConfiguredPrefix) {
  FakeClock clock;
  BanList l(clock, 64);
  l.add(host_ban(l, "2001:db8:1:2::99", 0));
  EXPECT_TRUE(l.is_banned(ip("2001:db8:1:2:ffff::1")));  // same /64: rotating addresses does not help
  EXPECT_FALSE(l.is_banned(ip("2001:db8:1:3::99")));
  EXPECT_EQ(l.list().at(0).network.to_string(), "2001:db8:1:2::/64");
  BanList narrow(clock, 128);
  narrow.add(host_ban(narrow, "2001:db8:1:2::99", 0));
  EXPECT_FALSE(narrow.is_banned(ip("2001:db8:1:2::98")));
}

TEST(FiltersBanList, NetworkBansAndMostSpecificFirst) {
  FakeClock clock;
  BanList l(clock);
  BanEntry net;
  net.network = *Cidr::parse("198.51.100.0/24");
  net.rule = "feed:test";
  l.add(net);
  l.add(host_ban(l, "198.51.100.7", 0));
  EXPECT_TRUE(l.is_banned(ip("198.51.100.200")));
  EXPECT_EQ(l.find(ip("198.51.100.7"))->rule, "cli");
  EXPECT_EQ(l.find(ip("198.51.100.8"))->rule, "feed:test");
  EXPECT_FALSE(l.is_banned(ip("198.51.101.1")));
}

TEST(FiltersBanList, ExpiresWithTheClock) {
  FakeClock clock;
  BanList l(clock);
  RecordingObserver obs;
  l.set_observer(&obs);
  l.add(host_ban(l, "192.0.2.1", clock.unix_seconds() + 60));
  clock.advance_seconds(59);
  EXPECT_TRUE(l.is_banned(ip("192.0.2.1")));
  clock.advance_seconds(1);
  EXPECT_FALSE(l.is_banned(ip("192.0.2.1")));
  EXPECT_EQ(l.expire(), 1u);
  EXPECT_EQ(l.size(), 0u);
  EXPECT_EQ(obs.removed, std::vector<std::string>{"192.0.2.1/32"});
}

TEST(FiltersBanList, LongerBanWinsAndRemoveIsImmediate) {
  FakeClock clock;
  BanList l(clock);
  const int64_t now = clock.unix_seconds();
  l.add(host_ban(l, "192.0.2.1", now + 600));
  l.add(host_ban(l, "192.0.2.1", now + 60));  // shorter: ignored
  EXPECT_EQ(l.find(ip("192.0.2.1"))->until_unix, now + 600);
  l.add(host_ban(l, "192.0.2.1", 0));  // permanent wins
  EXPECT_EQ(l.find(ip("192.0.2.1"))->until_unix, 0);
  EXPECT_EQ(l.size(), 1u);
  EXPECT_TRUE(l.remove(*Cidr::parse("192.0.2.1")));
  EXPECT_FALSE(l.is_banned(ip("192.0.2.1")));
  EXPECT_FALSE(l.remove(*Cidr::parse("192.0.2.1")));
}

TEST(FiltersBanList, RemoveByIpv6AddressFindsItsPrefix) {
  FakeClock clock;
  BanList l(clock);
  l.add(host_ban(l, "2001:db8::5", 0));
  EXPECT_TRUE(l.remove(*Cidr::parse("2001:db8::77")));
  EXPECT_FALSE(l.is_banned(ip("2001:db8::5")));
}

TEST(FiltersBanList, ObserverSeesPersistentChangesButNotRestores) {
  FakeClock clock;
  BanList l(clock);
  RecordingObserver obs;
  l.set_observer(&obs);
  l.restore({host_ban(l, "192.0.2.9", 0)});
  EXPECT_TRUE(obs.added.empty());
  EXPECT_TRUE(l.is_banned(ip("192.0.2.9")));
  auto feed = host_ban(l, "192.0.2.10", 0);
  feed.persist = false;
  l.add(feed);
  l.add(host_ban(l, "192.0.2.11", 0));
  EXPECT_EQ(obs.added, std::vector<std::string>{"192.0.2.11/32"});
}

}  // namespace
}  // namespace vg::filters
