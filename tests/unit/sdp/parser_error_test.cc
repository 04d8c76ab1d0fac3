// Every way parse() rejects a description, the hard limits, and hostile input.
#include <gtest/gtest.h>

#include <string>

#include "samples.h"
#include "sdp/parser.h"

namespace vg::sdp {
namespace {

// Session head shared by most cases; the case text follows it.
constexpr std::string_view kHead = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n";

struct ErrorCase {
  const char* name;
  std::string text;  // complete description
  Error error;
};

std::string with_head(std::string_view tail) { return std::string(kHead) + std::string(tail); }
std::string audio(std::string_view attrs) { return with_head("m=audio 4000 RTP/AVP 0 8\r\n" + std::string(attrs)); }

std::vector<ErrorCase> error_cases() {
  return {
      // Whole body.
      {"empty", "", Error::kEmpty},
      {"only_newlines", "\r\n\r\n", Error::kEmpty},
      {"nul_byte", with_head(std::string("a=x:a\0b\r\n", 9)), Error::kBadCharacter},
      {"bare_cr", with_head("a=x:a\rb\r\n"), Error::kBadCharacter},
      {"empty_line_inside", "v=0\r\n\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n", Error::kEmptyLine},
      // Line structure.
      {"no_equals", with_head("a\r\n"), Error::kMissingEquals},
      {"space_before_equals", with_head("a =x\r\n"), Error::kMissingEquals},
      {"unknown_type", with_head("x=1\r\n"), Error::kUnknownLineType},
      {"upper_case_type", with_head("A=sendrecv\r\n"), Error::kUnknownLineType},
      {"equals_as_type", with_head("==\r\n"), Error::kUnknownLineType},
      {"truncated_line", with_head("m"), Error::kMissingEquals},
      {"c_after_t", "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nc=IN IP4 192.0.2.1\r\n",
       Error::kLineOutOfOrder},
      {"s_before_o", "v=0\r\ns=-\r\no=- 1 1 IN IP4 192.0.2.1\r\nt=0 0\r\n", Error::kLineOutOfOrder},
      {"a_before_t", "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\na=sendrecv\r\nt=0 0\r\n", Error::kLineOutOfOrder},
      {"r_without_t", "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nr=7d 1h 0 25h\r\nt=0 0\r\n", Error::kLineOutOfOrder},
      {"t_in_media", audio("t=0 0\r\n"), Error::kLineOutOfOrder},
      {"o_in_media", audio("o=- 1 1 IN IP4 192.0.2.1\r\n"), Error::kLineOutOfOrder},
      {"c_after_a_in_media", audio("a=sendrecv\r\nc=IN IP4 192.0.2.1\r\n"), Error::kLineOutOfOrder},
      {"second_v", with_head("v=0\r\n"), Error::kLineOutOfOrder},
      {"two_origins", "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n",
       Error::kDuplicateLine},
      {"two_session_names", "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\ns=-\r\nt=0 0\r\n", Error::kDuplicateLine},
      {"two_session_c",
       "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nc=IN IP4 192.0.2.2\r\nt=0 0\r\n",
       Error::kDuplicateLine},
      {"two_media_c", audio("c=IN IP4 192.0.2.1\r\nc=IN IP4 192.0.2.2\r\n"), Error::kDuplicateLine},
      // v=, o=, s=, t=.
      {"missing_version", "o=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n", Error::kBadVersion},
      {"version_1", "v=1\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n", Error::kBadVersion},
      {"version_00", "v=00\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n", Error::kBadVersion},
      {"version_only", "v=0\r\n", Error::kMissingOrigin},
      {"missing_origin", "v=0\r\ns=-\r\nt=0 0\r\n", Error::kMissingOrigin},
      {"origin_five_fields", "v=0\r\no=- 1 1 IN IP4\r\ns=-\r\nt=0 0\r\n", Error::kBadOrigin},
      {"origin_seven_fields", "v=0\r\no=- 1 1 IN IP4 192.0.2.1 x\r\ns=-\r\nt=0 0\r\n", Error::kBadOrigin},
      {"origin_alpha_id", "v=0\r\no=- abc 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n", Error::kBadOrigin},
      {"origin_double_space", "v=0\r\no=-  1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n", Error::kBadOrigin},
      {"origin_empty", "v=0\r\no=\r\ns=-\r\nt=0 0\r\n", Error::kBadOrigin},
      {"missing_session_name", "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\nt=0 0\r\n", Error::kMissingSessionName},
      {"missing_timing", "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n", Error::kMissingTiming},
      {"missing_timing_before_media",
       "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nm=audio 4000 RTP/AVP 0\r\n",
       Error::kMissingTiming},
      {"timing_one_field", "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0\r\n", Error::kBadTiming},
      {"timing_alpha", "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=now 0\r\n", Error::kBadTiming},
      {"timing_three_fields", "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0 0\r\n", Error::kBadTiming},
      // b=.
      {"bandwidth_no_colon", audio("b=AS64\r\n"), Error::kBadBandwidth},
      {"bandwidth_alpha", audio("b=AS:lots\r\n"), Error::kBadBandwidth},
      {"bandwidth_empty_type", audio("b=:64\r\n"), Error::kBadBandwidth},
      // c=.
      {"connection_fqdn", audio("c=IN IP4 media.example.com\r\n"), Error::kBadConnection},
      {"connection_family_mismatch", audio("c=IN IP4 2001:db8::1\r\n"), Error::kBadConnection},
      {"connection_ip6_mismatch", audio("c=IN IP6 192.0.2.1\r\n"), Error::kBadConnection},
      {"connection_bad_nettype", audio("c=ATM NSAP 47.0005\r\n"), Error::kBadConnection},
      {"connection_bad_addrtype", audio("c=IN IP5 192.0.2.1\r\n"), Error::kBadConnection},
      {"connection_missing_address", audio("c=IN IP4\r\n"), Error::kBadConnection},
      {"connection_octet_256", audio("c=IN IP4 192.0.2.256\r\n"), Error::kBadConnection},
      {"connection_leading_zero", audio("c=IN IP4 192.0.2.01\r\n"), Error::kBadConnection},
      {"connection_unicast_ttl", audio("c=IN IP4 192.0.2.1/127\r\n"), Error::kBadConnection},
      {"connection_multicast_no_ttl", audio("c=IN IP4 233.252.0.1\r\n"), Error::kBadConnection},
      {"connection_ttl_256", audio("c=IN IP4 233.252.0.1/256\r\n"), Error::kBadConnection},
      {"connection_count_0", audio("c=IN IP4 233.252.0.1/127/0\r\n"), Error::kBadConnection},
      {"connection_count_huge", audio("c=IN IP4 233.252.0.1/127/65536\r\n"), Error::kBadConnection},
      {"connection_ip6_ttl", audio("c=IN IP6 ff15::101/127/3\r\n"), Error::kBadConnection},
      {"connection_ip6_unicast_count", audio("c=IN IP6 2001:db8::1/2\r\n"), Error::kBadConnection},
      {"connection_zone_id", audio("c=IN IP6 fe80::1%eth0\r\n"), Error::kBadConnection},
      {"connection_trailing_slash", audio("c=IN IP4 233.252.0.1/127/\r\n"), Error::kBadConnection},
      {"missing_connection",
       "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n", Error::kMissingConnection},
      {"missing_connection_second_media",
       "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\nc=IN IP4 192.0.2.1\r\n"
       "m=video 4002 RTP/AVP 31\r\n",
       Error::kMissingConnection},
      // m=.
      {"media_three_fields", with_head("m=audio 4000 RTP/AVP\r\n"), Error::kBadMedia},
      {"media_empty", with_head("m=\r\n"), Error::kBadMedia},
      {"media_double_space", with_head("m=audio  4000 RTP/AVP 0\r\n"), Error::kBadMedia},
      {"media_port_99999", with_head("m=audio 99999 RTP/AVP 0\r\n"), Error::kBadPort},
      {"media_port_65536", with_head("m=audio 65536 RTP/AVP 0\r\n"), Error::kBadPort},
      {"media_port_negative", with_head("m=audio -1 RTP/AVP 0\r\n"), Error::kBadPort},
      {"media_port_plus", with_head("m=audio +4000 RTP/AVP 0\r\n"), Error::kBadPort},
      {"media_port_alpha", with_head("m=audio http RTP/AVP 0\r\n"), Error::kBadPort},
      {"media_port_huge", with_head("m=audio 99999999999999999999999 RTP/AVP 0\r\n"), Error::kBadPort},
      {"media_port_count_0", with_head("m=audio 4000/0 RTP/AVP 0\r\n"), Error::kBadPort},
      {"media_port_count_empty", with_head("m=audio 4000/ RTP/AVP 0\r\n"), Error::kBadPort},
      {"media_port_count_too_many", with_head("m=audio 4000/17 RTP/AVP 0\r\n"), Error::kBadPort},
      {"media_port_range_overflow", with_head("m=audio 65530/4 RTP/AVP 0\r\n"), Error::kBadPort},
      {"media_port_two_slashes", with_head("m=audio 4000/2/2 RTP/AVP 0\r\n"), Error::kBadPort},
      {"media_proto_empty_part", with_head("m=audio 4000 RTP//AVP 0\r\n"), Error::kBadProto},
      {"media_proto_trailing_slash", with_head("m=audio 4000 RTP/AVP/ 0\r\n"), Error::kBadProto},
      {"media_pt_128", with_head("m=audio 4000 RTP/AVP 0 128\r\n"), Error::kBadFormat},
      {"media_pt_alpha", with_head("m=audio 4000 RTP/SAVP PCMU\r\n"), Error::kBadFormat},
      {"media_fmt_double_space", with_head("m=audio 4000 RTP/AVP 0  8\r\n"), Error::kBadFormat},
      {"media_type_not_token", with_head("m=au(dio 4000 RTP/AVP 0\r\n"), Error::kBadMedia},
      // Attributes: generic.
      {"attribute_empty", audio("a=\r\n"), Error::kBadAttribute},
      {"attribute_empty_name", audio("a=:x\r\n"), Error::kBadAttribute},
      {"attribute_space_in_name", audio("a=send recv\r\n"), Error::kBadAttribute},
      {"direction_with_value", audio("a=sendonly:yes\r\n"), Error::kBadAttribute},
      {"rtcp_mux_with_value", audio("a=rtcp-mux:1\r\n"), Error::kBadAttribute},
      {"two_directions", audio("a=sendonly\r\na=recvonly\r\n"), Error::kDuplicateAttribute},
      {"two_session_directions", with_head("a=sendonly\r\na=inactive\r\n"), Error::kDuplicateAttribute},
      {"duplicate_rtpmap_pt", audio("a=rtpmap:0 PCMU/8000\r\na=rtpmap:0 PCMA/8000\r\n"), Error::kDuplicateAttribute},
      {"duplicate_crypto_tag",
       audio("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR\r\n"
             "a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR\r\n"),
       Error::kDuplicateAttribute},
      {"two_rtcp", audio("a=rtcp:4001\r\na=rtcp:4003\r\n"), Error::kDuplicateAttribute},
      {"two_setup", audio("a=setup:active\r\na=setup:passive\r\n"), Error::kDuplicateAttribute},
      {"two_mid", audio("a=mid:0\r\na=mid:1\r\n"), Error::kDuplicateAttribute},
      {"two_ufrag", audio("a=ice-ufrag:abcd\r\na=ice-ufrag:efgh\r\n"), Error::kDuplicateAttribute},
      {"two_ptime", audio("a=ptime:20\r\na=ptime:30\r\n"), Error::kDuplicateAttribute},
      // Attributes: typed.
      {"rtpmap_bad", audio("a=rtpmap:0 PCMU\r\n"), Error::kBadRtpmap},
      {"rtpmap_no_value", audio("a=rtpmap\r\n"), Error::kBadRtpmap},
      {"fmtp_empty", audio("a=fmtp:\r\n"), Error::kBadFmtp},
      {"rtcp_bad_port", audio("a=rtcp:99999\r\n"), Error::kBadRtcp},
      {"rtcp_bad_address", audio("a=rtcp:4001 IN IP4 host.example.com\r\n"), Error::kBadRtcp},
      {"crypto_short_key", audio("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhc\r\n"),
       Error::kBadCrypto},
      {"crypto_no_value", audio("a=crypto\r\n"), Error::kBadCrypto},
      {"fingerprint_bad", audio("a=fingerprint:sha-256 XY:ZZ\r\n"), Error::kBadFingerprint},
      {"setup_bad", audio("a=setup:maybe\r\n"), Error::kBadSetup},
      {"ice_pwd_bad", audio("a=ice-pwd:has space\r\n"), Error::kBadIce},
      {"ice_options_empty", with_head("a=ice-options:\r\n"), Error::kBadIce},
      {"candidate_bad", audio("a=candidate:1 1 UDP 2130706431 192.0.2.1 99999 typ host\r\n"), Error::kBadCandidate},
      {"mid_bad", audio("a=mid:\r\n"), Error::kBadMid},
      {"ptime_bad", audio("a=ptime:twenty\r\n"), Error::kBadPtime},
      {"maxptime_bad", audio("a=maxptime:-1\r\n"), Error::kBadPtime},
      {"session_level_crypto_checked_too", with_head("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:x\r\n"),
       Error::kBadCrypto},
  };
}

class SdpParserErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(SdpParserErrorTest, Rejects) {
  const ErrorCase& c = GetParam();
  auto r = parse(c.text);
  ASSERT_FALSE(r) << c.name << " parsed";
  EXPECT_EQ(r.error(), c.error) << c.name << ": got " << error_name(r.error()) << " (" << describe(r.error())
                                << "), want " << error_name(c.error);
}

INSTANTIATE_TEST_SUITE_P(Table, SdpParserErrorTest, ::testing::ValuesIn(error_cases()),
                         [](const ::testing::TestParamInfo<ErrorCase>& p) { return std::string(p.param.name); });

TEST(SdpParserErrorTest, EveryErrorHasANameAndADescription) {
  for (int i = static_cast<int>(Error::kEmpty); i <= static_cast<int>(Error::kBadAddress); ++i) {
    const auto e = static_cast<Error>(i);
    EXPECT_NE(error_name(e), "kUnknown") << i;
    EXPECT_NE(describe(e), "unknown error") << i;
    EXPECT_FALSE(describe(e).empty());
  }
}

// Limits -----------------------------------------------------------------------------------------

TEST(SdpParserLimitsTest, TooLarge) {
  std::string text = with_head("");
  text += "a=x:" + std::string(kMaxBodySize, 'y') + "\r\n";
  auto r = parse(text);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), Error::kTooLarge);
}

TEST(SdpParserLimitsTest, TooManyLinesBeforeAnyAllocationGrows) {
  std::string text = with_head("");
  while (text.size() < 4 * kMaxLines + 64) text += "a=x\n";
  auto r = parse(text);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), Error::kTooManyLines);
}

TEST(SdpParserLimitsTest, AtTheLineLimitStillParses) {
  // e= may repeat in the session part: pad with it so the count is exact and the order valid.
  std::string text = "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\n";
  for (size_t i = 0; i < kMaxLines - 4 - kMaxAttributes; ++i) text += "e=x@example.com\n";
  text += "t=0 0\n";
  for (size_t i = 0; i < kMaxAttributes; ++i) text += "a=x\n";
  auto r = parse(text);
  ASSERT_TRUE(r) << describe(r.error());
  EXPECT_EQ(r->lines().size(), kMaxLines);
  auto over = parse(text + "a=y\n");
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error(), Error::kTooManyLines);
}

TEST(SdpParserLimitsTest, TooManyAttributes) {
  std::string text = with_head("");
  for (size_t i = 0; i <= kMaxAttributes; ++i) text += "a=x\r\n";
  auto r = parse(text);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), Error::kTooManyAttributes);
}

TEST(SdpParserLimitsTest, TooManyMediaSections) {
  std::string text = with_head("");
  for (size_t i = 0; i < kMaxMediaSections; ++i) text += "m=audio 0 RTP/AVP 0\r\n";
  ASSERT_TRUE(parse(text));
  text += "m=audio 0 RTP/AVP 0\r\n";
  auto r = parse(text);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), Error::kTooManyMedia);
}

TEST(SdpParserLimitsTest, TooManyCryptosInOneSection) {
  std::string attrs;
  for (size_t i = 1; i <= kMaxCryptosPerMedia + 1; ++i) {
    attrs += "a=crypto:" + std::to_string(i) +
             " AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR\r\n";
  }
  auto r = parse(audio(attrs));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), Error::kTooManyCryptos);
}

TEST(SdpParserLimitsTest, CustomLowerLimits) {
  const std::string text = test::crlf(test::kSrtpOffer);
  Limits l;
  l.max_attributes = 3;
  EXPECT_EQ(parse(text, l).error(), Error::kTooManyAttributes);
  l = Limits{};
  l.max_lines = 5;
  EXPECT_EQ(parse(text, l).error(), Error::kTooManyLines);
  l = Limits{};
  l.max_body_size = 100;
  EXPECT_EQ(parse(text, l).error(), Error::kTooLarge);
}

// Hostile input ----------------------------------------------------------------------------------

TEST(SdpParserHostileTest, HundredThousandLines) {
  std::string text = with_head("");
  for (int i = 0; i < 100000; ++i) text += "a=x\n";
  auto r = parse(text);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), Error::kTooLarge);  // 400 kB: rejected on size before any line is split
}

TEST(SdpParserHostileTest, ManyEmptyLines) {
  std::string text = with_head("");
  text += std::string(60000, '\n');
  auto r = parse(text);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), Error::kTooManyLines);
}

TEST(SdpParserHostileTest, EveryTruncationOfARealOfferIsHandled) {
  const std::string full = test::crlf(test::kWebRtcOffer);
  for (size_t n = 0; n <= full.size(); ++n) {
    const std::string cut = full.substr(0, n);  // exact-size copy so ASan sees over-reads
    auto r = parse(cut);
    if (r) {
      EXPECT_LE(r->lines().size(), 60u);
    }
  }
  EXPECT_TRUE(parse(full));
}

TEST(SdpParserHostileTest, NulBytesAnywhereAreRejected) {
  const std::string full = test::crlf(test::kSrtpOffer);
  for (size_t i = 0; i < full.size(); i += 7) {
    std::string bad = full;
    bad[i] = '\0';
    auto r = parse(bad);
    ASSERT_FALSE(r) << "NUL at " << i;
  }
}

TEST(SdpParserHostileTest, LongLinesAndLongValues) {
  EXPECT_TRUE(parse(with_head("a=x:" + std::string(60000, 'z') + "\r\n")));
  EXPECT_EQ(parse(with_head("a=" + std::string(60000, 'z') + "(\r\n")).error(), Error::kBadAttribute);
  EXPECT_EQ(parse(with_head("m=audio 4000 RTP/AVP " + std::string(60000, '1') + "\r\n")).error(), Error::kBadFormat);
}

TEST(SdpParserHostileTest, BinaryGarbage) {
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 131 + 7) & 0xff);
  EXPECT_FALSE(parse(garbage));
  EXPECT_FALSE(parse(std::string(1, '\xff')));
  EXPECT_FALSE(parse("v"));
  EXPECT_FALSE(parse("v="));
  EXPECT_FALSE(parse("v=0"));
}

}  // namespace
}  // namespace vg::sdp
