#include "core/ip.h"

#include <gtest/gtest.h>

#include <unordered_set>

namespace vg {
namespace {

IpAddress ip(std::string_view s) {
  auto r = IpAddress::parse(s);
  EXPECT_TRUE(r.has_value()) << s;
  return r.value_or(IpAddress{});
}

struct RoundTrip {
  const char* in;
  const char* out;
  bool v4;
};

TEST(IpAddressTest, ParsesAndPrintsCanonicalText) {
  const RoundTrip cases[] = {
      {"0.0.0.0", "0.0.0.0", true},
      {"127.0.0.1", "127.0.0.1", true},
      {"255.255.255.255", "255.255.255.255", true},
      {"::", "::", false},
      {"::1", "::1", false},
      {"2001:DB8::1", "2001:db8::1", false},
      {"2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1", false},
      // RFC 5952 §4.2.2: a single zero group is not shortened.
      {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1", false},
      // §4.2.3: the longest run is shortened; on a tie, the first.
      {"2001:0:0:1:0:0:0:1", "2001:0:0:1::1", false},
      {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1", false},
      {"fe80::", "fe80::", false},
      {"1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8", false},
      // IPv4-mapped (RFC 4291 §2.5.5.2) is the IPv4 address.
      {"::ffff:192.0.2.1", "192.0.2.1", true},
      {"::FFFF:c000:0201", "192.0.2.1", true},
      // IPv4-compatible (deprecated) stays IPv6 and prints in hex, not mixed notation.
      {"::192.0.2.1", "::c000:201", false},
  };
  for (const auto& c : cases) {
    auto a = IpAddress::parse(c.in);
    ASSERT_TRUE(a.has_value()) << c.in;
    EXPECT_EQ(a->to_string(), c.out) << c.in;
    EXPECT_EQ(a->is_v4(), c.v4) << c.in;
    auto again = IpAddress::parse(a->to_string());
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(*again, *a) << c.in;
  }
}

TEST(IpAddressTest, RejectsMalformedText) {
  const char* bad[] = {"",          "1.2.3",       "1.2.3.4.5",  "256.1.1.1", "01.2.3.4x", "127.1",
                       "1.2.3.4 ",  " 1.2.3.4",    "[::1]",      "::1%lo",    "1::2::3",   "12345::",
                       "1:2:3:4:5:6:7:8:9", "::ffff:1.2.3", "abc", "1.2.3.4/8",
                       "0123456789012345678901234567890123456789012345678901234567890123456789"};
  for (const char* s : bad) {
    EXPECT_FALSE(IpAddress::parse(s).has_value()) << s;
  }
  EXPECT_EQ(IpAddress::parse("").error(), IpError::kEmpty);
  EXPECT_EQ(IpAddress::parse("x").error(), IpError::kBadAddress);
}

TEST(IpAddressTest, EmbeddedNulIsRejected) {
  std::string s("1.2.3.4\0junk", 12);
  EXPECT_FALSE(IpAddress::parse(s).has_value());
}

TEST(IpAddressTest, Constructors) {
  EXPECT_EQ(IpAddress::v4(0x7f000001u), ip("127.0.0.1"));
  EXPECT_EQ(IpAddress::v4(std::array<uint8_t, 4>{10, 1, 2, 3}), ip("10.1.2.3"));
  EXPECT_EQ(IpAddress::v4(0x0a010203u).v4_value(), 0x0a010203u);
  EXPECT_EQ(IpAddress::v6_loopback(), ip("::1"));
  EXPECT_EQ(IpAddress::v6_any(), ip("::"));
  EXPECT_EQ(IpAddress{}, ip("0.0.0.0"));
  EXPECT_TRUE(IpAddress{}.is_v4());
  IpAddress::Bytes mapped{};
  mapped[10] = mapped[11] = 0xff;
  mapped[12] = 1;
  EXPECT_TRUE(IpAddress::v6(mapped).is_v4());
  EXPECT_EQ(IpAddress::v6(mapped).to_string(), "1.0.0.0");
}

struct Classify {
  const char* addr;
  bool loopback, priv, link_local, multicast, unspecified;
};

TEST(IpAddressTest, Classification) {
  const Classify cases[] = {
      {"127.0.0.1", true, false, false, false, false},
      {"127.255.0.9", true, false, false, false, false},
      {"::1", true, false, false, false, false},
      {"::ffff:127.0.0.1", true, false, false, false, false},
      {"10.0.0.1", false, true, false, false, false},
      {"172.16.0.1", false, true, false, false, false},
      {"172.31.255.255", false, true, false, false, false},
      {"172.32.0.1", false, false, false, false, false},
      {"172.15.0.1", false, false, false, false, false},
      {"192.168.1.1", false, true, false, false, false},
      {"192.169.1.1", false, false, false, false, false},
      {"100.64.0.1", false, true, false, false, false},
      {"100.128.0.1", false, false, false, false, false},
      {"fd00::1", false, true, false, false, false},
      {"fc00::1", false, true, false, false, false},
      {"fe80::1", false, false, true, false, false},
      {"169.254.1.1", false, false, true, false, false},
      {"224.0.0.1", false, false, false, true, false},
      {"ff02::1", false, false, false, true, false},
      {"8.8.8.8", false, false, false, false, false},
      {"2001:db8::1", false, false, false, false, false},
      {"0.0.0.0", false, false, false, false, true},
      {"::", false, false, false, false, true},
  };
  for (const auto& c : cases) {
    IpAddress a = ip(c.addr);
    EXPECT_EQ(a.is_loopback(), c.loopback) << c.addr;
    EXPECT_EQ(a.is_private(), c.priv) << c.addr;
    EXPECT_EQ(a.is_link_local(), c.link_local) << c.addr;
    EXPECT_EQ(a.is_multicast(), c.multicast) << c.addr;
    EXPECT_EQ(a.is_unspecified(), c.unspecified) << c.addr;
  }
}

TEST(IpAddressTest, OrderingAndHashing) {
  EXPECT_LT(ip("1.2.3.4"), ip("1.2.3.5"));
  EXPECT_NE(ip("1.2.3.4"), ip("::1.2.3.4"));
  EXPECT_EQ(ip("1.2.3.4"), ip("::ffff:1.2.3.4"));
  std::unordered_set<IpAddress> set{ip("1.2.3.4"), ip("::ffff:1.2.3.4"), ip("::1"), ip("0::1")};
  EXPECT_EQ(set.size(), 2u);
  EXPECT_EQ(std::hash<IpAddress>{}(ip("10.0.0.1")), std::hash<IpAddress>{}(ip("::ffff:a00:1")));
}

TEST(IpAddressTest, Masking) {
  EXPECT_EQ(ip("10.1.2.3").masked(8).to_string(), "10.0.0.0");
  EXPECT_EQ(ip("10.1.2.3").masked(0).to_string(), "0.0.0.0");
  EXPECT_EQ(ip("10.1.2.3").masked(32).to_string(), "10.1.2.3");
  EXPECT_EQ(ip("10.1.2.3").masked(99).to_string(), "10.1.2.3");
  EXPECT_EQ(ip("192.168.255.1").masked(17).to_string(), "192.168.128.0");
  EXPECT_TRUE(ip("10.1.2.3").masked(0).is_v4());
  EXPECT_EQ(ip("2001:db8:ffff::1").masked(33).to_string(), "2001:db8:8000::");
  EXPECT_EQ(ip("2001:db8::1").masked(0).to_string(), "::");
}

struct EndpointCase {
  const char* in;
  const char* out;
};

TEST(EndpointTest, ParseAndFormat) {
  const EndpointCase cases[] = {
      {"1.2.3.4:5060", "1.2.3.4:5060"},
      {"127.0.0.1:0", "127.0.0.1:0"},
      {"[::1]:5060", "[::1]:5060"},
      {"[2001:DB8::1]:65535", "[2001:db8::1]:65535"},
      {"[::ffff:10.0.0.1]:5061", "10.0.0.1:5061"},
  };
  for (const auto& c : cases) {
    auto e = Endpoint::parse(c.in);
    ASSERT_TRUE(e.has_value()) << c.in;
    EXPECT_EQ(e->to_string(), c.out);
    EXPECT_EQ(Endpoint::parse(e->to_string()).value_or(Endpoint{}), *e);
  }
  EXPECT_EQ(Endpoint::parse("1.2.3.4:5060")->port, 5060);
}

TEST(EndpointTest, RejectsMalformed) {
  const char* bad[] = {"",         "1.2.3.4",     "1.2.3.4:",   "1.2.3.4:65536", "1.2.3.4:-1", "1.2.3.4:5060x",
                       "::1:5060", "[::1]",       "[::1]5060",  "[::1",          "[1.2.3.4]:5060",
                       ":5060",    "1.2.3.4:123456", "[::1]:",  "host:5060"};
  for (const char* s : bad) {
    EXPECT_FALSE(Endpoint::parse(s).has_value()) << s;
  }
  EXPECT_EQ(Endpoint::parse("1.2.3.4:99999").error(), IpError::kBadPort);
  EXPECT_EQ(Endpoint::parse("1.2.3.999:5060").error(), IpError::kBadAddress);
}

TEST(EndpointTest, DefaultPort) {
  EXPECT_EQ(Endpoint::parse("1.2.3.4", 5060)->to_string(), "1.2.3.4:5060");
  EXPECT_EQ(Endpoint::parse("1.2.3.4:5080", 5060)->to_string(), "1.2.3.4:5080");
  EXPECT_EQ(Endpoint::parse("::1", 5060)->to_string(), "[::1]:5060");
  EXPECT_EQ(Endpoint::parse("[::1]", 5060)->to_string(), "[::1]:5060");
  EXPECT_EQ(Endpoint::parse("[::1]:7", 5060)->to_string(), "[::1]:7");
  EXPECT_FALSE(Endpoint::parse("[1.2.3.4]", 5060).has_value());
  EXPECT_FALSE(Endpoint::parse("", 5060).has_value());
  EXPECT_FALSE(Endpoint::parse("nope", 5060).has_value());
}

TEST(EndpointTest, OrderingAndHashing) {
  Endpoint a{ip("1.2.3.4"), 5060}, b{ip("1.2.3.4"), 5061};
  EXPECT_LT(a, b);
  std::unordered_set<Endpoint> set{a, b, Endpoint{ip("::ffff:1.2.3.4"), 5060}};
  EXPECT_EQ(set.size(), 2u);
}

struct CidrCase {
  const char* cidr;
  const char* addr;
  bool inside;
};

TEST(CidrTest, Contains) {
  const CidrCase cases[] = {
      {"10.0.0.0/8", "10.255.1.2", true},
      {"10.0.0.0/8", "11.0.0.0", false},
      {"10.0.0.0/8", "::ffff:10.0.0.1", true},
      {"10.0.0.0/8", "::a00:1", false},
      {"0.0.0.0/0", "203.0.113.9", true},
      {"0.0.0.0/0", "2001:db8::1", false},
      {"::/0", "2001:db8::1", true},
      {"::/0", "1.2.3.4", false},
      {"192.168.1.7", "192.168.1.7", true},
      {"192.168.1.7", "192.168.1.8", false},
      {"192.168.0.0/23", "192.168.1.255", true},
      {"192.168.0.0/23", "192.168.2.0", false},
      {"2001:db8::/32", "2001:db8:ffff::1", true},
      {"2001:db8::/32", "2001:db9::1", false},
      {"2001:db8::/33", "2001:db8:8000::", false},
      {"2001:db8::1/128", "2001:db8::1", true},
      {"fe80::/10", "febf::1", true},
      {"fe80::/10", "fec0::1", false},
  };
  for (const auto& c : cases) {
    auto cidr = Cidr::parse(c.cidr);
    ASSERT_TRUE(cidr.has_value()) << c.cidr;
    EXPECT_EQ(cidr->contains(ip(c.addr)), c.inside) << c.cidr << " " << c.addr;
  }
}

TEST(CidrTest, ParseFormatAndMask) {
  EXPECT_EQ(Cidr::parse("10.1.2.3/8")->to_string(), "10.0.0.0/8");
  EXPECT_EQ(Cidr::parse("10.1.2.3")->to_string(), "10.1.2.3/32");
  EXPECT_EQ(Cidr::parse("2001:db8::1")->to_string(), "2001:db8::1/128");
  EXPECT_EQ(Cidr::parse("2001:db8:abcd::/32")->to_string(), "2001:db8::/32");
  EXPECT_EQ(Cidr::parse("::ffff:10.0.0.0/8")->to_string(), "10.0.0.0/8");
  EXPECT_EQ(Cidr::parse("10.0.0.0/8")->prefix(), 8u);
  EXPECT_TRUE(Cidr::parse("10.0.0.0/8")->is_v4());
  EXPECT_EQ(Cidr(ip("172.16.5.4"), 12).to_string(), "172.16.0.0/12");
  EXPECT_EQ(Cidr(ip("1.2.3.4"), 40).prefix(), 32u);
  EXPECT_EQ(Cidr::parse("10.1.0.0/8", true).error(), IpError::kHostBitsSet);
  EXPECT_TRUE(Cidr::parse("10.0.0.0/8", true).has_value());
}

TEST(CidrTest, RejectsMalformed) {
  const char* bad[] = {"", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/8x", "::/129",
                       "10.0.0.0/0008", "x/8", "/8", "10.0.0.0/8/8"};
  for (const char* s : bad) {
    EXPECT_FALSE(Cidr::parse(s).has_value()) << s;
  }
  EXPECT_EQ(Cidr::parse("10.0.0.0/33").error(), IpError::kBadPrefix);
  EXPECT_EQ(Cidr::parse("10.0.0.300/8").error(), IpError::kBadAddress);
}

TEST(IpErrorTest, Describe) {
  EXPECT_EQ(describe(IpError::kBadPort), "bad or missing port");
  EXPECT_FALSE(describe(IpError::kHostBitsSet).empty());
}

}  // namespace
}  // namespace vg
