// a=crypto (RFC 4568 §9.1) and the base64 helpers, table-driven.
#include "sdp/crypto.h"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

namespace vg::sdp {
namespace {

// Valid key||salt texts by decoded length.
constexpr std::string_view k30 = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";
constexpr std::string_view k28 = "CzBVep/E6Q4zWH2ix+wRNluApcrvFDleg6jN8g==";
constexpr std::string_view k28_unpadded = "CzBVep/E6Q4zWH2ix+wRNluApcrvFDleg6jN8g";
constexpr std::string_view k44 = "BwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wMTI=";
constexpr std::string_view k38 = "BwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKyw=";
constexpr std::string_view k46 = "BwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wMTIzNA==";

std::string line(std::string_view suite, std::string_view key, std::string_view tail = "") {
  return "1 " + std::string(suite) + " inline:" + std::string(key) + std::string(tail);
}

struct SuiteCase {
  std::string_view suite;
  std::string_view key;
  CryptoSuite expected;
};

TEST(SdpCryptoTest, EverySuiteWithItsKeyLength) {
  const std::vector<SuiteCase> cases = {
      {"AES_CM_128_HMAC_SHA1_80", k30, CryptoSuite::kAesCm128HmacSha1_80},
      {"AES_CM_128_HMAC_SHA1_32", k30, CryptoSuite::kAesCm128HmacSha1_32},
      {"F8_128_HMAC_SHA1_80", k30, CryptoSuite::kF8_128HmacSha1_80},
      {"AES_192_CM_HMAC_SHA1_80", k38, CryptoSuite::kAes192CmHmacSha1_80},
      {"AES_192_CM_HMAC_SHA1_32", k38, CryptoSuite::kAes192CmHmacSha1_32},
      {"AES_256_CM_HMAC_SHA1_80", k46, CryptoSuite::kAes256CmHmacSha1_80},
      {"AES_256_CM_HMAC_SHA1_32", k46, CryptoSuite::kAes256CmHmacSha1_32},
      {"AEAD_AES_128_GCM", k28, CryptoSuite::kAeadAes128Gcm},
      {"AEAD_AES_128_GCM", k28_unpadded, CryptoSuite::kAeadAes128Gcm},
      {"AEAD_AES_256_GCM", k44, CryptoSuite::kAeadAes256Gcm},
      {"X_FUTURE_SUITE", "QUJD", CryptoSuite::kUnknown},
  };
  for (const auto& c : cases) {
    const std::string text = line(c.suite, c.key);  // the result views into it
    auto r = parse_crypto(text);
    ASSERT_TRUE(r) << c.suite << " " << c.key;
    EXPECT_EQ(r->suite, c.expected) << c.suite;
    EXPECT_EQ(r->suite_name, c.suite);
    ASSERT_EQ(r->key_params().size(), 1u);
    EXPECT_EQ(r->key_params()[0].key_salt, c.key);
  }
  // Each known suite refuses every other length in the table.
  const std::array<std::string_view, 5> keys = {k30, k28, k44, k38, k46};
  for (const auto& c : cases) {
    if (c.expected == CryptoSuite::kUnknown) continue;
    for (std::string_view key : keys) {
      const auto need = key_salt_size(c.expected);
      if (base64_decoded_size(key) == need) continue;
      auto r = parse_crypto(line(c.suite, key));
      ASSERT_FALSE(r) << c.suite << " accepted " << key.size() << " chars";
      EXPECT_EQ(r.error(), Error::kBadCrypto);
    }
  }
}

TEST(SdpCryptoTest, FullRfc4568Example) {
  // RFC 4568 §9.1 form with lifetime, MKI and two keys.
  auto r = parse_crypto(
      "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4;"
      "inline:BwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMk|1048576|2:4 KDR=1 FEC_ORDER=FEC_SRTP");
  ASSERT_TRUE(r) << describe(r.error());
  EXPECT_EQ(r->tag, 1u);
  ASSERT_EQ(r->key_params().size(), 2u);
  const KeyParam& a = r->key_params()[0];
  EXPECT_EQ(a.lifetime_text, "2^20");
  EXPECT_EQ(a.lifetime, uint64_t{1} << 20);
  EXPECT_EQ(a.mki_value, 1u);
  EXPECT_EQ(a.mki_length, 4);
  const KeyParam& b = r->key_params()[1];
  EXPECT_EQ(b.lifetime, 1048576u);
  EXPECT_EQ(b.mki_value, 2u);
  EXPECT_EQ(r->session_params, "KDR=1 FEC_ORDER=FEC_SRTP");
}

TEST(SdpCryptoTest, OptionalFieldsAndWhiteSpace) {
  auto mki_only = parse_crypto(line("AES_CM_128_HMAC_SHA1_80", k30, "|1:4"));
  ASSERT_TRUE(mki_only);
  EXPECT_FALSE(mki_only->key_params()[0].lifetime);
  EXPECT_EQ(mki_only->key_params()[0].mki_length, 4);
  auto lifetime_only = parse_crypto(line("AES_CM_128_HMAC_SHA1_80", k30, "|2^31"));
  ASSERT_TRUE(lifetime_only);
  EXPECT_EQ(lifetime_only->key_params()[0].lifetime, uint64_t{1} << 31);
  EXPECT_EQ(lifetime_only->key_params()[0].mki_length, 0);
  // 1*WSP between fields (RFC 4568 §9.1), tabs included; trailing white space tolerated.
  const std::string spaced_text = "7 \tAES_CM_128_HMAC_SHA1_80   inline:" + std::string(k30) + "  UNENCRYPTED_SRTP  ";
  auto spaced = parse_crypto(spaced_text);
  ASSERT_TRUE(spaced);
  EXPECT_EQ(spaced->tag, 7u);
  EXPECT_EQ(spaced->session_params, "UNENCRYPTED_SRTP");
  EXPECT_TRUE(parse_crypto(line("AES_CM_128_HMAC_SHA1_80", k30, "|2^48|255:1")));
  EXPECT_TRUE(parse_crypto(line("AES_CM_128_HMAC_SHA1_80", k30, "|1:128")));
  EXPECT_TRUE(parse_crypto("999999999 AES_CM_128_HMAC_SHA1_80 INLINE:" + std::string(k30)));
}

TEST(SdpCryptoTest, Rejects) {
  const std::string k(k30);
  const std::vector<std::string> bad = {
      "",
      "1",
      "1 AES_CM_128_HMAC_SHA1_80",
      "x AES_CM_128_HMAC_SHA1_80 inline:" + k,
      "1234567890 AES_CM_128_HMAC_SHA1_80 inline:" + k,  // tag is 1*9DIGIT
      "-1 AES_CM_128_HMAC_SHA1_80 inline:" + k,
      "1 AES-CM-128 inline:" + k,                   // suite = 1*(ALPHA / DIGIT / "_")
      "1 AES_CM_128_HMAC_SHA1_80 uri:" + k,         // only inline for SRTP
      "1 AES_CM_128_HMAC_SHA1_80 inline",
      "1 AES_CM_128_HMAC_SHA1_80 inline:",
      "1 AES_CM_128_HMAC_SHA1_80 " + k,
      "1 AES_CM_128_HMAC_SHA1_80 inline:" + k.substr(0, 39),          // 5 (mod 4) chars
      "1 AES_CM_128_HMAC_SHA1_80 inline:" + k.substr(0, 36),          // 27 bytes
      "1 AES_CM_128_HMAC_SHA1_80 inline:" + k + "AAAA",                 // 33 bytes
      "1 AES_CM_128_HMAC_SHA1_80 inline:" + k.substr(0, 39) + "!",      // not base64
      "1 AES_CM_128_HMAC_SHA1_80 inline:" + k.substr(0, 38) + "=A",     // padding inside
      "1 AEAD_AES_128_GCM inline:CzBVep/E6Q4zWH2ix+wRNluApcrvFDleg6jN8g=",  // padded text not in quads
      "1 AES_CM_128_HMAC_SHA1_80 inline:" + k + "|",
      "1 AES_CM_128_HMAC_SHA1_80 inline:" + k + "||1:4",
      "1 AES_CM_128_HMAC_SHA1_80 inline:" + k + "|2^49",       // lifetime above 2^48
      "1 AES_CM_128_HMAC_SHA1_80 inline:" + k + "|2^",
      "1 AES_CM_128_HMAC_SHA1_80 inline:" + k + "|0",
      "1 AES_CM_128_HMAC_SHA1_80 inline:" + k + "|281474976710657",
      "1 AES_CM_128_HMAC_SHA1_80 inline:" + k + "|20x",
      "1 AES_CM_128_HMAC_SHA1_80 inline:" + k + "|1:0",        // MKI length 1..128
      "1 AES_CM_128_HMAC_SHA1_80 inline:" + k + "|1:129",
      "1 AES_CM_128_HMAC_SHA1_80 inline:" + k + "|256:1",      // value does not fit one byte
      "1 AES_CM_128_HMAC_SHA1_80 inline:" + k + "|1:",
      "1 AES_CM_128_HMAC_SHA1_80 inline:" + k + "|:4",
      "1 AES_CM_128_HMAC_SHA1_80 inline:" + k + "|1:4|2^20",   // MKI comes last
      "1 AES_CM_128_HMAC_SHA1_80 inline:" + k + "|2^20|1:4|x",
      "1 AES_CM_128_HMAC_SHA1_80 inline:" + k + "|99999999999999999999999:4",
      "1 AES_CM_128_HMAC_SHA1_80 inline:" + k + ";",
      "1 AES_CM_128_HMAC_SHA1_80 inline:" + k + ";inline:" + k,            // two keys need MKIs
      "1 AES_CM_128_HMAC_SHA1_80 inline:" + k + "|1:4;inline:" + k + "|2:2",  // of one length
      "1 AES_CM_128_HMAC_SHA1_80 inline:" + k + "|1:4;inline:" + k + "|2:4;inline:" + k + "|3:4;inline:" + k +
          "|4:4;inline:" + k + "|5:4",  // more than kMaxKeyParams
      "1 AES_CM_128_HMAC_SHA1_80 inline:" + k + " KDR=\x01",
      "1 AES_CM_128_HMAC_SHA1_80 inline:" + k + " caf\xc3\xa9",
  };
  for (const std::string& v : bad) {
    auto r = parse_crypto(v);
    ASSERT_FALSE(r) << v;
    EXPECT_EQ(r.error(), Error::kBadCrypto) << v;
  }
}

TEST(SdpCryptoTest, FourKeysIsTheLimit) {
  const std::string k(k30);
  auto r = parse_crypto("1 AES_CM_128_HMAC_SHA1_80 inline:" + k + "|1:4;inline:" + k + "|2:4;inline:" + k +
                        "|3:4;inline:" + k + "|4:4");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->key_params().size(), kMaxKeyParams);
}

TEST(SdpCryptoTest, Base64) {
  EXPECT_EQ(base64_decoded_size("QUJD"), 3u);
  EXPECT_EQ(base64_decoded_size("QUI="), 2u);
  EXPECT_EQ(base64_decoded_size("QUI"), 2u);
  EXPECT_EQ(base64_decoded_size("QQ=="), 1u);
  EXPECT_EQ(base64_decoded_size("QQ"), 1u);
  EXPECT_FALSE(base64_decoded_size(""));
  EXPECT_FALSE(base64_decoded_size("Q"));
  EXPECT_FALSE(base64_decoded_size("===="));
  EXPECT_FALSE(base64_decoded_size("QQ="));
  EXPECT_FALSE(base64_decoded_size("Q==="));
  EXPECT_FALSE(base64_decoded_size("QU-D"));

  std::array<uint8_t, 32> out{};
  auto n = base64_decode("QUJDRA==", out);
  ASSERT_EQ(n, 4u);
  EXPECT_EQ(std::string(out.begin(), out.begin() + 4), "ABCD");
  n = base64_decode(k30, out);
  ASSERT_EQ(n, 30u);
  EXPECT_EQ(out[0], 0x3d);  // 'P','S' → 0x3d
  std::array<uint8_t, 2> small{};
  EXPECT_FALSE(base64_decode("QUJD", small));
  EXPECT_FALSE(base64_decode("QU!D", out));
}

TEST(SdpCryptoTest, SuiteNamesAreCaseSensitive) {
  EXPECT_EQ(crypto_suite_from_name("aes_cm_128_hmac_sha1_80"), CryptoSuite::kUnknown);
  EXPECT_EQ(crypto_suite_from_name("AES_CM_128_HMAC_SHA1_80"), CryptoSuite::kAesCm128HmacSha1_80);
  EXPECT_FALSE(key_salt_size(CryptoSuite::kUnknown));
  EXPECT_EQ(key_salt_size(CryptoSuite::kAeadAes256Gcm), 44u);
}

}  // namespace
}  // namespace vg::sdp
