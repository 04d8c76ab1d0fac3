// TOTP through liboath: the RFC 6238 Appendix B test vectors, the ±1 step window, and replay.
#include "admin/totp.h"

#include <gtest/gtest.h>

#include "core/random.h"

namespace vg::admin {
namespace {

struct Vector {
  int64_t time;
  const char* sha1;
  const char* sha256;
  const char* sha512;
};

// RFC 6238 Appendix B: 8 digits; keys are the ASCII seeds of the reference implementation.
constexpr Vector kVectors[] = {
    {59, "94287082", "46119246", "90693936"},
    {1111111109, "07081804", "68084774", "25091201"},
    {1111111111, "14050471", "67062674", "99943326"},
    {1234567890, "89005924", "91819424", "93441116"},
    {2000000000, "69279037", "90698825", "38618901"},
    {20000000000, "65353130", "77737706", "47863826"},
};
constexpr std::string_view kSeed20 = "12345678901234567890";
constexpr std::string_view kSeed32 = "12345678901234567890123456789012";
constexpr std::string_view kSeed64 = "1234567890123456789012345678901234567890123456789012345678901234";

TEST(Totp, Rfc6238AppendixB) {
  for (const auto& v : kVectors) {
    EXPECT_EQ(*totp_code_raw(kSeed20, v.time, 8, TotpHash::kSha1), v.sha1) << v.time;
    EXPECT_EQ(*totp_code_raw(kSeed32, v.time, 8, TotpHash::kSha256), v.sha256) << v.time;
    EXPECT_EQ(*totp_code_raw(kSeed64, v.time, 8, TotpHash::kSha512), v.sha512) << v.time;
  }
}

// base32 of "12345678901234567890" (RFC 4648).
constexpr std::string_view kSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

TEST(Totp, Base32SecretGivesSameCodes) {
  EXPECT_EQ(*totp_code(kSecret, 59, 8), "94287082");
  EXPECT_EQ(*totp_code(kSecret, 59), "287082");  // 6 digits: the low digits of the same value
  EXPECT_FALSE(totp_code("not base32!", 59).has_value());
}

TEST(Totp, AcceptsOneStepEitherSide) {
  const int64_t now = 1'700'000'015;  // step 56666667
  const uint64_t step = static_cast<uint64_t>(now / 30);
  for (int d : {-1, 0, 1}) {
    auto code = totp_code(kSecret, now + 30 * d);
    auto got = totp_verify(kSecret, *code, now, 0);
    ASSERT_TRUE(got.has_value()) << d;
    EXPECT_EQ(*got, step + static_cast<uint64_t>(d)) << d;
  }
  for (int d : {-2, 2}) EXPECT_FALSE(totp_verify(kSecret, *totp_code(kSecret, now + 30 * d), now, 0)) << d;
}

TEST(Totp, ReplayedCodeRejected) {
  const int64_t now = 1'700'000'015;
  const std::string code = *totp_code(kSecret, now);
  auto first = totp_verify(kSecret, code, now, 0);
  ASSERT_TRUE(first.has_value());
  EXPECT_FALSE(totp_verify(kSecret, code, now, *first).has_value());       // same code again
  EXPECT_FALSE(totp_verify(kSecret, code, now + 10, *first).has_value());  // still in its step
  // The previous step's code is refused once a later step was used.
  EXPECT_FALSE(totp_verify(kSecret, *totp_code(kSecret, now - 30), now, *first).has_value());
  // The next step's code is fine.
  EXPECT_TRUE(totp_verify(kSecret, *totp_code(kSecret, now + 30), now + 30, *first).has_value());
}

TEST(Totp, MalformedCodesRejected) {
  for (const char* c : {"", "12345", "1234567", "12a456", "      "}) {
    EXPECT_FALSE(totp_verify(kSecret, c, 59, 0).has_value()) << c;
  }
}

TEST(Totp, NewSecretAndUri) {
  SeededRandom random(7);
  const std::string s = new_totp_secret(random);
  EXPECT_EQ(s.size(), 32u);  // 160 bits in base32
  EXPECT_NE(s, new_totp_secret(random));
  EXPECT_TRUE(totp_code(s, 1000).has_value());
  EXPECT_EQ(otpauth_uri("voipguard", "alice ops", s),
            "otpauth://totp/voipguard:alice%20ops?secret=" + s +
                "&issuer=voipguard&algorithm=SHA1&digits=6&period=30");
}

}  // namespace
}  // namespace vg::admin
