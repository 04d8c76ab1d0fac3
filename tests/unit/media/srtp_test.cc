#include "media/srtp.h"

#include <gtest/gtest.h>
#include <srtp2/auth.h>
#include <srtp2/cipher.h>

#include <array>
#include <cstring>

#include "media/srtp_crypto.h"
#include "media_test_util.h"
#include "sdp/crypto.h"

namespace vg::media {
namespace {

using test::rtp_packet;

constexpr std::array kSuites = {SrtpSuite::kAesCm128Sha1_80, SrtpSuite::kAesCm128Sha1_32,
                                SrtpSuite::kAeadAes128Gcm, SrtpSuite::kAeadAes256Gcm};

struct Pair {
  std::unique_ptr<SrtpContext> tx, rx;
};
Pair make_pair(const SrtpKey& k) {
  return {SrtpContext::create(k, SrtpContext::Direction::kOutbound),
          SrtpContext::create(k, SrtpContext::Direction::kInbound)};
}

class MediaSrtpSuites : public ::testing::TestWithParam<SrtpSuite> {};

TEST_P(MediaSrtpSuites, RtpRoundTripEncryptsAndAuthenticates) {
  const SrtpKey key = SrtpKey::generate(GetParam());
  EXPECT_EQ(key.size(), key_salt_length(GetParam()));
  auto p = make_pair(key);
  ASSERT_TRUE(p.tx && p.rx);
  for (uint16_t seq = 100; seq < 110; ++seq) {
    auto plain = rtp_packet(seq, seq * 160u, 0x1234);
    std::vector<uint8_t> buf(plain.size() + SrtpContext::kMaxGrowth);
    std::memcpy(buf.data(), plain.data(), plain.size());
    auto n = p.tx->protect_rtp(buf.data(), plain.size(), buf.size());
    ASSERT_TRUE(n) << describe(n.error());
    EXPECT_GT(*n, plain.size());  // auth tag appended
    EXPECT_NE(std::memcmp(buf.data() + 12, plain.data() + 12, 160), 0);  // payload encrypted
    auto m = p.rx->unprotect_rtp(buf.data(), *n);
    ASSERT_TRUE(m) << describe(m.error());
    ASSERT_EQ(*m, plain.size());
    EXPECT_EQ(std::memcmp(buf.data(), plain.data(), plain.size()), 0);
  }
}

TEST_P(MediaSrtpSuites, RtcpRoundTrip) {
  const SrtpKey key = SrtpKey::generate(GetParam());
  auto p = make_pair(key);
  auto plain = test::rtcp_rr(0x99);
  std::vector<uint8_t> buf(plain.size() + SrtpContext::kMaxGrowth);
  std::memcpy(buf.data(), plain.data(), plain.size());
  auto n = p.tx->protect_rtcp(buf.data(), plain.size(), buf.size());
  ASSERT_TRUE(n);
  auto m = p.rx->unprotect_rtcp(buf.data(), *n);
  ASSERT_TRUE(m);
  EXPECT_EQ(std::memcmp(buf.data(), plain.data(), plain.size()), 0);
}

TEST_P(MediaSrtpSuites, TamperedReplayedAndPlainPacketsAreRejected) {
  const SrtpKey key = SrtpKey::generate(GetParam());
  auto p = make_pair(key);
  auto plain = rtp_packet(7, 1120, 0x55);
  std::vector<uint8_t> buf(plain.size() + SrtpContext::kMaxGrowth);
  std::memcpy(buf.data(), plain.data(), plain.size());
  const size_t n = *p.tx->protect_rtp(buf.data(), plain.size(), buf.size());
  std::vector<uint8_t> copy(buf.begin(), buf.begin() + static_cast<long>(n));

  std::vector<uint8_t> tampered = copy;
  tampered[20] ^= 1;
  auto t = p.rx->unprotect_rtp(tampered.data(), tampered.size());
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error(), SrtpError::kAuthFailed);

  std::vector<uint8_t> once = copy;
  ASSERT_TRUE(p.rx->unprotect_rtp(once.data(), once.size()));
  std::vector<uint8_t> again = copy;
  auto r = p.rx->unprotect_rtp(again.data(), again.size());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), SrtpError::kReplay);

  auto clear = rtp_packet(8, 1280, 0x55);
  auto c = p.rx->unprotect_rtp(clear.data(), clear.size());
  EXPECT_FALSE(c);

  // Another key does not authenticate.
  auto other = SrtpContext::create(SrtpKey::generate(GetParam()), SrtpContext::Direction::kInbound);
  std::vector<uint8_t> foreign = copy;
  EXPECT_FALSE(other->unprotect_rtp(foreign.data(), foreign.size()));
}

// RFC 3711 §3.3.1: the rollover counter increments when the sequence number wraps; both sides must
// agree on it or every packet after the wrap fails authentication.
TEST_P(MediaSrtpSuites, RolloverCounterAcrossSequenceWrap) {
  const SrtpKey key = SrtpKey::generate(GetParam());
  auto p = make_pair(key);
  uint16_t seq = 65000;
  for (int i = 0; i < 1200; ++i, ++seq) {  // crosses 65535 → 0 once
    auto plain = rtp_packet(seq, static_cast<uint32_t>(i) * 160u, 0xabc);
    std::vector<uint8_t> buf(plain.size() + SrtpContext::kMaxGrowth);
    std::memcpy(buf.data(), plain.data(), plain.size());
    auto n = p.tx->protect_rtp(buf.data(), plain.size(), buf.size());
    ASSERT_TRUE(n) << "seq " << seq;
    auto m = p.rx->unprotect_rtp(buf.data(), *n);
    ASSERT_TRUE(m) << "seq " << seq << ": " << describe(m.error());
    ASSERT_EQ(std::memcmp(buf.data(), plain.data(), plain.size()), 0);
  }
  // A receiver that did not see the wrap (ROC 0) cannot authenticate a post-wrap packet (ROC 1).
  auto fresh = SrtpContext::create(key, SrtpContext::Direction::kInbound);
  auto plain = rtp_packet(seq, 999, 0xabc);
  std::vector<uint8_t> buf(plain.size() + SrtpContext::kMaxGrowth);
  std::memcpy(buf.data(), plain.data(), plain.size());
  auto n = p.tx->protect_rtp(buf.data(), plain.size(), buf.size());
  ASSERT_TRUE(n);
  EXPECT_FALSE(fresh->unprotect_rtp(buf.data(), *n));
}

INSTANTIATE_TEST_SUITE_P(AllSuites, MediaSrtpSuites, ::testing::ValuesIn(kSuites),
                         [](const auto& p) { return std::string(suite_name(p.param)); });

TEST(MediaSrtpKey, InlineParamParsesBackThroughTheSdpCryptoParser) {
  for (auto suite : kSuites) {
    const SrtpKey k = SrtpKey::generate(suite);
    const std::string line = "1 " + std::string(suite_name(suite)) + " " + k.inline_param();
    auto c = sdp::parse_crypto(line);
    ASSERT_TRUE(c) << line;
    auto back = SrtpKey::from_crypto(*c);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->suite(), suite);
    ASSERT_EQ(back->size(), k.size());
    EXPECT_EQ(std::memcmp(back->data(), k.data(), k.size()), 0);
  }
}

TEST(MediaSrtpKey, GeneratedKeysDiffer) {
  const SrtpKey a = SrtpKey::generate(SrtpSuite::kAesCm128Sha1_80);
  const SrtpKey b = SrtpKey::generate(SrtpSuite::kAesCm128Sha1_80);
  EXPECT_NE(std::memcmp(a.data(), b.data(), a.size()), 0);
}

TEST(MediaSrtpKey, RejectsUnsupportedSuitesMkiAndShortLifetimes) {
  auto f8 = sdp::parse_crypto("1 F8_128_HMAC_SHA1_80 inline:MTIzNDU2Nzg5QUJDREUwMTIzNDU2Nzg5QUJjZGVm");
  ASSERT_TRUE(f8);
  EXPECT_FALSE(SrtpKey::from_crypto(*f8));
  auto mki = sdp::parse_crypto("1 AES_CM_128_HMAC_SHA1_80 inline:MTIzNDU2Nzg5QUJDREUwMTIzNDU2Nzg5QUJjZGVm|2^20|1:4");
  ASSERT_TRUE(mki);
  EXPECT_FALSE(SrtpKey::from_crypto(*mki));
  auto ok = sdp::parse_crypto("1 AES_CM_128_HMAC_SHA1_80 inline:MTIzNDU2Nzg5QUJDREUwMTIzNDU2Nzg5QUJjZGVm|2^31");
  ASSERT_TRUE(ok);
  EXPECT_TRUE(SrtpKey::from_crypto(*ok));
}

}  // namespace
}  // namespace vg::media

// The OpenSSL AES-ICM/HMAC-SHA1 installed into libsrtp2 (media/srtp_crypto.cc) must produce the
// very bytes libsrtp2's own implementation produces: protect the same packets with the same key
// under each and compare, and let each side unprotect what the other protected.
extern "C" {
extern const srtp_cipher_type_t srtp_aes_icm_128;  // libsrtp2's built-in types (exported)
extern const srtp_cipher_type_t srtp_aes_gcm_128;
extern const srtp_cipher_type_t srtp_aes_gcm_256;
extern const srtp_auth_type_t srtp_hmac;
}

namespace vg::media {
namespace {

using test::rtp_packet;

std::vector<std::vector<uint8_t>> protect_all(const SrtpKey& key, bool rtcp) {
  auto tx = SrtpContext::create(key, SrtpContext::Direction::kOutbound);
  std::vector<std::vector<uint8_t>> out;
  for (uint16_t seq = 65530; seq != 6; ++seq) {  // crosses the sequence-number wrap
    auto plain = rtp_packet(seq, seq * 160u, 0x5151);
    if (rtcp) plain[1] = 200;  // SR packet type; the rest is opaque to SRTCP
    std::vector<uint8_t> buf(plain.size() + SrtpContext::kMaxGrowth);
    std::memcpy(buf.data(), plain.data(), plain.size());
    auto n = rtcp ? tx->protect_rtcp(buf.data(), plain.size(), buf.size())
                  : tx->protect_rtp(buf.data(), plain.size(), buf.size());
    EXPECT_TRUE(n);
    buf.resize(n ? *n : 0);
    out.push_back(std::move(buf));
  }
  return out;
}

void expect_unprotects(const SrtpKey& key, const std::vector<std::vector<uint8_t>>& pkts, bool rtcp) {
  auto rx = SrtpContext::create(key, SrtpContext::Direction::kInbound);
  for (auto p : pkts) {
    auto n = rtcp ? rx->unprotect_rtcp(p.data(), p.size()) : rx->unprotect_rtp(p.data(), p.size());
    EXPECT_TRUE(n) << (n ? "" : describe(n.error()));
  }
}

void use_builtin_crypto() {
  ASSERT_EQ(srtp_replace_cipher_type(&srtp_aes_icm_128, SRTP_AES_ICM_128), srtp_err_status_ok);
  ASSERT_EQ(srtp_replace_cipher_type(&srtp_aes_gcm_128, SRTP_AES_GCM_128), srtp_err_status_ok);
  ASSERT_EQ(srtp_replace_cipher_type(&srtp_aes_gcm_256, SRTP_AES_GCM_256), srtp_err_status_ok);
  ASSERT_EQ(srtp_replace_auth_type(&srtp_hmac, SRTP_HMAC_SHA1), srtp_err_status_ok);
}

TEST(MediaSrtpCrypto, OpenSslImplementationMatchesLibsrtpBuiltIn) {
  ASSERT_TRUE(srtp_crypto_is_openssl()) << "libsrtp2 refused an OpenSSL AES-ICM/AES-GCM/HMAC-SHA1";
  for (auto suite : kSuites) {
    const SrtpKey key = SrtpKey::generate(suite);
    for (bool rtcp : {false, true}) {
      auto ours = protect_all(key, rtcp);
      use_builtin_crypto();
      auto theirs = protect_all(key, rtcp);
      expect_unprotects(key, ours, rtcp);  // built-in reads what OpenSSL wrote
      ASSERT_TRUE(install_openssl_srtp_crypto());
      expect_unprotects(key, theirs, rtcp);  // and the reverse
      EXPECT_EQ(ours, theirs) << (rtcp ? "SRTCP " : "SRTP ") << suite_name(suite);
    }
  }
}

}  // namespace
}  // namespace vg::media
