// Tests for src/auth/algorithm.cc, digest.cc and error.cc: names, parsing, HA1 and response
// known vectors (RFC 2617 §3.5, RFC 7616 §3.9.1).
#include "auth/algorithm.h"

#include <gtest/gtest.h>

#include <string_view>

#include "auth/digest.h"
#include "auth/error.h"

namespace vg::auth {
namespace {

TEST(Algorithm, Names) {
  EXPECT_EQ(algorithm_name(Algorithm::kMd5), "MD5");
  EXPECT_EQ(algorithm_name(Algorithm::kSha256), "SHA-256");
  EXPECT_EQ(hex_size(Algorithm::kMd5), 32u);
  EXPECT_EQ(hex_size(Algorithm::kSha256), 64u);
}

struct ParseCase {
  std::string_view text;
  bool ok;
  Algorithm algorithm;
  AuthError error;
};

TEST(Algorithm, ParseTable) {
  const ParseCase cases[] = {
      {"MD5", true, Algorithm::kMd5, {}},
      {"md5", true, Algorithm::kMd5, {}},
      {"SHA-256", true, Algorithm::kSha256, {}},
      {"sha-256", true, Algorithm::kSha256, {}},
      {"MD5-sess", false, {}, AuthError::kSessionUnsupported},
      {"SHA-256-SESS", false, {}, AuthError::kSessionUnsupported},
      {"SHA-512-256", false, {}, AuthError::kUnknownAlgorithm},
      {"SHA256", false, {}, AuthError::kUnknownAlgorithm},
      {"", false, {}, AuthError::kUnknownAlgorithm},
      {"MD5 ", false, {}, AuthError::kUnknownAlgorithm},
  };
  for (const auto& c : cases) {
    auto r = parse_algorithm(c.text);
    ASSERT_EQ(r.has_value(), c.ok) << c.text;
    if (c.ok) {
      EXPECT_EQ(*r, c.algorithm) << c.text;
    } else {
      EXPECT_EQ(r.error(), c.error) << c.text;
    }
  }
}

TEST(Algorithm, ErrorTextsAreFixed) {
  for (auto e : {AuthError::kUnknownAlgorithm, AuthError::kSessionUnsupported, AuthError::kCryptoUnavailable,
                 AuthError::kBadRealm, AuthError::kNoAlgorithm, AuthError::kBadHa1, AuthError::kBadOption}) {
    EXPECT_EQ(error_name(e).substr(0, 1), "k");
    EXPECT_FALSE(describe(e).empty());
  }
}

// RFC 2617 §3.5: Mufasa / testrealm@host.com / "Circle Of Life", GET /dir/index.html.
TEST(Digest, Rfc2617Md5Vector) {
  auto h = ha1(Algorithm::kMd5, "Mufasa", "testrealm@host.com", "Circle Of Life");
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(*h, "939e7578ed9e3c518a452acee763bce9");
  auto r = digest_response(Algorithm::kMd5, {.ha1 = *h,
                                             .nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093",
                                             .nc = "00000001",
                                             .cnonce = "0a4f113b",
                                             .qop = "auth",
                                             .method = "GET",
                                             .uri = "/dir/index.html"});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, "6629fae49393a05397450978507c4ef1");
}

// RFC 7616 §3.9.1: the same request answered with SHA-256 and with MD5.
constexpr std::string_view kRfc7616Nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
constexpr std::string_view kRfc7616Cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

std::string rfc7616_response(Algorithm a) {
  auto h = ha1(a, "Mufasa", "http-auth@example.org", "Circle of Life");
  EXPECT_TRUE(h.has_value());
  auto r = digest_response(a, {.ha1 = *h,
                               .nonce = kRfc7616Nonce,
                               .nc = "00000001",
                               .cnonce = kRfc7616Cnonce,
                               .qop = "auth",
                               .method = "GET",
                               .uri = "/dir/index.html"});
  EXPECT_TRUE(r.has_value());
  return r.value_or(std::string());
}

TEST(Digest, Rfc7616Sha256Vector) {
  EXPECT_EQ(rfc7616_response(Algorithm::kSha256), "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
}

TEST(Digest, Rfc7616Md5Vector) {
  EXPECT_EQ(rfc7616_response(Algorithm::kMd5), "8ca523f5e9506fed4657c9700eebdbec");
}

TEST(Digest, Ha1IsLowerHexOfDigestSize) {
  auto h = ha1(Algorithm::kSha256, "alice", "example.com", "secret");
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->size(), 64u);
  EXPECT_EQ(h->find_first_not_of("0123456789abcdef"), std::string::npos);
  // Different realm or user, different hash.
  EXPECT_NE(*h, *ha1(Algorithm::kSha256, "alice", "example.org", "secret"));
  EXPECT_NE(*h, *ha1(Algorithm::kSha256, "alicf", "example.com", "secret"));
}

TEST(Digest, ResponseAcceptsUpperCaseHa1AndRejectsBadHa1) {
  ResponseInput in{.ha1 = "939E7578ED9E3C518A452ACEE763BCE9",
                   .nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093",
                   .nc = "00000001",
                   .cnonce = "0a4f113b",
                   .qop = "auth",
                   .method = "GET",
                   .uri = "/dir/index.html"};
  EXPECT_EQ(digest_response(Algorithm::kMd5, in).value_or(std::string()), "6629fae49393a05397450978507c4ef1");
  for (std::string_view bad : {"", "939e7578ed9e3c518a452acee763bce", "939e7578ed9e3c518a452acee763bcez",
                               "939e7578ed9e3c518a452acee763bce9939e7578ed9e3c518a452acee763bce9"}) {
    in.ha1 = bad;
    auto r = digest_response(Algorithm::kMd5, in);
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error(), AuthError::kBadHa1);
  }
}

}  // namespace
}  // namespace vg::auth
