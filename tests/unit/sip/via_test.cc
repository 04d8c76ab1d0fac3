// Tests for src/sip/via.cc: sent-protocol, sent-by and the Via parameters a proxy relies on.
#include "sip/via.h"

#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "test_util.h"

namespace vg::sip {
namespace {

using test::random_text;
using test::within;

Via via_ok(std::string_view text) {
  auto r = parse_via(text);
  EXPECT_TRUE(r.has_value()) << text;
  return r ? *r : Via{};
}

struct ViaCase {
  std::string_view text;
  std::string_view protocol_name, protocol_version, transport, host;
  HostType host_type;
  uint16_t port;
  std::string_view branch;
};

class ViaValid : public ::testing::TestWithParam<ViaCase> {};

TEST_P(ViaValid, Fields) {
  const auto& c = GetParam();
  auto r = parse_via(c.text);
  ASSERT_TRUE(r.has_value()) << c.text;
  EXPECT_EQ(r->protocol_name, c.protocol_name);
  EXPECT_EQ(r->protocol_version, c.protocol_version);
  EXPECT_EQ(r->transport, c.transport);
  EXPECT_EQ(r->host, c.host);
  EXPECT_EQ(r->host_type, c.host_type);
  EXPECT_EQ(r->port, c.port);
  EXPECT_EQ(r->branch, c.branch);
}

INSTANTIATE_TEST_SUITE_P(
    Via, ViaValid,
    ::testing::Values(
        ViaCase{"SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds", "SIP", "2.0", "UDP", "pc33.atlanta.com",
                HostType::kName, 0, "z9hG4bK776asdhds"},
        ViaCase{"SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bKx", "SIP", "2.0", "TCP", "192.0.2.1", HostType::kIpv4,
                5060, "z9hG4bKx"},
        ViaCase{"SIP/2.0/TLS [2001:db8::9:1]:5061;branch=z9hG4bKy", "SIP", "2.0", "TLS", "[2001:db8::9:1]",
                HostType::kIpv6, 5061, "z9hG4bKy"},
        ViaCase{"SIP/2.0/UDP [::1]", "SIP", "2.0", "UDP", "[::1]", HostType::kIpv6, 0, ""},
        ViaCase{"SIP / 2.0 / UDP first.example.com: 4000;ttl=16;maddr=224.2.0.1 ;branch=z9hG4bKa7c6a8dlze.1",
                "SIP", "2.0", "UDP", "first.example.com", HostType::kName, 4000, "z9hG4bKa7c6a8dlze.1"},
        ViaCase{"  SIP/2.0/SCTP   host.example.com:1 ; branch = z9hG4bK1  ", "SIP", "2.0", "SCTP",
                "host.example.com", HostType::kName, 1, "z9hG4bK1"},
        ViaCase{"SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK56sdasks", "SIP", "2.0", "WSS",
                "df7jal23ls0d.invalid", HostType::kName, 0, "z9hG4bK56sdasks"},
        ViaCase{"sip/2.0/udp host:65535", "sip", "2.0", "udp", "host", HostType::kName, 65535, ""},
        ViaCase{"SIP/2.0/UDP host\t:\t5060\t;\tbranch=1", "SIP", "2.0", "UDP", "host", HostType::kName, 5060, "1"},
        ViaCase{"SIP/2.0/UDP host;branch=1234", "SIP", "2.0", "UDP", "host", HostType::kName, 0, "1234"}));

TEST(Via, Rfc3261Branch) {
  EXPECT_TRUE(via_ok("SIP/2.0/UDP h;branch=z9hG4bK776asdhds").rfc3261_branch());
  EXPECT_TRUE(via_ok("SIP/2.0/UDP h;branch=z9hG4bK").rfc3261_branch());
  EXPECT_FALSE(via_ok("SIP/2.0/UDP h;branch=z9hg4bk776").rfc3261_branch());  // the cookie is case-sensitive
  EXPECT_FALSE(via_ok("SIP/2.0/UDP h;branch=776asdhds").rfc3261_branch());
  EXPECT_FALSE(via_ok("SIP/2.0/UDP h;branch=z9hG4b").rfc3261_branch());
  EXPECT_FALSE(via_ok("SIP/2.0/UDP h").rfc3261_branch());
}

TEST(Via, Received) {
  struct Case {
    std::string_view text;
    std::string_view received;
  };
  const Case cases[] = {
      {"SIP/2.0/UDP h;received=192.0.2.1", "192.0.2.1"},
      {"SIP/2.0/UDP h;received=2001:db8::1", "2001:db8::1"},
      {"SIP/2.0/UDP h;received=[2001:db8::1]", "[2001:db8::1]"},
      {"SIP/2.0/UDP h;received=::1;branch=z9hG4bK1", "::1"},
      {"SIP/2.0/UDP h;RECEIVED=10.0.0.1", "10.0.0.1"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(via_ok(c.text).received, c.received);
  }
  EXPECT_EQ(via_ok("SIP/2.0/UDP h;branch=z9hG4bK1").received, "");
}

TEST(Via, Rport) {
  Via none = via_ok("SIP/2.0/UDP h;branch=z9hG4bK1");
  EXPECT_FALSE(none.has_rport);
  EXPECT_FALSE(none.rport.has_value());

  Via flag = via_ok("SIP/2.0/UDP h;rport;branch=z9hG4bK1");
  EXPECT_TRUE(flag.has_rport);
  EXPECT_FALSE(flag.rport.has_value());

  Via valued = via_ok("SIP/2.0/UDP h;received=192.0.2.9;rport=5071;branch=z9hG4bK1");
  EXPECT_TRUE(valued.has_rport);
  EXPECT_EQ(valued.rport, std::optional<uint16_t>(5071));
  EXPECT_EQ(valued.received, "192.0.2.9");

  Via max = via_ok("SIP/2.0/UDP h;rport=65535");
  EXPECT_EQ(max.rport, std::optional<uint16_t>(65535));
}

TEST(Via, MaddrAndTtl) {
  Via v = via_ok("SIP/2.0/UDP h;maddr=224.2.0.1;ttl=16");
  EXPECT_EQ(v.maddr, "224.2.0.1");
  EXPECT_EQ(v.ttl, std::optional<uint8_t>(16));
  EXPECT_EQ(via_ok("SIP/2.0/UDP h;maddr=mc.example.com").maddr, "mc.example.com");
  EXPECT_EQ(via_ok("SIP/2.0/UDP h;maddr=[ff02::1]").maddr, "[ff02::1]");
  EXPECT_EQ(via_ok("SIP/2.0/UDP h;ttl=0").ttl, std::optional<uint8_t>(0));
  EXPECT_EQ(via_ok("SIP/2.0/UDP h;ttl=255").ttl, std::optional<uint8_t>(255));
  EXPECT_FALSE(via_ok("SIP/2.0/UDP h").ttl.has_value());
}

TEST(Via, ParamsKeptForLookup) {
  Via v = via_ok("SIP/2.0/UDP h:5060;branch=z9hG4bK1;alias;x-ext=\"q;v\"");
  EXPECT_EQ(v.params.raw(), "branch=z9hG4bK1;alias;x-ext=\"q;v\"");
  EXPECT_TRUE(v.params.has("alias"));
  EXPECT_EQ(v.params.get("x-ext"), "\"q;v\"");
  EXPECT_EQ(v.raw, "SIP/2.0/UDP h:5060;branch=z9hG4bK1;alias;x-ext=\"q;v\"");
}

TEST(Via, Invalid) {
  const std::string_view cases[] = {
      "",
      "SIP/2.0/UDP",
      "SIP/2.0/UDP ",
      "SIP/2.0 host",
      "SIP/2.0/ host",
      "SIP//UDP host",
      "/2.0/UDP host",
      "SIP/2.0/UDPhost",
      "SIP/2.0/UDP host:",
      "SIP/2.0/UDP host:0",
      "SIP/2.0/UDP host:65536",
      "SIP/2.0/UDP host:abc",
      "SIP/2.0/UDP host junk",
      "SIP/2.0/UDP host;",
      "SIP/2.0/UDP host;branch",
      "SIP/2.0/UDP host;branch=",
      "SIP/2.0/UDP host;branch=a b",
      "SIP/2.0/UDP host;;branch=1",
      "SIP/2.0/UDP [::1",
      "SIP/2.0/UDP [zz::1]",
      "SIP/2.0/UDP 2001:db8::1",
      "SIP/2.0/UDP ho!st",
      "SIP/2.0/UDP .host",
      "SIP/2.0/UDP h;received=example.com",
      "SIP/2.0/UDP h;received=300.1.1.1",
      "SIP/2.0/UDP h;received=[::1",
      "SIP/2.0/UDP h;received",
      "SIP/2.0/UDP h;rport=x",
      "SIP/2.0/UDP h;rport=65536",
      "SIP/2.0/UDP h;rport=-1",
      "SIP/2.0/UDP h;maddr=bad!host",
      "SIP/2.0/UDP h;maddr",
      "SIP/2.0/UDP h;ttl=256",
      "SIP/2.0/UDP h;ttl=-1",
      "SIP/2.0/UDP h;ttl",
      "SIP/2.0/UDP h;ttl=1a",
      "SIP/2.0/UDP h;branch=\"unterminated",
      "SIP/2.0/UDP h, SIP/2.0/UDP g",
  };
  for (std::string_view c : cases) {
    SCOPED_TRACE(c);
    auto r = parse_via(c);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error(), ParseError::kBadVia);
  }
}



TEST(Via, RandomInputNeverCrashes) {
  std::mt19937 rng(2);
  const std::string_view alphabet = "SIP/2.0UDPTCP :;=,[]0123456789abcdef.-_branchrportreceivedmaddrttl\"\\\t";
  for (int i = 0; i < 20000; ++i) {
    std::string text = (i % 2 == 0 ? "SIP/2.0/UDP " : "") + random_text(rng, alphabet, 50);
    auto r = parse_via(text);
    if (!r) {
      EXPECT_EQ(r.error(), ParseError::kBadVia);
      continue;
    }
    EXPECT_TRUE(within(text, r->host) && within(text, r->branch) && within(text, r->received) &&
                within(text, r->maddr) && within(text, r->params.raw()))
        << text;
    EXPECT_NE(r->host_type, HostType::kNone);
    (void)r->rfc3261_branch();
  }
}

}  // namespace
}  // namespace vg::sip
