// Tests for src/auth/challenge.cc: challenge text, RFC 8760 ordering, realm escaping and checks.
#include "auth/challenge.h"

#include <gtest/gtest.h>

#include <array>

#include "sip/auth.h"

namespace vg::auth {
namespace {

constexpr std::string_view kNonce = "00000000655f1e00aabbccddeeff00112233445566778899aabbccddeeff0011";

TEST(Challenge, OneAlgorithm) {
  const std::array algs{Algorithm::kSha256};
  auto v = challenge_values("example.com", kNonce, algs, false);
  ASSERT_TRUE(v.has_value());
  ASSERT_EQ(v->size(), 1u);
  EXPECT_EQ((*v)[0], std::string("Digest realm=\"example.com\", nonce=\"") + std::string(kNonce) +
                         "\", qop=\"auth\", algorithm=SHA-256");
}

TEST(Challenge, OnePerAlgorithmPreferredFirstSameNonce) {
  const std::array algs{Algorithm::kSha256, Algorithm::kMd5, Algorithm::kSha256};
  auto v = challenge_values("example.com", kNonce, algs, true);
  ASSERT_TRUE(v.has_value());
  ASSERT_EQ(v->size(), 2u);  // duplicate dropped
  const std::string_view expected_alg[] = {"SHA-256", "MD5"};
  for (size_t i = 0; i < v->size(); ++i) {
    auto p = sip::parse_auth((*v)[i]);
    ASSERT_TRUE(p.has_value()) << (*v)[i];
    EXPECT_TRUE(p->is_digest);
    EXPECT_EQ(p->realm, "example.com");
    EXPECT_EQ(p->nonce, kNonce);
    EXPECT_EQ(p->qop, "auth");
    EXPECT_EQ(p->algorithm, expected_alg[i]);
    EXPECT_EQ(p->stale, "true");
    EXPECT_FALSE(p->has_opaque);
  }
}

TEST(Challenge, RealmIsEscaped) {
  const std::array algs{Algorithm::kMd5};
  auto v = challenge_values("a\"b\\c", kNonce, algs, false);
  ASSERT_TRUE(v.has_value());
  EXPECT_NE((*v)[0].find("realm=\"a\\\"b\\\\c\""), std::string::npos) << (*v)[0];
  auto p = sip::parse_auth((*v)[0]);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->realm, "a\\\"b\\\\c");  // parse_auth keeps escapes as written
}

TEST(Challenge, RejectsBadRealmAndNoAlgorithm) {
  const std::array algs{Algorithm::kMd5};
  for (std::string_view bad : {std::string_view(""), std::string_view("a\r\nVia: x"), std::string_view("a\nb"),
                               std::string_view("a\0b", 3), std::string_view("tab\there"), std::string_view("\x7f")}) {
    auto v = challenge_values(bad, kNonce, algs, false);
    ASSERT_FALSE(v.has_value());
    EXPECT_EQ(v.error(), AuthError::kBadRealm);
  }
  EXPECT_EQ(challenge_values(std::string(kMaxRealmLength + 1, 'a'), kNonce, algs, false).error(), AuthError::kBadRealm);
  EXPECT_TRUE(challenge_values(std::string(kMaxRealmLength, 'a'), kNonce, algs, false).has_value());
  EXPECT_TRUE(challenge_values("réalm ünïcode", kNonce, algs, false).has_value());
  EXPECT_EQ(challenge_values("example.com", kNonce, {}, false).error(), AuthError::kNoAlgorithm);
}

}  // namespace
}  // namespace vg::auth
