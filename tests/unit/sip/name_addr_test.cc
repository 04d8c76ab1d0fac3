// Tests for src/sip/name_addr.cc: name-addr and addr-spec values of From/To/Contact/Route.
#include "sip/name_addr.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>

#include "test_util.h"

#include "sip/limits.h"

namespace vg::sip {
namespace {

using test::random_text;
using test::within;

constexpr size_t kMax = kMaxUriLength;

struct NaCase {
  std::string_view text;
  std::string_view display;
  bool quoted;
  bool angle;
  std::string_view uri;
  std::string_view params;
};

class NameAddrValid : public ::testing::TestWithParam<NaCase> {};

TEST_P(NameAddrValid, Fields) {
  const auto& c = GetParam();
  auto r = parse_name_addr(c.text, kMax);
  ASSERT_TRUE(r.has_value()) << c.text;
  EXPECT_EQ(r->display_name, c.display);
  EXPECT_EQ(r->display_quoted, c.quoted);
  EXPECT_EQ(r->angle_brackets, c.angle);
  EXPECT_EQ(r->uri.raw, c.uri);
  EXPECT_EQ(r->params.raw(), c.params);
  EXPECT_FALSE(r->star);
}

INSTANTIATE_TEST_SUITE_P(
    NameAddr, NameAddrValid,
    ::testing::Values(
        NaCase{"Bob <sip:bob@biloxi.com>", "Bob", false, true, "sip:bob@biloxi.com", ""},
        NaCase{"Bob <sip:bob@biloxi.com>;tag=a6c85cf", "Bob", false, true, "sip:bob@biloxi.com", "tag=a6c85cf"},
        NaCase{"\"Alice Liddell\" <sip:alice@atlanta.com>;tag=1928301774", "Alice Liddell", true, true,
               "sip:alice@atlanta.com", "tag=1928301774"},
        NaCase{R"("Doe, \"JD\" John" <sip:jd@example.com>)", R"(Doe, \"JD\" John)", true, true,
               "sip:jd@example.com", ""},
        NaCase{"\"\" <sip:anon@example.com>", "", true, true, "sip:anon@example.com", ""},
        NaCase{"\"<sip:fake@x>\" <sip:real@example.com>", "<sip:fake@x>", true, true, "sip:real@example.com", ""},
        NaCase{"\"Ünïcødé\" <sip:u@example.com>", "Ünïcødé", true, true, "sip:u@example.com", ""},
        NaCase{"Mr. Watson <sip:watson@worcester.bell-telephone.com>", "Mr. Watson", false, true,
               "sip:watson@worcester.bell-telephone.com", ""},
        NaCase{"<sip:carol@chicago.com>", "", false, true, "sip:carol@chicago.com", ""},
        NaCase{"  <sip:carol@chicago.com>  ;  tag = 5  ", "", false, true, "sip:carol@chicago.com", "  tag = 5"},
        NaCase{"<sip:alice@atlanta.com;transport=tcp>;tag=x;expires=60", "", false, true,
               "sip:alice@atlanta.com;transport=tcp", "tag=x;expires=60"},
        NaCase{"<sip:alice@atlanta.com?subject=x>", "", false, true, "sip:alice@atlanta.com?subject=x", ""},
        NaCase{"<tel:+1-201-555-0123>;tag=t", "", false, true, "tel:+1-201-555-0123", "tag=t"},
        NaCase{"<urn:service:sos>", "", false, true, "urn:service:sos", ""},
        NaCase{"sip:alice@atlanta.com", "", false, false, "sip:alice@atlanta.com", ""},
        NaCase{"sip:alice@atlanta.com;tag=88sja8x", "", false, false, "sip:alice@atlanta.com", "tag=88sja8x"},
        NaCase{"sip:alice@atlanta.com ; tag=88sja8x", "", false, false, "sip:alice@atlanta.com", " tag=88sja8x"},
        NaCase{"sip:p1.example.com;lr", "", false, false, "sip:p1.example.com", "lr"},
        NaCase{"tel:+12125551212;tag=1", "", false, false, "tel:+12125551212", "tag=1"},
        NaCase{"sip:[2001:db8::1]:5060;tag=v6", "", false, false, "sip:[2001:db8::1]:5060", "tag=v6"}));

TEST(NameAddr, TagAccessor) {
  auto r = parse_name_addr("\"A\" <sip:a@b>;TAG=xyz;other", kMax);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->tag(), "xyz");
  auto none = parse_name_addr("<sip:a@b>", kMax);
  ASSERT_TRUE(none.has_value());
  EXPECT_FALSE(none->tag().has_value());
}

TEST(NameAddr, UriFieldsParsed) {
  auto r = parse_name_addr("\"Bob\" <sips:bob:pw@[::1]:5061;transport=tls>;tag=1", kMax);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->uri.scheme, UriScheme::kSips);
  EXPECT_EQ(r->uri.user, "bob");
  EXPECT_EQ(r->uri.password, "pw");
  EXPECT_EQ(r->uri.host, "[::1]");
  EXPECT_EQ(r->uri.port, 5061);
  EXPECT_EQ(r->uri.params.get("transport"), "tls");
  EXPECT_FALSE(r->uri.params.has("tag"));  // tag is a header parameter here
  EXPECT_EQ(r->raw, "\"Bob\" <sips:bob:pw@[::1]:5061;transport=tls>;tag=1");
}

TEST(NameAddr, AddrSpecParamsBelongToHeader) {
  // RFC 3261 §20.10: without <>, the ;params are header parameters, not URI parameters.
  auto r = parse_name_addr("sip:alice@atlanta.com;transport=tcp;tag=1", kMax);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->uri.params.empty());
  EXPECT_EQ(r->params.get("transport"), "tcp");
  EXPECT_EQ(r->tag(), "1");
}

TEST(NameAddr, Star) {
  auto star = parse_name_addr("*", kMax, true);
  ASSERT_TRUE(star.has_value());
  EXPECT_TRUE(star->star);
  auto spaced = parse_name_addr("  *  ", kMax, true);
  ASSERT_TRUE(spaced.has_value());
  EXPECT_TRUE(spaced->star);

  auto not_allowed = parse_name_addr("*", kMax, false);
  ASSERT_FALSE(not_allowed.has_value());
  EXPECT_EQ(not_allowed.error(), ParseError::kBadNameAddr);
  EXPECT_FALSE(parse_name_addr("*;expires=0", kMax, true).has_value());
  EXPECT_FALSE(parse_name_addr("**", kMax, true).has_value());
}

TEST(NameAddr, Invalid) {
  const std::string_view cases[] = {
      "",
      "   ",
      "\"Bob <sip:bob@biloxi.com>",            // unterminated quote
      "\"Bob\\\" <sip:bob@biloxi.com>",        // the only quote closer is escaped
      "Bob <sip:bob@biloxi.com",                // no '>'
      "Bob@Home <sip:bob@biloxi.com>",          // '@' is not a token character
      "Bob, Jr <sip:bob@biloxi.com>",           // ',' needs quoting
      "Bob;x <sip:bob@biloxi.com>",             // ';' needs quoting
      "\"Bob\" Smith <sip:bob@biloxi.com>",     // quoted-string followed by a token
      "<sip:bob@biloxi.com> junk",              // garbage after '>'
      "<sip:bob@biloxi.com>;",                  // empty parameter
      "<sip:bob@biloxi.com>;=x",                // empty parameter name
      "<sip:bob@biloxi.com>;tag=\"open",        // unterminated quoted parameter value
      "<sip:bob @biloxi.com>",                  // whitespace in URI
      "<>",                                     // empty URI
      "<sip:>",                                 // URI without host
      "<bob@biloxi.com>",                       // no scheme
      "sip:alice@atlanta.com?subject=x",        // addr-spec with '?' must use <>
      "sip:alice@atlanta.com,sip:b@c",          // addr-spec with ','
      "sip:alice@atlanta.com junk",             // whitespace inside addr-spec
      "alice@atlanta.com",                      // no scheme
      "sip:alice@atlanta.com;tag=",             // empty parameter value
      "sip:alice@atlanta.com;;tag=1",           // empty parameter
  };
  for (std::string_view c : cases) {
    SCOPED_TRACE(c);
    auto r = parse_name_addr(c, kMax, true);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error(), ParseError::kBadNameAddr);
  }
  // A flag parameter is syntactically valid (generic-param = token [ EQUAL gen-value ]).
  EXPECT_TRUE(parse_name_addr("<sip:bob@biloxi.com>;tag", kMax).has_value());
}

TEST(NameAddr, UriTooLongIsReportedAsSuch) {
  std::string uri = "sip:" + std::string(100, 'a') + "@example.com";
  for (std::string text : {"<" + uri + ">", "\"x\" <" + uri + ">;tag=1", uri, uri + ";tag=1"}) {
    SCOPED_TRACE(text);
    auto r = parse_name_addr(text, 50);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error(), ParseError::kUriTooLong);
    EXPECT_TRUE(parse_name_addr(text, 200).has_value());
  }
}



TEST(NameAddr, RandomInputNeverCrashes) {
  std::mt19937 rng(3);
  const std::string_view alphabet = "sip:ab@c.d<>\"\\;=,? *tag\t";
  for (int i = 0; i < 20000; ++i) {
    std::string text = random_text(rng, alphabet, 40);
    auto r = parse_name_addr(text, kMax, i % 2 == 0);
    if (!r) {
      EXPECT_TRUE(r.error() == ParseError::kBadNameAddr || r.error() == ParseError::kUriTooLong);
      continue;
    }
    EXPECT_TRUE(within(text, r->display_name) && within(text, r->uri.raw) && within(text, r->params.raw())) << text;
    (void)r->tag();
  }
}

}  // namespace
}  // namespace vg::sip
