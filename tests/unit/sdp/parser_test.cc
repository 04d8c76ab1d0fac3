// Parsing real-world-style descriptions and reading them through the typed accessors.
#include "sdp/parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "samples.h"

namespace vg::sdp {
namespace {

using test::crlf;

class SdpParserSampleTest : public ::testing::TestWithParam<test::Sample> {};

// Every sample parses with LF and with CRLF line endings, to the same line table.
TEST_P(SdpParserSampleTest, ParsesWithLfAndCrlf) {
  const std::string lf(GetParam().text);
  const std::string wire = crlf(GetParam().text);
  auto a = parse(lf);
  auto b = parse(wire);
  ASSERT_TRUE(a) << describe(a.error());
  ASSERT_TRUE(b) << describe(b.error());
  ASSERT_EQ(a->lines().size(), b->lines().size());
  for (size_t i = 0; i < a->lines().size(); ++i) {
    EXPECT_EQ(a->lines()[i].type, b->lines()[i].type);
    EXPECT_EQ(a->lines()[i].value, b->lines()[i].value);
  }
  EXPECT_EQ(a->media().size(), b->media().size());
}

INSTANTIATE_TEST_SUITE_P(Samples, SdpParserSampleTest, ::testing::ValuesIn(test::kAllSamples),
                         [](const ::testing::TestParamInfo<test::Sample>& p) { return std::string(p.param.name); });

TEST(SdpParserTest, PlainG711Offer) {
  const std::string text = crlf(test::kG711Offer);
  auto r = parse(text);
  ASSERT_TRUE(r) << describe(r.error());
  const SessionDescription& sd = *r;
  EXPECT_EQ(sd.text(), text);
  EXPECT_EQ(sd.origin().username, "-");
  EXPECT_EQ(sd.origin().session_id, "20518");
  EXPECT_EQ(sd.origin().session_version, "0");
  EXPECT_EQ(sd.origin().nettype, "IN");
  EXPECT_EQ(sd.origin().addrtype, "IP4");
  EXPECT_EQ(sd.origin().address, "203.0.113.1");
  EXPECT_EQ(sd.session_name(), "SDP Data");
  EXPECT_EQ(sd.field('t'), "0 0");
  EXPECT_FALSE(sd.field('i'));
  ASSERT_TRUE(sd.connection());
  EXPECT_EQ(sd.connection()->address, "203.0.113.1");
  EXPECT_EQ(sd.connection()->addrtype, AddrType::kIp4);
  EXPECT_FALSE(sd.connection()->multicast);
  EXPECT_EQ(sd.session_lines().size(), 5u);
  ASSERT_EQ(sd.media().size(), 1u);

  const MediaDescription& m = sd.media()[0];
  EXPECT_EQ(m.media(), "audio");
  EXPECT_EQ(m.port(), 54400);
  EXPECT_EQ(m.port_count(), 1);
  EXPECT_FALSE(m.has_port_count());
  EXPECT_EQ(m.proto(), "RTP/AVP");
  EXPECT_TRUE(m.is_rtp());
  EXPECT_EQ(m.formats(), "0 8 101");
  std::vector<std::string_view> fmts(m.format_list().begin(), m.format_list().end());
  EXPECT_EQ(fmts, (std::vector<std::string_view>{"0", "8", "101"}));
  EXPECT_TRUE(m.has_format("101"));
  EXPECT_FALSE(m.has_format("10"));
  EXPECT_EQ(m.index(), 0u);
  EXPECT_EQ(m.first_line(), 5u);
  EXPECT_EQ(m.lines().size(), 8u);
  EXPECT_FALSE(m.connection());
  ASSERT_TRUE(m.effective_connection());
  EXPECT_EQ(m.effective_connection()->address, "203.0.113.1");

  auto pcma = m.rtpmap(8);
  ASSERT_TRUE(pcma);
  EXPECT_EQ(pcma->encoding, "PCMA");
  EXPECT_EQ(pcma->clock_rate, 8000u);
  EXPECT_FALSE(pcma->channels);
  EXPECT_FALSE(m.rtpmap(18));
  size_t rtpmaps = 0;
  for (const Rtpmap& rm : m.rtpmaps()) {
    EXPECT_TRUE(m.has_format(std::to_string(rm.payload_type)));
    ++rtpmaps;
  }
  EXPECT_EQ(rtpmaps, 3u);
  auto dtmf = m.fmtp("101");
  ASSERT_TRUE(dtmf);
  EXPECT_EQ(dtmf->payload_type, 101);
  EXPECT_EQ(dtmf->params, "0-15");
  EXPECT_EQ(m.ptime(), 20u);
  EXPECT_EQ(m.maxptime(), 150u);
  EXPECT_EQ(m.direction(), Direction::kSendRecv);
  EXPECT_FALSE(m.rtcp());
  EXPECT_FALSE(m.rtcp_mux());
  EXPECT_TRUE(m.cryptos().empty());
  EXPECT_FALSE(m.fingerprint());
  EXPECT_FALSE(m.setup());
  EXPECT_FALSE(m.ice_ufrag());
  EXPECT_FALSE(m.mid());
  EXPECT_TRUE(m.candidates().empty());
  EXPECT_EQ(m.attribute("ptime"), "20");
  EXPECT_FALSE(m.attribute("rtcp"));
  EXPECT_TRUE(m.has_attribute("SENDRECV"));  // names compare case-insensitively
}

TEST(SdpParserTest, SrtpOfferWithSeveralCryptoLines) {
  const std::string text = crlf(test::kSrtpOffer);
  auto r = parse(text);
  ASSERT_TRUE(r) << describe(r.error());
  const MediaDescription& m = r->media()[0];
  EXPECT_EQ(m.proto(), "RTP/SAVP");
  auto rtcp = m.rtcp();
  ASSERT_TRUE(rtcp);
  EXPECT_EQ(rtcp->port, 49171);
  EXPECT_EQ(rtcp->addrtype, AddrType::kIp4);
  EXPECT_EQ(rtcp->address, "192.0.2.10");

  std::vector<Crypto> cryptos(m.cryptos().begin(), m.cryptos().end());
  ASSERT_EQ(cryptos.size(), 4u);
  EXPECT_EQ(cryptos[0].tag, 1u);
  EXPECT_EQ(cryptos[0].suite, CryptoSuite::kAesCm128HmacSha1_80);
  ASSERT_EQ(cryptos[0].key_params().size(), 1u);
  EXPECT_EQ(cryptos[0].key_params()[0].key_salt, "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR");
  EXPECT_EQ(cryptos[0].key_params()[0].lifetime, uint64_t{1} << 20);
  EXPECT_EQ(cryptos[0].key_params()[0].mki_value, 1u);
  EXPECT_EQ(cryptos[0].key_params()[0].mki_length, 4);
  EXPECT_EQ(cryptos[1].suite, CryptoSuite::kAesCm128HmacSha1_32);
  EXPECT_EQ(cryptos[2].suite, CryptoSuite::kAeadAes256Gcm);
  EXPECT_FALSE(cryptos[2].key_params()[0].lifetime);
  EXPECT_EQ(cryptos[2].key_params()[0].mki_length, 0);
  EXPECT_EQ(cryptos[3].tag, 4u);
  EXPECT_EQ(cryptos[3].suite, CryptoSuite::kAeadAes128Gcm);
  EXPECT_EQ(cryptos[3].session_params, "KDR=1 UNENCRYPTED_SRTCP");
  EXPECT_EQ(m.rtpmap(9)->encoding, "G722");
}

TEST(SdpParserTest, WebRtcOffer) {
  const std::string text = crlf(test::kWebRtcOffer);
  auto r = parse(text);
  ASSERT_TRUE(r) << describe(r.error());
  const SessionDescription& sd = *r;
  EXPECT_FALSE(sd.connection());
  EXPECT_EQ(sd.attribute("group"), "BUNDLE 0 1");
  EXPECT_EQ(sd.attribute("msid-semantic"), " WMS stream1");
  EXPECT_EQ(sd.ice_options(), "trickle");
  EXPECT_FALSE(sd.ice_ufrag());
  ASSERT_EQ(sd.media().size(), 2u);

  const MediaDescription& audio = sd.media()[0];
  EXPECT_EQ(audio.proto(), "UDP/TLS/RTP/SAVPF");
  ASSERT_TRUE(audio.connection());
  EXPECT_EQ(audio.connection()->addrtype, AddrType::kIp6);
  EXPECT_EQ(audio.connection()->address, "2001:db8::1");
  EXPECT_EQ(audio.effective_connection()->address, "2001:db8::1");
  EXPECT_EQ(audio.rtcp()->address, "2001:db8::1");
  EXPECT_EQ(audio.rtcp()->addrtype, AddrType::kIp6);
  EXPECT_TRUE(audio.rtcp_mux());
  EXPECT_EQ(audio.mid(), "0");
  EXPECT_EQ(audio.ice_ufrag(), "EsAw");
  EXPECT_EQ(audio.ice_pwd(), "P2uYro0UCOQ4zxjKXaWCBui1");
  EXPECT_EQ(audio.ice_options(), "trickle");  // inherited from the session level
  EXPECT_EQ(audio.setup(), Setup::kActpass);
  auto fp = audio.fingerprint();  // inherited
  ASSERT_TRUE(fp);
  EXPECT_EQ(fp->hash_function, "sha-256");
  EXPECT_EQ(fp->digest_size, 32u);
  auto opus = audio.rtpmap(111);
  ASSERT_TRUE(opus);
  EXPECT_EQ(opus->encoding, "opus");
  EXPECT_EQ(opus->clock_rate, 48000u);
  EXPECT_EQ(opus->channels, 2);
  EXPECT_EQ(audio.fmtp("111")->params, "minptime=10;useinbandfec=1");
  EXPECT_EQ(audio.attribute("ssrc"), "1001 cname:abcd");

  std::vector<Candidate> cands(audio.candidates().begin(), audio.candidates().end());
  ASSERT_EQ(cands.size(), 4u);
  EXPECT_EQ(cands[0].foundation, "842163049");
  EXPECT_EQ(cands[0].component, 1);
  EXPECT_EQ(cands[0].transport, "udp");
  EXPECT_EQ(cands[0].priority, 1677729535u);
  EXPECT_EQ(cands[0].address, "2001:db8::1");
  EXPECT_EQ(cands[0].port, 50000);
  EXPECT_EQ(cands[0].type, CandidateType::kSrflx);
  EXPECT_EQ(cands[0].related_address, "::");
  EXPECT_EQ(cands[0].related_port, 0);
  EXPECT_EQ(cands[0].extensions, "generation 0 network-cost 999");
  EXPECT_EQ(cands[1].type, CandidateType::kHost);
  EXPECT_TRUE(cands[1].related_address.empty());
  EXPECT_FALSE(cands[1].related_port);
  EXPECT_EQ(cands[2].address, "3d2a6f6c-1c1b-4d8e-9a4b-2f3e6b9c8d7e.local");
  EXPECT_EQ(cands[3].transport, "tcp");
  EXPECT_EQ(cands[3].extensions, "tcptype active generation 0");

  const MediaDescription& video = sd.media()[1];
  EXPECT_EQ(video.port(), 9);
  EXPECT_EQ(video.direction(), Direction::kRecvOnly);
  EXPECT_EQ(video.ice_ufrag(), "Fq9z");
  EXPECT_EQ(video.fingerprint()->hash_function, "sha-1");  // media level overrides
  EXPECT_EQ(video.fingerprint()->digest_size, 20u);
  EXPECT_EQ(video.effective_connection()->address, "0.0.0.0");
  EXPECT_EQ(video.fmtp("97")->params, "apt=96");
  EXPECT_EQ(video.rtpmap(97)->encoding, "rtx");
}

TEST(SdpParserTest, RfcExampleWithAllSessionFields) {
  const std::string text = crlf(test::kRfcExample);
  auto r = parse(text);
  ASSERT_TRUE(r) << describe(r.error());
  const SessionDescription& sd = *r;
  EXPECT_EQ(sd.session_name(), "Call to John Smith");
  EXPECT_EQ(sd.field('i'), "SDP Offer #1");
  EXPECT_EQ(sd.field('u'), "http://www.jdoe.example.com/home.html");
  EXPECT_EQ(sd.field('e'), "Jane Doe <jane@jdoe.example.com>");
  EXPECT_EQ(sd.field('p'), "+1 617 555-6011");
  EXPECT_EQ(sd.field('b'), "CT:1000");
  EXPECT_EQ(sd.field('t'), "3724394400 3724398000");
  EXPECT_EQ(sd.field('r'), "604800 3600 0 90000");
  EXPECT_EQ(sd.field('z'), "2882844526 -1h 2898848070 0");
  EXPECT_EQ(sd.field('k'), "prompt");
  EXPECT_EQ(sd.direction(), Direction::kRecvOnly);
  ASSERT_EQ(sd.media().size(), 4u);
  EXPECT_EQ(sd.media()[0].direction(), Direction::kRecvOnly);  // session level applies
  EXPECT_EQ(sd.media()[1].direction(), Direction::kSendOnly);  // media level overrides
  EXPECT_EQ(sd.media()[0].effective_connection()->address, "198.51.100.1");
  EXPECT_EQ(sd.media()[2].connection()->address, "2001:db8::2");
  EXPECT_EQ(sd.media()[2].port_count(), 2);
  EXPECT_TRUE(sd.media()[2].has_port_count());
  EXPECT_EQ(sd.media()[3].proto(), "UDP/DTLS/SCTP");
  EXPECT_FALSE(sd.media()[3].is_rtp());
  EXPECT_EQ(sd.media()[3].formats(), "webrtc-datachannel");
}

TEST(SdpParserTest, AnswerWithRejectedStream) {
  auto r = parse(test::kAnswerWithRejected);
  ASSERT_TRUE(r) << describe(r.error());
  EXPECT_EQ(r->origin().addrtype, "IP6");
  EXPECT_EQ(r->origin().address, "2001:db8::7");
  EXPECT_EQ(r->session_name(), " ");
  ASSERT_EQ(r->media().size(), 2u);
  EXPECT_EQ(r->media()[0].direction(), Direction::kSendOnly);
  EXPECT_EQ(r->media()[1].port(), 0);
  EXPECT_FALSE(r->media()[1].effective_connection());
}

TEST(SdpParserTest, MulticastConnections) {
  auto r = parse(test::kMulticast);
  ASSERT_TRUE(r) << describe(r.error());
  const Connection& c4 = *r->connection();
  EXPECT_TRUE(c4.multicast);
  EXPECT_EQ(c4.address, "233.252.0.1");
  EXPECT_EQ(c4.ttl, 127);
  EXPECT_EQ(c4.count, 3);
  const Connection c6 = *r->media()[1].connection();
  EXPECT_TRUE(c6.multicast);
  EXPECT_EQ(c6.address, "ff15::101");
  EXPECT_FALSE(c6.ttl);
  EXPECT_EQ(c6.count, 3);
}

TEST(SdpParserTest, NonRtpMediaKeepsTokenFormats) {
  auto r = parse(test::kT38);
  ASSERT_TRUE(r) << describe(r.error());
  const MediaDescription& m = r->media()[0];
  EXPECT_EQ(m.media(), "image");
  EXPECT_EQ(m.proto(), "udptl");
  EXPECT_FALSE(m.is_rtp());
  EXPECT_EQ(m.formats(), "t38");
  EXPECT_EQ(m.attribute("T38MaxBitRate"), "14400");
  size_t n = 0;
  for (const Attribute& a : m.attributes("T38*")) {
    EXPECT_TRUE(a.has_value);
    ++n;
  }
  EXPECT_EQ(n, 3u);
}

TEST(SdpParserTest, UnknownAttributesAreKept) {
  constexpr std::string_view text =
      "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\na=x-vendor:some value\r\n"
      "m=audio 4000 RTP/AVP 0\r\na=x-flag\r\na=x-empty:\r\na=label:1\r\n";
  auto r = parse(text);
  ASSERT_TRUE(r) << describe(r.error());
  auto session_attr = r->attributes().first();
  ASSERT_TRUE(session_attr);
  EXPECT_EQ(session_attr->name, "x-vendor");
  EXPECT_EQ(session_attr->value, "some value");
  std::vector<Attribute> attrs(r->media()[0].attributes().begin(), r->media()[0].attributes().end());
  ASSERT_EQ(attrs.size(), 3u);
  EXPECT_EQ(attrs[0].name, "x-flag");
  EXPECT_FALSE(attrs[0].has_value);
  EXPECT_EQ(attrs[1].name, "x-empty");
  EXPECT_TRUE(attrs[1].has_value);
  EXPECT_EQ(attrs[1].value, "");
  EXPECT_EQ(attrs[2].value, "1");
}

TEST(SdpParserTest, ToleratesTrailingBlankLinesAndMissingFinalNewline) {
  const std::string base = crlf(test::kG711Offer);
  EXPECT_TRUE(parse(base + "\r\n"));
  EXPECT_TRUE(parse(base + "\r\n\r\n\n"));
  EXPECT_TRUE(parse(base.substr(0, base.size() - 2)));  // no CRLF after the last line
  EXPECT_TRUE(parse(std::string(test::kG711Offer) + "\n"));
}

TEST(SdpParserTest, MixedLineEndings) {
  auto r = parse("v=0\r\no=- 1 1 IN IP4 192.0.2.1\ns=-\r\nc=IN IP4 192.0.2.1\nt=0 0\r\nm=audio 4000 RTP/AVP 0\n");
  ASSERT_TRUE(r) << describe(r.error());
  EXPECT_EQ(r->media()[0].port(), 4000);
}

TEST(SdpParserTest, MinimalDescriptionWithoutMedia) {
  auto r = parse("v=0\r\no=- 0 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n");
  ASSERT_TRUE(r) << describe(r.error());
  EXPECT_TRUE(r->media().empty());
  EXPECT_EQ(r->session_lines().size(), 4u);
  EXPECT_EQ(r->direction(), Direction::kSendRecv);
}

TEST(SdpParserTest, ResultIsMovable) {
  const std::string text = crlf(test::kWebRtcOffer);
  auto r = parse(text);
  ASSERT_TRUE(r);
  SessionDescription moved = std::move(*r);
  SessionDescription again;
  again = std::move(moved);
  // Media sections still see their lines and the session-level attributes after both moves.
  EXPECT_EQ(again.media()[1].mid(), "1");
  EXPECT_EQ(again.media()[0].ice_options(), "trickle");
  EXPECT_EQ(again.media()[0].lines().front().type, 'm');
}

TEST(SdpParserTest, LimitsMayBeLoweredNotRaised) {
  const std::string text = crlf(test::kWebRtcOffer);
  Limits tight;
  tight.max_media_sections = 1;
  auto r = parse(text, tight);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), Error::kTooManyMedia);

  Limits loose;
  loose.max_body_size = 10 * kMaxBodySize;
  loose.max_lines = 10 * kMaxLines;
  const Limits clamped = loose.clamped();
  EXPECT_EQ(clamped.max_body_size, kMaxBodySize);
  EXPECT_EQ(clamped.max_lines, kMaxLines);
  std::string big(kMaxBodySize + 1, 'x');
  auto too_big = parse(big, loose);
  ASSERT_FALSE(too_big);
  EXPECT_EQ(too_big.error(), Error::kTooLarge);
}

}  // namespace
}  // namespace vg::sdp
