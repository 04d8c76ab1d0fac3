// Typed attribute parsers and address / c= parsing, table-driven.
#include "sdp/attribute.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sdp/address.h"
#include "sdp/lines.h"

namespace vg::sdp {
namespace {

TEST(SdpAttributeTest, SplitAttribute) {
  auto a = split_attribute("rtpmap:0 PCMU/8000");
  EXPECT_EQ(a.name, "rtpmap");
  EXPECT_EQ(a.value, "0 PCMU/8000");
  EXPECT_TRUE(a.has_value);
  auto flag = split_attribute("rtcp-mux");
  EXPECT_EQ(flag.name, "rtcp-mux");
  EXPECT_FALSE(flag.has_value);
  auto empty = split_attribute("x:");
  EXPECT_TRUE(empty.has_value);
  EXPECT_TRUE(empty.value.empty());
  auto colons = split_attribute("ssrc:1 cname:x");
  EXPECT_EQ(colons.name, "ssrc");
  EXPECT_EQ(colons.value, "1 cname:x");
}

TEST(SdpAttributeTest, NamePatterns) {
  EXPECT_TRUE(attribute_name_matches("crypto", "crypto"));
  EXPECT_TRUE(attribute_name_matches("CRYPTO", "crypto"));
  EXPECT_FALSE(attribute_name_matches("crypto2", "crypto"));
  EXPECT_TRUE(attribute_name_matches("ice-ufrag", "ice-*"));
  EXPECT_TRUE(attribute_name_matches("ICE-PWD", "ice-*"));
  EXPECT_FALSE(attribute_name_matches("ice", "ice-*"));
  EXPECT_TRUE(attribute_name_matches("anything", "*"));
}

TEST(SdpAttributeTest, Directions) {
  for (Direction d : {Direction::kSendRecv, Direction::kSendOnly, Direction::kRecvOnly, Direction::kInactive}) {
    EXPECT_EQ(direction_from_name(direction_name(d)), d);
  }
  EXPECT_EQ(direction_from_name("SendOnly"), Direction::kSendOnly);
  EXPECT_FALSE(direction_from_name("sendonlyx"));
}

struct RtpmapCase {
  std::string_view value;
  bool ok;
  uint8_t pt = 0;
  std::string_view encoding = {};
  uint32_t rate = 0;
  std::optional<uint16_t> channels = std::nullopt;
};

TEST(SdpAttributeTest, Rtpmap) {
  const std::vector<RtpmapCase> cases = {
      {"0 PCMU/8000", true, 0, "PCMU", 8000},
      {"111 opus/48000/2", true, 111, "opus", 48000, 2},
      {"101 telephone-event/8000", true, 101, "telephone-event", 8000},
      {"99 h263-1998/90000", true, 99, "h263-1998", 90000},
      {"127 L16/44100/6", true, 127, "L16", 44100, 6},
      {"0 PCMU/8000 ", true, 0, "PCMU", 8000},
      {"128 PCMU/8000", false},
      {"-1 PCMU/8000", false},
      {"0 PCMU", false},
      {"0 PCMU/", false},
      {"0 PCMU/0", false},
      {"0 PCMU/8000/", false},
      {"0 PCMU/8000/0", false},
      {"0 PCMU/8000/256", false},
      {"0 PCMU/8000/2/1", false},
      {"0 /8000", false},
      {"0  PCMU/8000", false},
      {"0 PCMU/99999999999", false},
      {"", false},
      {"x PCMU/8000", false},
  };
  for (const auto& c : cases) {
    auto r = parse_rtpmap(c.value);
    ASSERT_EQ(r.has_value(), c.ok) << c.value;
    if (!c.ok) {
      EXPECT_EQ(r.error(), Error::kBadRtpmap);
      continue;
    }
    EXPECT_EQ(r->payload_type, c.pt) << c.value;
    EXPECT_EQ(r->encoding, c.encoding) << c.value;
    EXPECT_EQ(r->clock_rate, c.rate) << c.value;
    EXPECT_EQ(r->channels, c.channels) << c.value;
  }
}

TEST(SdpAttributeTest, Fmtp) {
  auto a = parse_fmtp("101 0-15");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->format, "101");
  EXPECT_EQ(a->payload_type, 101);
  EXPECT_EQ(a->params, "0-15");
  auto b = parse_fmtp("111 minptime=10;useinbandfec=1");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->params, "minptime=10;useinbandfec=1");
  auto c = parse_fmtp("t38");
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->payload_type);
  EXPECT_TRUE(c->params.empty());
  auto d = parse_fmtp("200 x=1");  // not an RTP payload type, still a valid format token
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->payload_type);
  EXPECT_FALSE(parse_fmtp(""));
  EXPECT_FALSE(parse_fmtp(" 0-15"));
  EXPECT_EQ(parse_fmtp("").error(), Error::kBadFmtp);
}

TEST(SdpAttributeTest, Rtcp) {
  auto a = parse_rtcp("53020");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->port, 53020);
  EXPECT_FALSE(a->addrtype);
  EXPECT_TRUE(a->address.empty());
  auto b = parse_rtcp("53020 IN IP4 126.16.64.4");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->addrtype, AddrType::kIp4);
  EXPECT_EQ(b->address, "126.16.64.4");
  auto c = parse_rtcp("53020 IN IP6 2001:2345:6789:ABCD:EF01:2345:6789:ABCD");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->addrtype, AddrType::kIp6);
  for (std::string_view bad : {"", "x", "65536", "53020 IN", "53020 IN IP4", "53020 IN IP6 126.16.64.4",
                               "53020 IN IP4 host.example", "53020 XX IP4 126.16.64.4", "53020 IN IP4 1.2.3.4 extra"}) {
    auto r = parse_rtcp(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error(), Error::kBadRtcp);
  }
  EXPECT_TRUE(parse_rtcp("53020 "));  // trailing white space is tolerated
}

TEST(SdpAttributeTest, Fingerprint) {
  const std::string sha256 =
      "sha-256 D2:FA:0E:C3:22:59:5E:14:95:69:92:3D:13:B4:84:24:2C:C2:A2:C0:3E:FD:34:8E:5E:EA:6F:AF:52:CE:E6:0F";
  auto a = parse_fingerprint(sha256);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->hash_function, "sha-256");
  EXPECT_EQ(a->digest_size, 32u);
  EXPECT_TRUE(parse_fingerprint("SHA-1 4a:ad:b9:b1:3f:82:18:3b:54:02:12:df:3e:5d:49:6b:19:e5:7c:ab"));
  EXPECT_TRUE(parse_fingerprint("x-future AB:CD"));  // unknown hash: format checked, length free
  for (std::string_view bad : {"", "sha-256", "sha-256 ", "sha-256 D2:FA", "sha-1 4A:AD:B9", "sha-256 D2FA",
                               "sha-256 D2:FA:", "sha-256 :D2", "sha-256 G2:FA", "sha-256 D2;FA", "x-future A"}) {
    auto r = parse_fingerprint(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error(), Error::kBadFingerprint);
  }
  std::string too_long = "x-future AB";
  for (int i = 0; i < 64; ++i) too_long += ":AB";
  EXPECT_FALSE(parse_fingerprint(too_long));
}

TEST(SdpAttributeTest, SetupRole) {
  EXPECT_EQ(parse_setup("active").value(), Setup::kActive);
  EXPECT_EQ(parse_setup("passive").value(), Setup::kPassive);
  EXPECT_EQ(parse_setup("actpass").value(), Setup::kActpass);
  EXPECT_EQ(parse_setup("holdconn").value(), Setup::kHoldconn);
  EXPECT_EQ(parse_setup("ACTPASS").value(), Setup::kActpass);
  for (sdp::Setup s : {sdp::Setup::kActive, sdp::Setup::kPassive, sdp::Setup::kActpass, sdp::Setup::kHoldconn}) {
    EXPECT_EQ(parse_setup(setup_name(s)).value(), s);
  }
  EXPECT_EQ(parse_setup("").error(), Error::kBadSetup);
  EXPECT_EQ(parse_setup("act pass").error(), Error::kBadSetup);
}

TEST(SdpAttributeTest, IceAndMid) {
  EXPECT_EQ(parse_ice_credential("EsAw").value(), "EsAw");
  EXPECT_EQ(parse_ice_credential("a+b/c").value(), "a+b/c");
  EXPECT_EQ(parse_ice_credential(std::string(256, 'a')).value().size(), 256u);
  EXPECT_FALSE(parse_ice_credential(std::string(257, 'a')));
  EXPECT_FALSE(parse_ice_credential(""));
  EXPECT_FALSE(parse_ice_credential("a-b"));
  EXPECT_EQ(parse_ice_credential("a b").error(), Error::kBadIce);
  EXPECT_EQ(parse_ice_options("trickle").value(), "trickle");
  EXPECT_EQ(parse_ice_options("trickle renomination").value(), "trickle renomination");
  EXPECT_FALSE(parse_ice_options("trickle  ice2"));
  EXPECT_FALSE(parse_ice_options(""));
  EXPECT_EQ(parse_mid("audio").value(), "audio");
  EXPECT_EQ(parse_mid("0").value(), "0");
  EXPECT_EQ(parse_mid("").error(), Error::kBadMid);
  EXPECT_FALSE(parse_mid("a b"));
}

TEST(SdpAttributeTest, Ptime) {
  EXPECT_EQ(parse_ptime("20").value(), 20u);
  EXPECT_EQ(parse_ptime("0").value(), 0u);
  EXPECT_EQ(parse_ptime("2.5").value(), 2u);
  EXPECT_EQ(parse_ptime("60000").value(), 60000u);
  for (std::string_view bad : {"", "x", "-1", "20ms", "2.", ".5", "2.55555", "60001", "1e3", "2.5.1"}) {
    auto r = parse_ptime(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error(), Error::kBadPtime);
  }
}

TEST(SdpAddressTest, LiteralTypes) {
  EXPECT_EQ(literal_address_type("192.0.2.1"), AddrType::kIp4);
  EXPECT_EQ(literal_address_type("0.0.0.0"), AddrType::kIp4);
  EXPECT_EQ(literal_address_type("::"), AddrType::kIp6);
  EXPECT_EQ(literal_address_type("2001:db8::1"), AddrType::kIp6);
  EXPECT_EQ(literal_address_type("::ffff:192.0.2.1"), AddrType::kIp6);
  for (std::string_view bad : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ", "host.example",
                               "[2001:db8::1]", "2001:db8::1%eth0", "1::2::3", "0x7f.0.0.1"}) {
    EXPECT_FALSE(literal_address_type(bad)) << bad;
  }
  EXPECT_FALSE(literal_address_type(std::string(100, '1')));
  EXPECT_TRUE(is_multicast_address("224.0.0.1"));
  EXPECT_TRUE(is_multicast_address("239.255.255.255"));
  EXPECT_FALSE(is_multicast_address("240.0.0.1"));
  EXPECT_TRUE(is_multicast_address("ff02::1"));
  EXPECT_FALSE(is_multicast_address("fe80::1"));
  EXPECT_FALSE(is_multicast_address("example"));
  EXPECT_EQ(parse_addrtype("ip6"), AddrType::kIp6);
  EXPECT_FALSE(parse_addrtype("IP5"));
  EXPECT_EQ(addrtype_name(AddrType::kIp4), "IP4");
  EXPECT_EQ(addrtype_name(AddrType::kIp6), "IP6");
}

TEST(SdpAddressTest, Connection) {
  auto a = parse_connection("IN IP4 192.0.2.1");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->address, "192.0.2.1");
  EXPECT_FALSE(a->multicast);
  EXPECT_FALSE(a->ttl);
  EXPECT_EQ(a->count, 1);
  EXPECT_TRUE(a->ip == IpAddress::parse("192.0.2.1").value());
  auto mapped = parse_connection("IN IP6 ::ffff:192.0.2.1");  // an IP6 literal, as written
  ASSERT_TRUE(mapped);
  EXPECT_EQ(mapped->addrtype, AddrType::kIp6);
  EXPECT_TRUE(mapped->ip.is_v4());  // vg::IpAddress folds mapped addresses into IPv4
  EXPECT_FALSE(parse_connection("IN IP4 ::ffff:192.0.2.1"));
  auto b = parse_connection("IN IP4 233.252.0.1/127");
  ASSERT_TRUE(b);
  EXPECT_TRUE(b->multicast);
  EXPECT_EQ(b->ttl, 127);
  EXPECT_EQ(b->count, 1);
  auto c = parse_connection("IN IP6 ff15::101");
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->multicast);
  auto d = parse_connection("IN IP4 192.0.2.1  ");  // trailing white space tolerated
  ASSERT_TRUE(d);
  EXPECT_EQ(d->address, "192.0.2.1");
  EXPECT_TRUE(parse_connection("in ip4 192.0.2.1"));
  EXPECT_EQ(parse_connection("IN IP4 233.252.0.1/127/257").error(), Error::kBadConnection);
  EXPECT_TRUE(parse_connection("IN IP4 233.252.0.1/0/256"));
  EXPECT_FALSE(parse_connection("IN  IP4 192.0.2.1"));
  EXPECT_FALSE(parse_connection("IN IP4 192.0.2.1 192.0.2.2"));
  EXPECT_FALSE(parse_connection(""));
}

TEST(SdpLinesTest, RangesOverLines) {
  const std::vector<Line> lines = {{'m', "audio 0 RTP/AVP 0"}, {'c', "IN IP4 192.0.2.1"}, {'a', "rtpmap:0 PCMU/8000"},
                                   {'a', "sendrecv"},          {'a', "ICE-ufrag:abcd"},     {'a', "ice-pwd:x"}};
  AttributeRange all(lines);
  EXPECT_EQ(std::distance(all.begin(), all.end()), 4);
  AttributeRange ice(lines, "ice-*");
  std::vector<std::string_view> names;
  for (const Attribute& a : ice) names.push_back(a.name);
  EXPECT_EQ(names, (std::vector<std::string_view>{"ICE-ufrag", "ice-pwd"}));
  EXPECT_TRUE(AttributeRange(lines, "crypto").empty());
  EXPECT_FALSE(AttributeRange(lines, "crypto").first());
  EXPECT_TRUE(AttributeRange().empty());

  std::vector<std::string_view> tokens;
  for (std::string_view t : TokenRange("0 8  101 ")) tokens.push_back(t);
  EXPECT_EQ(tokens, (std::vector<std::string_view>{"0", "8", "101"}));
  EXPECT_EQ(TokenRange("").begin(), TokenRange("").end());
}

}  // namespace
}  // namespace vg::sdp
