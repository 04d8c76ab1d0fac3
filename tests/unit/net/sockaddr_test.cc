#include "net/sockaddr.h"

#include <gtest/gtest.h>

#include "net_test_util.h"

namespace vg::net::test {
namespace {

TEST(SockAddrTest, RoundTrip) {
  for (const char* text : {"127.0.0.1:5060", "[::1]:5061", "[2001:db8::7]:0", "10.1.2.3:65535"}) {
    Endpoint e = Endpoint::parse(text).value_or(Endpoint{});
    SockAddr sa = to_sockaddr(e);
    EXPECT_EQ(sa.family(), e.is_v4() ? AF_INET : AF_INET6);
    EXPECT_EQ(from_sockaddr(sa.get(), sa.length), e) << text;
  }
}

TEST(SockAddrTest, MappedIpv6BecomesIpv4AndJunkIsHarmless) {
  sockaddr_in6 sin6{};
  sin6.sin6_family = AF_INET6;
  sin6.sin6_port = htons(5060);
  inet_pton(AF_INET6, "::ffff:192.0.2.9", &sin6.sin6_addr);
  Endpoint e = from_sockaddr(reinterpret_cast<sockaddr*>(&sin6), sizeof sin6);
  EXPECT_EQ(e.to_string(), "192.0.2.9:5060");
  EXPECT_EQ(from_sockaddr(nullptr, 0), Endpoint{});
  EXPECT_EQ(from_sockaddr(reinterpret_cast<sockaddr*>(&sin6), 4), Endpoint{});  // too short
}

TEST(SockAddrTest, ListenerLabel) {
  EXPECT_EQ(listener_label(Transport::kUdp, ep("127.0.0.1", 5060)), "udp4 127.0.0.1:5060");
  EXPECT_EQ(listener_label(Transport::kTls, ep("::1", 5061)), "tls6 [::1]:5061");
}

}  // namespace
}  // namespace vg::net::test
