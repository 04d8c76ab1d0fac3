// Tests for src/sip/auth.cc: digest credentials and challenges.
#include "sip/auth.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>

#include "test_util.h"

namespace vg::sip {
namespace {

using test::random_text;
using test::within;

TEST(Auth, DigestCredentials) {
  // RFC 3261 §25.1 / RFC 8760 style credentials with quoted and unquoted values.
  auto r = parse_auth(
      "Digest username=\"bob\", realm=\"biloxi.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
      "uri=\"sip:bob@biloxi.com\", qop=auth, nc=00000001, cnonce=\"0a4f113b\", "
      "response=\"6629fae49393a05397450978507c4ef1\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", "
      "algorithm=MD5");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->scheme, "Digest");
  EXPECT_TRUE(r->is_digest);
  EXPECT_EQ(r->username, "bob");
  EXPECT_TRUE(r->has_username);
  EXPECT_EQ(r->realm, "biloxi.com");
  EXPECT_EQ(r->nonce, "dcd98b7102dd2f0e8b11d0f600bfb0c093");
  EXPECT_EQ(r->uri, "sip:bob@biloxi.com");
  EXPECT_EQ(r->qop, "auth");
  EXPECT_EQ(r->nc, "00000001");
  EXPECT_EQ(r->cnonce, "0a4f113b");
  EXPECT_EQ(r->response, "6629fae49393a05397450978507c4ef1");
  EXPECT_EQ(r->opaque, "5ccc069c403ebaf9f0171e9517f40e41");
  EXPECT_EQ(r->algorithm, "MD5");
  EXPECT_TRUE(r->has_realm && r->has_nonce && r->has_uri && r->has_qop && r->has_nc && r->has_cnonce &&
              r->has_response && r->has_opaque && r->has_algorithm);
  EXPECT_FALSE(r->has_stale);
}

TEST(Auth, DigestChallenge) {
  auto r = parse_auth(
      "Digest realm=\"atlanta.com\",domain=\"sip:ss1.carrier.com\",qop=\"auth,auth-int\","
      "nonce=\"f84f1cec41e6cbe5aea9c8e88d359\",opaque=\"\",stale=FALSE,algorithm=SHA-256");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->realm, "atlanta.com");
  EXPECT_EQ(r->domain, "sip:ss1.carrier.com");
  EXPECT_EQ(r->qop, "auth,auth-int");
  EXPECT_EQ(r->nonce, "f84f1cec41e6cbe5aea9c8e88d359");
  EXPECT_EQ(r->opaque, "");
  EXPECT_TRUE(r->has_opaque);
  EXPECT_EQ(r->stale, "FALSE");
  EXPECT_TRUE(r->has_stale);
  EXPECT_EQ(r->algorithm, "SHA-256");
  EXPECT_FALSE(r->has_username);
}

TEST(Auth, SchemeAndNamesCaseInsensitive) {
  auto r = parse_auth("dIgEsT USERNAME = \"a\" ,\tReAlM=r , NONCE=\"n\"");
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->is_digest);
  EXPECT_EQ(r->scheme, "dIgEsT");
  EXPECT_EQ(r->username, "a");
  EXPECT_EQ(r->realm, "r");
  EXPECT_EQ(r->nonce, "n");
}

TEST(Auth, QuotedValuesKeepEscapesAndCommas) {
  auto r = parse_auth(R"(Digest username="a\"b, c", realm="x")");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->username, R"(a\"b, c)");
  EXPECT_EQ(r->realm, "x");
}

TEST(Auth, UnknownParamsIgnored) {
  auto r = parse_auth("Digest username=\"u\", x-custom=\"v\", userhash=true, foo=bar");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->username, "u");
  EXPECT_EQ(r->userhash, "true");
}

TEST(Auth, SchemeOnlyAndOtherSchemes) {
  auto bare = parse_auth("Digest");
  ASSERT_TRUE(bare.has_value());
  EXPECT_TRUE(bare->is_digest);
  EXPECT_EQ(bare->raw, "");
  EXPECT_FALSE(bare->has_username);

  auto basic = parse_auth("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  ASSERT_TRUE(basic.has_value());
  EXPECT_FALSE(basic->is_digest);
  EXPECT_EQ(basic->scheme, "Basic");
  EXPECT_EQ(basic->raw, "QWxhZGRpbjpvcGVuIHNlc2FtZQ==");

  auto bearer = parse_auth("  Bearer   abc.def.ghi  ");
  ASSERT_TRUE(bearer.has_value());
  EXPECT_EQ(bearer->scheme, "Bearer");
  EXPECT_EQ(bearer->raw, "abc.def.ghi");
}

TEST(Auth, Invalid) {
  const std::string_view cases[] = {
      "",
      "   ",
      "\"Digest\" username=\"a\"",
      "Digest,username=\"a\"",
      "Digest username",
      "Digest username=",
      "Digest username=\"a",
      "Digest username=\"a\" realm=\"b\"",  // missing comma
      "Digest username=\"a\",,realm=\"b\"",
      "Digest =\"a\"",
      "Digest username=\"a\", username=\"b\"",  // duplicate parameter
      "Digest realm=a, REALM=b",
      "Digest nonce=\"a\"x",
  };
  for (std::string_view c : cases) {
    SCOPED_TRACE(c);
    auto r = parse_auth(c);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error(), ParseError::kBadAuth);
  }
}



TEST(Auth, RandomInputNeverCrashes) {
  std::mt19937 rng(4);
  const std::string_view alphabet = "Digest usernamerealmnonce=\",\\ \tabc";
  for (int i = 0; i < 20000; ++i) {
    std::string text = (i % 2 == 0 ? "Digest " : "") + random_text(rng, alphabet, 60);
    auto r = parse_auth(text);
    if (!r) {
      EXPECT_EQ(r.error(), ParseError::kBadAuth);
      continue;
    }
    EXPECT_TRUE(within(text, r->scheme) && within(text, r->raw) && within(text, r->username) &&
                within(text, r->realm) && within(text, r->nonce) && within(text, r->response))
        << text;
  }
}

}  // namespace
}  // namespace vg::sip
