// The rewriter: unchanged round trips, address / port / proto / attribute edits verified by parsing
// the output again, and argument errors.
#include "sdp/rewriter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "samples.h"
#include "sdp/parser.h"

namespace vg::sdp {
namespace {

using test::crlf;

constexpr std::string_view kNewKey = "BwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMk";

std::string must_rewrite(const SessionDescription& sd, const Rewrite& rw) {
  auto out = rewrite(sd, rw);
  EXPECT_TRUE(out) << describe(out.error());
  return out ? *out : std::string();
}

class SdpRewriterRoundTripTest : public ::testing::TestWithParam<test::Sample> {};

// No edits: the output is the input with CRLF endings, byte for byte, and parses to the same lines.
TEST_P(SdpRewriterRoundTripTest, UnchangedIsIdentical) {
  const std::string lf(GetParam().text);
  auto sd = parse(lf);
  ASSERT_TRUE(sd) << describe(sd.error());
  const std::string out = must_rewrite(*sd, Rewrite{});
  EXPECT_EQ(out, crlf(lf));
  auto again = parse(out);
  ASSERT_TRUE(again) << describe(again.error());
  ASSERT_EQ(again->lines().size(), sd->lines().size());
  for (size_t i = 0; i < sd->lines().size(); ++i) {
    EXPECT_EQ(again->lines()[i].type, sd->lines()[i].type);
    EXPECT_EQ(again->lines()[i].value, sd->lines()[i].value);
  }
  // Rewriting the CRLF form again is a fixed point.
  EXPECT_EQ(must_rewrite(*again, Rewrite{}), out);
}

INSTANTIATE_TEST_SUITE_P(Samples, SdpRewriterRoundTripTest, ::testing::ValuesIn(test::kAllSamples),
                         [](const ::testing::TestParamInfo<test::Sample>& p) { return std::string(p.param.name); });

TEST(SdpRewriterTest, RelaySrtpOfferThroughTheGateway) {
  const std::string in = crlf(test::kSrtpOffer);
  auto sd = parse(in);
  ASSERT_TRUE(sd);
  Rewrite rw;
  rw.session_address = "198.51.100.99";
  rw.remove_attributes = {"crypto"};
  MediaRewrite m;
  m.port = 30000;
  const std::string crypto_value = "1 AES_CM_128_HMAC_SHA1_80 inline:" + std::string(kNewKey);
  m.add_attributes = {{"crypto", crypto_value}};
  rw.media = {m};
  const std::string out = must_rewrite(*sd, rw);

  auto r = parse(out);
  ASSERT_TRUE(r) << describe(r.error()) << "\n" << out;
  EXPECT_EQ(r->origin().address, "198.51.100.99");
  EXPECT_EQ(r->origin().session_id, "2890844526");
  EXPECT_EQ(r->origin().session_version, "2890844527");
  EXPECT_EQ(r->connection()->address, "198.51.100.99");
  const MediaDescription& audio = r->media()[0];
  EXPECT_EQ(audio.port(), 30000);
  EXPECT_EQ(audio.proto(), "RTP/SAVP");
  EXPECT_EQ(audio.formats(), "0 8 9 101");
  EXPECT_EQ(audio.effective_connection()->address, "198.51.100.99");
  ASSERT_TRUE(audio.rtcp());
  EXPECT_EQ(audio.rtcp()->port, 30001);                 // RFC 3550 §11: next port
  EXPECT_EQ(audio.rtcp()->address, "198.51.100.99");    // follows the new address
  std::vector<Crypto> cryptos(audio.cryptos().begin(), audio.cryptos().end());
  ASSERT_EQ(cryptos.size(), 1u);
  EXPECT_EQ(cryptos[0].key_params()[0].key_salt, kNewKey);
  EXPECT_EQ(audio.rtpmap(101)->encoding, "telephone-event");
  EXPECT_EQ(audio.direction(), Direction::kSendRecv);
  EXPECT_EQ(out.find("192.0.2.10"), std::string::npos);  // no trace of the endpoint's address
  EXPECT_EQ(out.find("PS1uQCVee"), std::string::npos);   // nor of its keys
  EXPECT_EQ(out.find("\n\n"), std::string::npos);
  EXPECT_EQ(out.substr(out.size() - 2), "\r\n");
}

TEST(SdpRewriterTest, BridgeRtpToSrtpAndBack) {
  auto plain = parse(test::kG711Offer);
  ASSERT_TRUE(plain);
  const std::string crypto_value = "1 AES_CM_128_HMAC_SHA1_80 inline:" + std::string(kNewKey) + "|2^31";
  Rewrite to_srtp;
  to_srtp.media = {MediaRewrite{.proto = "RTP/SAVP", .add_attributes = {{"crypto", crypto_value}}}};
  const std::string srtp_text = must_rewrite(*plain, to_srtp);
  auto srtp = parse(srtp_text);
  ASSERT_TRUE(srtp) << describe(srtp.error());
  EXPECT_EQ(srtp->media()[0].proto(), "RTP/SAVP");
  EXPECT_EQ(srtp->media()[0].port(), 54400);
  EXPECT_EQ(srtp->media()[0].cryptos().first()->key_params()[0].lifetime, uint64_t{1} << 31);

  Rewrite to_plain;
  to_plain.remove_attributes = {"crypto"};
  to_plain.media = {MediaRewrite{.proto = "RTP/AVP"}};
  const std::string back = must_rewrite(*srtp, to_plain);
  EXPECT_EQ(back, crlf(test::kG711Offer));
}

TEST(SdpRewriterTest, StripIceAndDtlsFromWebRtcOffer) {
  auto sd = parse(test::kWebRtcOffer);
  ASSERT_TRUE(sd);
  Rewrite rw;
  rw.remove_attributes = {"candidate", "ice-*", "fingerprint", "setup", "extmap*"};
  rw.media = {MediaRewrite{.address = "192.0.2.200", .port = 40000, .rtcp_port = 40000, .proto = "RTP/AVPF"},
              MediaRewrite{.port = 0}};
  const std::string out = must_rewrite(*sd, rw);
  auto r = parse(out);
  ASSERT_TRUE(r) << describe(r.error()) << "\n" << out;
  EXPECT_FALSE(r->ice_options());
  EXPECT_TRUE(r->fingerprints().empty());
  EXPECT_EQ(r->attribute("group"), "BUNDLE 0 1");  // untouched
  EXPECT_FALSE(r->has_attribute("extmap-allow-mixed"));
  const MediaDescription& audio = r->media()[0];
  EXPECT_TRUE(audio.candidates().empty());
  EXPECT_FALSE(audio.ice_ufrag());
  EXPECT_FALSE(audio.ice_pwd());
  EXPECT_FALSE(audio.setup());
  EXPECT_FALSE(audio.fingerprint());
  EXPECT_FALSE(audio.has_attribute("extmap"));
  EXPECT_EQ(audio.proto(), "RTP/AVPF");
  EXPECT_EQ(audio.port(), 40000);
  EXPECT_EQ(audio.connection()->address, "192.0.2.200");
  EXPECT_EQ(audio.connection()->addrtype, AddrType::kIp4);  // was IP6
  EXPECT_EQ(audio.rtcp()->port, 40000);                     // rtcp-mux: same port
  EXPECT_EQ(audio.rtcp()->address, "192.0.2.200");
  EXPECT_EQ(audio.rtcp()->addrtype, AddrType::kIp4);
  EXPECT_TRUE(audio.rtcp_mux());
  EXPECT_EQ(audio.mid(), "0");
  EXPECT_EQ(audio.attribute("ssrc"), "1001 cname:abcd");
  const MediaDescription& video = r->media()[1];
  EXPECT_EQ(video.port(), 0);
  EXPECT_EQ(video.rtcp()->port, 0);  // follows a disabled stream's port 0
  EXPECT_EQ(video.rtcp()->address, "0.0.0.0");  // its own c= is unchanged
  EXPECT_EQ(out.find("candidate"), std::string::npos);
  EXPECT_EQ(out.find("2001:db8::1"), std::string::npos);
}

TEST(SdpRewriterTest, Ipv6SessionAddressAndSeparateOrigin) {
  auto sd = parse(test::kG711Offer);
  ASSERT_TRUE(sd);
  Rewrite rw{.session_address = "2001:db8::99", .origin_address = "192.0.2.1"};
  const std::string r_text = must_rewrite(*sd, rw);
  auto r = parse(r_text);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->connection()->addrtype, AddrType::kIp6);
  EXPECT_EQ(r->connection()->address, "2001:db8::99");
  EXPECT_EQ(r->origin().addrtype, "IP4");
  EXPECT_EQ(r->origin().address, "192.0.2.1");
  EXPECT_EQ(r->media()[0].effective_connection()->address, "2001:db8::99");

  Rewrite origin_only{.origin_address = "2001:db8::5"};
  const std::string o_text = must_rewrite(*sd, origin_only);
  auto o = parse(o_text);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->origin().addrtype, "IP6");
  EXPECT_EQ(o->origin().address, "2001:db8::5");
  EXPECT_EQ(o->connection()->address, "203.0.113.1");
}

TEST(SdpRewriterTest, InsertsConnectionLinesWhereMissing) {
  // The WebRTC offer has no session c=: one is inserted before t=. The RFC example's first audio
  // section has no c= of its own: one is inserted after its i= line.
  auto web = parse(test::kWebRtcOffer);
  ASSERT_TRUE(web);
  const std::string out = must_rewrite(*web, Rewrite{.session_address = "192.0.2.50"});
  auto r = parse(out);
  ASSERT_TRUE(r) << describe(r.error());
  EXPECT_EQ(r->connection()->address, "192.0.2.50");
  EXPECT_NE(out.find("s=-\r\nc=IN IP4 192.0.2.50\r\nt=0 0\r\n"), std::string::npos) << out;
  EXPECT_EQ(r->media()[0].connection()->address, "2001:db8::1");  // media c= lines stay

  auto rfc = parse(test::kRfcExample);
  ASSERT_TRUE(rfc);
  Rewrite rw;
  rw.media = {MediaRewrite{.address = "192.0.2.60"}, MediaRewrite{.address = "192.0.2.61"}, MediaRewrite{},
              MediaRewrite{.address = "2001:db8::63"}};
  const std::string out2 = must_rewrite(*rfc, rw);
  auto r2 = parse(out2);
  ASSERT_TRUE(r2) << describe(r2.error()) << "\n" << out2;
  EXPECT_NE(out2.find("m=audio 49170 RTP/AVP 0\r\ni=main audio\r\nc=IN IP4 192.0.2.60\r\n"), std::string::npos);
  EXPECT_NE(out2.find("m=audio 49180 RTP/AVP 0\r\nc=IN IP4 192.0.2.61\r\na=sendonly\r\n"), std::string::npos);
  EXPECT_EQ(r2->media()[2].connection()->address, "2001:db8::2");
  EXPECT_EQ(r2->media()[3].connection()->address, "2001:db8::63");
  EXPECT_EQ(r2->connection()->address, "198.51.100.1");
}

TEST(SdpRewriterTest, KeepsPortCountAndReplacesMulticastByUnicast) {
  auto sd = parse(test::kMulticast);
  ASSERT_TRUE(sd);
  Rewrite rw{.session_address = "192.0.2.70"};
  rw.media = {MediaRewrite{}, MediaRewrite{.address = "2001:db8::70", .port = 40000}};
  const std::string r_text = must_rewrite(*sd, rw);
  auto r = parse(r_text);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->connection()->multicast);
  EXPECT_FALSE(r->connection()->ttl);
  EXPECT_FALSE(r->media()[1].connection()->multicast);
  EXPECT_EQ(r->media()[1].port(), 40000);

  auto rfc = parse(test::kRfcExample);
  ASSERT_TRUE(rfc);
  Rewrite ports;
  ports.media = {MediaRewrite{}, MediaRewrite{}, MediaRewrite{.port = 40000}};
  const std::string r2_text = must_rewrite(*rfc, ports);
  auto r2 = parse(r2_text);
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->media()[2].port(), 40000);
  EXPECT_EQ(r2->media()[2].port_count(), 2);
  EXPECT_EQ(r2->media()[2].lines().front().value, "video 40000/2 RTP/AVP 99");
}

TEST(SdpRewriterTest, AddsSessionAndMediaAttributes) {
  auto sd = parse(test::kG711Offer);
  ASSERT_TRUE(sd);
  Rewrite rw;
  rw.add_session_attributes = {{"x-gateway", "voipguard"}, {"ice-lite", ""}};
  rw.media = {MediaRewrite{.remove_attributes = {"sendrecv"}, .add_attributes = {{"sendonly", ""}, {"rtcp-mux", ""}}}};
  const std::string out = must_rewrite(*sd, rw);
  auto r = parse(out);
  ASSERT_TRUE(r) << describe(r.error());
  EXPECT_EQ(r->attribute("x-gateway"), "voipguard");
  EXPECT_TRUE(r->has_attribute("ice-lite"));
  EXPECT_FALSE(r->attributes("ice-lite").first()->has_value);
  EXPECT_EQ(r->media()[0].direction(), Direction::kSendOnly);
  EXPECT_TRUE(r->media()[0].rtcp_mux());
  EXPECT_NE(out.find("t=0 0\r\na=x-gateway:voipguard\r\na=ice-lite\r\nm=audio"), std::string::npos) << out;
}

TEST(SdpRewriterTest, RemovalIsCaseInsensitiveAndPerMedia) {
  const std::string text =
      "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\na=X-Keep:1\r\n"
      "m=audio 4000 RTP/AVP 0\r\na=X-Drop:1\r\na=x-keep:2\r\nm=audio 4002 RTP/AVP 0\r\na=x-drop:3\r\n";
  auto sd = parse(text);
  ASSERT_TRUE(sd);
  Rewrite rw;
  rw.media = {MediaRewrite{.remove_attributes = {"x-drop"}}};
  const std::string out = must_rewrite(*sd, rw);
  EXPECT_EQ(out.find("X-Drop:1"), std::string::npos);
  EXPECT_NE(out.find("a=x-drop:3"), std::string::npos);  // other section untouched
  EXPECT_NE(out.find("a=X-Keep:1"), std::string::npos);
  Rewrite all{.remove_attributes = {"X-*"}};
  const std::string r_text = must_rewrite(*sd, all);
  auto r = parse(r_text);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->attributes().empty());
  EXPECT_TRUE(r->media()[0].attributes().empty());
  EXPECT_TRUE(r->media()[1].attributes().empty());
}

struct RewriteErrorCase {
  const char* name;
  Rewrite rw;
  Error error;
};

TEST(SdpRewriterTest, RejectsBadArguments) {
  auto sd = parse(test::kSrtpOffer);
  ASSERT_TRUE(sd);
  const std::vector<RewriteErrorCase> cases = {
      {"session_fqdn", Rewrite{.session_address = "gw.example.com"}, Error::kBadAddress},
      {"origin_garbage", Rewrite{.origin_address = "1.2.3"}, Error::kBadAddress},
      {"media_address_newline", Rewrite{.media = {MediaRewrite{.address = "192.0.2.1\r\nm=x"}}}, Error::kBadAddress},
      {"media_index", Rewrite{.media = {MediaRewrite{}, MediaRewrite{}}}, Error::kBadMediaIndex},
      {"proto_not_token", Rewrite{.media = {MediaRewrite{.proto = "RTP/AVP 0\r\na=x"}}}, Error::kBadProto},
      {"proto_empty", Rewrite{.media = {MediaRewrite{.proto = ""}}}, Error::kBadProto},
      {"attribute_bad_name", Rewrite{.add_session_attributes = {{"bad name", "x"}}}, Error::kBadAttribute},
      {"attribute_empty_name", Rewrite{.add_session_attributes = {{"", "x"}}}, Error::kBadAttribute},
      {"attribute_crlf_value", Rewrite{.media = {MediaRewrite{.add_attributes = {{"x", "1\r\nm=audio"}}}}},
       Error::kBadAttribute},
      {"attribute_nul_value", Rewrite{.media = {MediaRewrite{.add_attributes = {{"x", std::string_view("a\0b", 3)}}}}},
       Error::kBadAttribute},
      {"duplicate_direction", Rewrite{.media = {MediaRewrite{.add_attributes = {{"recvonly", ""}}}}},
       Error::kDuplicateAttribute},
      {"bad_crypto",
       Rewrite{.media = {MediaRewrite{.add_attributes = {{"crypto", "1 AES_CM_128_HMAC_SHA1_80 inline:"}}}}},
       Error::kBadCrypto},
      {"rtcp_port_overflow", Rewrite{.media = {MediaRewrite{.port = 65535}}}, Error::kBadPort},
  };
  for (const auto& c : cases) {
    auto r = rewrite(*sd, c.rw);
    ASSERT_FALSE(r) << c.name;
    EXPECT_EQ(r.error(), c.error) << c.name << ": got " << error_name(r.error());
  }
  // A valid but duplicated crypto tag is caught by the check parse of the output.
  const std::string dup = "1 AES_CM_128_HMAC_SHA1_80 inline:" + std::string(kNewKey);
  auto r = rewrite(*sd, Rewrite{.media = {MediaRewrite{.add_attributes = {{"crypto", dup}}}}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), Error::kDuplicateAttribute);
}

TEST(SdpRewriterTest, ProtoChangeMustFitTheFormats) {
  auto fax = parse(test::kT38);
  ASSERT_TRUE(fax);
  auto r = rewrite(*fax, Rewrite{.media = {MediaRewrite{.proto = "RTP/AVP"}}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), Error::kBadProto);
  EXPECT_TRUE(rewrite(*fax, Rewrite{.media = {MediaRewrite{.proto = "UDPTL"}}}));

  auto rfc = parse(test::kRfcExample);
  ASSERT_TRUE(rfc);
  // 65500/2 as a non-RTP proto spans 2 ports; under RTP it needs 4 and would pass 65535.
  Rewrite rw;
  rw.media = {MediaRewrite{}, MediaRewrite{}, MediaRewrite{.port = 65533}};
  auto over = rewrite(*rfc, rw);
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error(), Error::kBadPort);
  rw.media[2].proto = "udp";
  EXPECT_TRUE(rewrite(*rfc, rw));
}

TEST(SdpRewriterTest, OutputMayExceedWireLimits) {
  // A body near the size limit plus the gateway's additions still rewrites; the caller decides
  // whether it fits its transport.
  std::string text(crlf(test::kG711Offer));
  while (text.size() < kMaxBodySize - 100) text += "a=x-pad:" + std::string(200, 'p') + "\r\n";
  text.resize(text.rfind("\r\n", kMaxBodySize - 100) + 2);
  auto sd = parse(text);
  ASSERT_TRUE(sd) << describe(sd.error());
  const std::string pad(500, 'q');
  auto out = rewrite(*sd, Rewrite{.media = {MediaRewrite{.add_attributes = {{"x-more", pad}}}}});
  ASSERT_TRUE(out) << describe(out.error());
  EXPECT_GT(out->size(), kMaxBodySize);
}

}  // namespace
}  // namespace vg::sdp
