// Tests for src/sip/uri.cc: sip/sips/tel URIs, hosts, ports, parameters, headers, escapes.
#include "sip/uri.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>

#include "test_util.h"
#include <utility>

#include "sip/limits.h"

namespace vg::sip {
namespace {

using test::random_text;
using test::within;

constexpr size_t kMax = kMaxUriLength;

Uri parse_ok(std::string_view text) {
  auto r = parse_uri(text, kMax);
  EXPECT_TRUE(r.has_value()) << text << " -> " << (r ? "" : error_name(r.error()));
  return r ? *r : Uri{};
}

// --- valid URIs, exact fields ---

struct UriCase {
  std::string_view text;
  UriScheme scheme;
  std::string_view user;
  std::string_view password;
  bool has_password;
  std::string_view host;
  HostType host_type;
  uint16_t port;
  std::string_view params;
  std::string_view headers;
};

class UriValid : public ::testing::TestWithParam<UriCase> {};

TEST_P(UriValid, Fields) {
  const UriCase& c = GetParam();
  auto r = parse_uri(c.text, kMax);
  ASSERT_TRUE(r.has_value()) << c.text << " -> " << error_name(r.error());
  EXPECT_EQ(r->raw, c.text);
  EXPECT_EQ(r->scheme, c.scheme);
  EXPECT_EQ(r->user, c.user);
  EXPECT_EQ(r->password, c.password);
  EXPECT_EQ(r->has_password, c.has_password);
  EXPECT_EQ(r->host, c.host);
  EXPECT_EQ(r->host_type, c.host_type);
  EXPECT_EQ(r->port, c.port);
  EXPECT_EQ(r->params.raw(), c.params);
  EXPECT_EQ(r->headers, c.headers);
  EXPECT_TRUE(r->opaque.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Uri, UriValid,
    ::testing::Values(
        UriCase{"sip:alice@atlanta.com", UriScheme::kSip, "alice", "", false, "atlanta.com", HostType::kName, 0, "", ""},
        UriCase{"sips:bob@biloxi.com", UriScheme::kSips, "bob", "", false, "biloxi.com", HostType::kName, 0, "", ""},
        UriCase{"SIP:Alice@Atlanta.COM", UriScheme::kSip, "Alice", "", false, "Atlanta.COM", HostType::kName, 0, "", ""},
        UriCase{"sip:atlanta.com", UriScheme::kSip, "", "", false, "atlanta.com", HostType::kName, 0, "", ""},
        UriCase{"sip:alice:secretword@atlanta.com;transport=tcp", UriScheme::kSip, "alice", "secretword", true,
                "atlanta.com", HostType::kName, 0, "transport=tcp", ""},
        UriCase{"sip:alice:@atlanta.com", UriScheme::kSip, "alice", "", true, "atlanta.com", HostType::kName, 0, "",
                ""},
        UriCase{"sip:+1-212-555-1212:1234@gateway.com;user=phone", UriScheme::kSip, "+1-212-555-1212", "1234", true,
                "gateway.com", HostType::kName, 0, "user=phone", ""},
        UriCase{"sip:alice@192.0.2.4", UriScheme::kSip, "alice", "", false, "192.0.2.4", HostType::kIpv4, 0, "", ""},
        UriCase{"sip:192.0.2.4:5060", UriScheme::kSip, "", "", false, "192.0.2.4", HostType::kIpv4, 5060, "", ""},
        UriCase{"sip:alice@[2001:db8::10]", UriScheme::kSip, "alice", "", false, "[2001:db8::10]", HostType::kIpv6, 0,
                "", ""},
        UriCase{"sip:[2001:db8::10]:5070;lr", UriScheme::kSip, "", "", false, "[2001:db8::10]", HostType::kIpv6, 5070,
                "lr", ""},
        UriCase{"sip:[::1]", UriScheme::kSip, "", "", false, "[::1]", HostType::kIpv6, 0, "", ""},
        UriCase{"sip:[::ffff:192.0.2.1]:1", UriScheme::kSip, "", "", false, "[::ffff:192.0.2.1]", HostType::kIpv6, 1,
                "", ""},
        UriCase{"sip:h:1", UriScheme::kSip, "", "", false, "h", HostType::kName, 1, "", ""},
        UriCase{"sip:h:65535", UriScheme::kSip, "", "", false, "h", HostType::kName, 65535, "", ""},
        UriCase{"sip:alice@atlanta.com:5061;transport=tls", UriScheme::kSip, "alice", "", false, "atlanta.com",
                HostType::kName, 5061, "transport=tls", ""},
        UriCase{"sip:p1.example.com;lr", UriScheme::kSip, "", "", false, "p1.example.com", HostType::kName, 0, "lr",
                ""},
        UriCase{"sip:alice@atlanta.com;maddr=239.255.255.1;ttl=15", UriScheme::kSip, "alice", "", false,
                "atlanta.com", HostType::kName, 0, "maddr=239.255.255.1;ttl=15", ""},
        UriCase{"sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com", UriScheme::kSip, "", "", false,
                "atlanta.com", HostType::kName, 0, "method=REGISTER", "to=alice%40atlanta.com"},
        UriCase{"sip:alice@atlanta.com?subject=project%20x&priority=urgent", UriScheme::kSip, "alice", "", false,
                "atlanta.com", HostType::kName, 0, "", "subject=project%20x&priority=urgent"},
        UriCase{"sip:alice;day=tuesday@atlanta.com", UriScheme::kSip, "alice;day=tuesday", "", false, "atlanta.com",
                HostType::kName, 0, "", ""},
        UriCase{"sip:sip%3Auser%40example.com@company.com;other-param=summit", UriScheme::kSip,
                "sip%3Auser%40example.com", "", false, "company.com", HostType::kName, 0, "other-param=summit", ""},
        UriCase{"sip:%61lice@atlanta.com;transport=TCP", UriScheme::kSip, "%61lice", "", false, "atlanta.com",
                HostType::kName, 0, "transport=TCP", ""},
        UriCase{"sip:user@host.example.com.", UriScheme::kSip, "user", "", false, "host.example.com.",
                HostType::kName, 0, "", ""},
        UriCase{"sip:host;a;b=1;c", UriScheme::kSip, "", "", false, "host", HostType::kName, 0, "a;b=1;c", ""},
        UriCase{"tel:+1-201-555-0123", UriScheme::kTel, "+1-201-555-0123", "", false, "", HostType::kNone, 0, "",
                ""},
        UriCase{"tel:7042;phone-context=example.com", UriScheme::kTel, "7042", "", false, "", HostType::kNone, 0,
                "phone-context=example.com", ""},
        UriCase{"TEL:863-1234;phone-context=+1-914-555", UriScheme::kTel, "863-1234", "", false, "",
                HostType::kNone, 0, "phone-context=+1-914-555", ""}));

TEST(Uri, SchemeNameKeptAsWritten) {
  EXPECT_EQ(parse_ok("SiPs:a@b").scheme_name, "SiPs");
  EXPECT_EQ(parse_ok("SiPs:a@b").scheme, UriScheme::kSips);
  EXPECT_TRUE(parse_ok("sips:a@b").is_sip_or_sips());
  EXPECT_FALSE(parse_ok("tel:+1").is_sip_or_sips());
}

TEST(Uri, HostBareStripsIpv6Brackets) {
  EXPECT_EQ(parse_ok("sip:[2001:db8::1]:5060").host_bare(), "2001:db8::1");
  EXPECT_EQ(parse_ok("sip:10.0.0.1:5060").host_bare(), "10.0.0.1");
  EXPECT_EQ(parse_ok("sip:example.com").host_bare(), "example.com");
}

TEST(Uri, Params) {
  Uri u = parse_ok("sip:alice@atlanta.com;transport=tcp;lr;maddr=10.1.1.1;user=phone;Method=INVITE");
  EXPECT_EQ(u.params.get("transport"), "tcp");
  EXPECT_EQ(u.params.get("TRANSPORT"), "tcp");
  ASSERT_TRUE(u.params.has("lr"));
  EXPECT_EQ(u.params.get("lr"), "");
  auto lr = u.params.find("lr");
  ASSERT_TRUE(lr.has_value());
  EXPECT_FALSE(lr->has_value);
  EXPECT_EQ(u.params.get("maddr"), "10.1.1.1");
  EXPECT_EQ(u.params.get("user"), "phone");
  EXPECT_EQ(u.params.get("method"), "INVITE");
  EXPECT_FALSE(u.params.has("ttl"));
  EXPECT_FALSE(u.params.get("tag").has_value());
}

TEST(Uri, EscapesKeptRaw) {
  Uri u = parse_ok("sip:alice%40home@example.com");
  EXPECT_EQ(u.user, "alice%40home");
  std::string decoded;
  ASSERT_TRUE(unescape(u.user, decoded));
  EXPECT_EQ(decoded, "alice@home");
}

TEST(Uri, OtherSchemes) {
  struct Case {
    std::string_view text, scheme_name, opaque;
  };
  const Case cases[] = {
      {"mailto:alice@example.com", "mailto", "alice@example.com"},
      {"http://www.example.com/alice/photo.jpg", "http", "//www.example.com/alice/photo.jpg"},
      {"urn:service:sos", "urn", "service:sos"},
      {"im:alice@example.com", "im", "alice@example.com"},
      {"x-custom+1.0:abc", "x-custom+1.0", "abc"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    auto r = parse_uri(c.text, kMax);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->scheme, UriScheme::kOther);
    EXPECT_EQ(r->scheme_name, c.scheme_name);
    EXPECT_EQ(r->opaque, c.opaque);
    EXPECT_TRUE(r->host.empty());
    EXPECT_EQ(r->host_type, HostType::kNone);
  }
}

// --- invalid URIs ---

struct BadCase {
  std::string_view name;
  std::string_view text;
};

class UriInvalid : public ::testing::TestWithParam<BadCase> {};

TEST_P(UriInvalid, Rejected) {
  auto r = parse_uri(GetParam().text, kMax);
  ASSERT_FALSE(r.has_value()) << GetParam().text;
  EXPECT_EQ(r.error(), ParseError::kBadUri) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Uri, UriInvalid,
    ::testing::Values(BadCase{"Empty", ""}, BadCase{"NoScheme", "alice@example.com"},
                      BadCase{"EmptyScheme", ":alice@example.com"}, BadCase{"SchemeDigitFirst", "1sip:a@b"},
                      BadCase{"SchemeBadChar", "s_p:a@b"}, BadCase{"SipNoHost", "sip:"},
                      BadCase{"SipUserNoHost", "sip:alice@"}, BadCase{"EmptyUser", "sip:@example.com"},
                      BadCase{"PortZero", "sip:example.com:0"}, BadCase{"Port65536", "sip:example.com:65536"},
                      BadCase{"PortHuge", "sip:example.com:99999999999999999999999"},
                      BadCase{"PortEmpty", "sip:example.com:"}, BadCase{"PortNonDigit", "sip:example.com:50a"},
                      BadCase{"PortSigned", "sip:example.com:+5060"}, BadCase{"TwoPorts", "sip:h:5060:5061"},
                      BadCase{"SpaceInside", "sip:alice @example.com"}, BadCase{"SpaceHost", "sip:alice@exa mple.com"},
                      BadCase{"LeadingSpace", " sip:alice@example.com"},
                      BadCase{"TrailingSpace", "sip:alice@example.com "}, BadCase{"Tab", "sip:alice@ex\tample.com"},
                      BadCase{"Crlf", "sip:alice@example.com\r\n"}, BadCase{"AngleInside", "sip:<alice>@example.com"},
                      BadCase{"QuoteInside", "sip:\"alice\"@example.com"},
                      BadCase{"BadEscapeShort", "sip:alice%4@example.com"},
                      BadCase{"BadEscapeEnd", "sip:alice%@example.com"},
                      BadCase{"BadEscapeNonHex", "sip:alice%zz@example.com"},
                      BadCase{"BadEscapeInParam", "sip:example.com;x=%4"},
                      BadCase{"BadEscapeInParamName", "sip:example.com;%zz=1"},
                      BadCase{"BadEscapeInHeaders", "sip:example.com?subject=%G0"},
                      BadCase{"BadEscapeInPassword", "sip:a:%q1@example.com"},
                      BadCase{"Ipv6Unclosed", "sip:[2001:db8::1"}, BadCase{"Ipv6Bad", "sip:[2001:db8:::1:zz]"},
                      BadCase{"Ipv6Unbracketed", "sip:2001:db8::1"}, BadCase{"Ipv6Empty", "sip:[]"},
                      BadCase{"Ipv6Trailing", "sip:[::1]x"}, BadCase{"HostEmptyLabel", "sip:a..b"},
                      BadCase{"HostLeadingDot", "sip:.example.com"}, BadCase{"HostLeadingDash", "sip:-example.com"},
                      BadCase{"HostBadChar", "sip:exa!mple.com"}, BadCase{"HostSlash", "sip:example.com/path"},
                      BadCase{"EmptyParams", "sip:example.com;"}, BadCase{"EmptyParamName", "sip:example.com;=1"},
                      BadCase{"EmptyParamBetween", "sip:example.com;lr;;x"},
                      BadCase{"ParamBadChar", "sip:example.com;x=a,b"},
                      BadCase{"EmptyHeaders", "sip:example.com?"}, BadCase{"HeadersBadChar", "sip:example.com?a=b,c"},
                      BadCase{"UserBadChar", "sip:al{ice@example.com"},
                      BadCase{"PasswordBadChar", "sip:alice:pa/ss@example.com"},
                      BadCase{"TelEmpty", "tel:"}, BadCase{"TelLetters", "tel:+1-800-FLOWERS"},
                      BadCase{"TelBadParam", "tel:+1234;"}, BadCase{"OtherEmpty", "mailto:"},
                      BadCase{"ControlChar", std::string_view("sip:a\x01@b", 9)},
                      BadCase{"DelChar", "sip:a\x7f@b"}, BadCase{"NulByte", std::string_view("sip:a\0@b", 8)}),
    [](const ::testing::TestParamInfo<BadCase>& i) { return std::string(i.param.name); });

TEST(Uri, HeadersSyntax) {
  // RFC 3261 §25.1: headers = "?" header *( "&" header ); header = hname "=" hvalue; hname non-empty.
  const std::pair<std::string_view, bool> cases[] = {
      {"sip:h?subject=project%20x&priority=urgent", true},
      {"sip:h?a=", true},
      {"sip:h?a=&b=c", true},
      {"sip:h?Replaces=abc%40h%3Bto-tag%3D1%3Bfrom-tag%3D2", true},
      {"sip:h?body=[]/?:+$", true},
      {"sip:h?a", false},
      {"sip:h?=b", false},
      {"sip:h?a=b&", false},
      {"sip:h?a=b&&c=d", false},
      {"sip:h?&a=b", false},
      {"sip:h?a=b=c", false},
      {"sip:h?a=b;c=d", false},
  };
  for (const auto& [text, ok] : cases) {
    SCOPED_TRACE(text);
    auto r = parse_uri(text, kMax);
    EXPECT_EQ(r.has_value(), ok);
    if (r) {
      EXPECT_EQ(r->headers, text.substr(text.find('?') + 1));
    }
  }
}

TEST(Uri, HostnameLabels) {
  // RFC 3261 §25.1: hostname = *( domainlabel "." ) toplabel [ "." ]; domainlabel = alphanum /
  // alphanum *( alphanum / "-" ) alphanum; toplabel starts with ALPHA. Numeric look-alikes that are
  // not dotted-quad IPv4 ("127.1", "2130706433", "0x7f.0.0.1", which inet_aton-style resolvers turn
  // into addresses) must not pass as host names.
  const std::pair<std::string_view, HostType> cases[] = {
      {"example.com", HostType::kName},
      {"example.com.", HostType::kName},
      {"a", HostType::kName},
      {"123.example.com", HostType::kName},
      {"1and1.com", HostType::kName},
      {"a-b.c-d", HostType::kName},
      {"x_y.example.com", HostType::kName},  // '_' tolerated (seen in the wild)
      {"10.0.0.1", HostType::kIpv4},
      {"a-.example.com", HostType::kNone},
      {"example-.com", HostType::kNone},
      {"example.com-", HostType::kNone},
      {"-a.com", HostType::kNone},
      {"example.123", HostType::kNone},
      {"1.2.3.256", HostType::kNone},
      {"1.2.3.4.", HostType::kNone},
      {"127.1", HostType::kNone},
      {"2130706433", HostType::kNone},
      {"0x7f.0.0.1", HostType::kNone},
      {"0x7f000001", HostType::kNone},
      {"example..com", HostType::kNone},
      {".", HostType::kNone},
  };
  for (const auto& [host, type] : cases) {
    SCOPED_TRACE(host);
    EXPECT_EQ(classify_host(host), type);
    std::string uri = "sip:alice@" + std::string(host);
    auto r = parse_uri(uri, kMax);
    EXPECT_EQ(r.has_value(), type != HostType::kNone);
    if (r) {
      EXPECT_EQ(r->host_type, type);
    }
  }
}

TEST(Uri, TelNumbers) {
  // RFC 3966: global-number-digits = "+" *phonedigit DIGIT *phonedigit; local numbers are
  // phonedigit-hex with at least one HEXDIG / "*" / "#".
  const std::pair<std::string_view, bool> cases[] = {
      {"tel:+1-201-555-0123", true}, {"tel:+1(201)555.0123", true}, {"tel:7042;phone-context=example.com", true},
      {"tel:*67;phone-context=x", true}, {"tel:#31#;phone-context=x", true}, {"tel:a1;phone-context=x", true},
      {"tel:+", false},              {"tel:-", false},              {"tel:+-.()", false},
      {"tel:1+2", false},            {"tel:++1", false},            {"tel:+1*2", false},
      {"tel:+1a", false},            {"tel:", false},               {"tel:;x=1", false},
  };
  for (const auto& [text, ok] : cases) {
    SCOPED_TRACE(text);
    EXPECT_EQ(parse_uri(text, kMax).has_value(), ok);
  }
}

TEST(Uri, LengthLimit) {
  std::string uri = "sip:" + std::string(kMaxUriLength - 4 - 12, 'a') + "@example.com";
  ASSERT_EQ(uri.size(), kMaxUriLength);
  EXPECT_TRUE(parse_uri(uri, kMaxUriLength).has_value());
  uri.insert(4, "a");
  auto r = parse_uri(uri, kMaxUriLength);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), ParseError::kUriTooLong);

  // A lower limit is honoured, and the length check wins over syntax errors.
  auto small = parse_uri("sip:alice@example.com", 10);
  ASSERT_FALSE(small.has_value());
  EXPECT_EQ(small.error(), ParseError::kUriTooLong);
  auto bad_and_long = parse_uri("sip:a b c d e f g h", 5);
  ASSERT_FALSE(bad_and_long.has_value());
  EXPECT_EQ(bad_and_long.error(), ParseError::kUriTooLong);
}

// --- unescape ---

TEST(Unescape, Cases) {
  struct Case {
    std::string_view in;
    bool ok;
    std::string_view out;
  };
  const Case cases[] = {
      {"", true, ""},
      {"plain", true, "plain"},
      {"%40", true, "@"},
      {"a%40b", true, "a@b"},
      {"%41%42%43", true, "ABC"},
      {"%7e%7E", true, "~~"},
      {"%20x%20", true, " x "},
      {"%00", true, std::string_view("\0", 1)},
      {"%ff", true, "\xff"},
      {"%", false, ""},
      {"%4", false, ""},
      {"a%4", false, ""},
      {"%zz", false, ""},
      {"%g0", false, ""},
      {"%0g", false, ""},
      {"ok%", false, ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.in);
    std::string out;
    EXPECT_EQ(unescape(c.in, out), c.ok);
    if (c.ok) {
      EXPECT_EQ(out, c.out);
    }
  }
}

TEST(Unescape, Appends) {
  std::string out = "x:";
  ASSERT_TRUE(unescape("a%2Cb", out));
  EXPECT_EQ(out, "x:a,b");
}

// --- host helpers ---

TEST(HostHelpers, Ipv4) {
  struct Case {
    std::string_view s;
    bool ok;
  };
  const Case cases[] = {
      {"0.0.0.0", true},       {"192.0.2.1", true},   {"255.255.255.255", true}, {"256.1.1.1", false},
      {"1.2.3", false},        {"1.2.3.4.5", false},  {"1..2.3", false},         {"1.2.3.4.", false},
      {".1.2.3.4", false},     {"a.b.c.d", false},    {"1.2.3.-4", false},       {"", false},
      {"1234.1.1.1", false},   {"1.2.3.4 ", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.s);
    EXPECT_EQ(is_ipv4(c.s), c.ok);
  }
}

TEST(HostHelpers, Ipv6) {
  EXPECT_TRUE(is_ipv6("::1"));
  EXPECT_TRUE(is_ipv6("2001:db8::1"));
  EXPECT_TRUE(is_ipv6("::ffff:10.0.0.1"));
  EXPECT_TRUE(is_ipv6("fe80:0:0:0:0:0:0:1"));
  EXPECT_FALSE(is_ipv6("[::1]"));
  EXPECT_FALSE(is_ipv6(":"));
  EXPECT_FALSE(is_ipv6("1:2:3:4:5:6:7:8:9"));
  EXPECT_FALSE(is_ipv6("2001:db8::g"));
  EXPECT_FALSE(is_ipv6(std::string(100, ':')));
  EXPECT_FALSE(is_ipv6(""));
}

TEST(HostHelpers, Classify) {
  EXPECT_EQ(classify_host("example.com"), HostType::kName);
  EXPECT_EQ(classify_host("a"), HostType::kName);
  EXPECT_EQ(classify_host("10.0.0.1"), HostType::kIpv4);
  EXPECT_EQ(classify_host("[::1]"), HostType::kIpv6);
  EXPECT_EQ(classify_host("[::1"), HostType::kNone);
  EXPECT_EQ(classify_host("[zz]"), HostType::kNone);
  EXPECT_EQ(classify_host("::1"), HostType::kNone);
  EXPECT_EQ(classify_host(""), HostType::kNone);
  EXPECT_EQ(classify_host("a b"), HostType::kNone);
  EXPECT_EQ(classify_host(std::string(256, 'a')), HostType::kNone);
}



TEST(Uri, RandomInputNeverCrashes) {
  std::mt19937 rng(1);
  const std::string_view alphabet = "sipteltSIP:@;=?&%[]0123456789abcdefABCDEF.-_+!~*'()/ \"<>,\x01\x7f\xff";
  for (int i = 0; i < 20000; ++i) {
    std::string text = (i % 3 == 0 ? "sip:" : i % 3 == 1 ? "tel:" : "") + random_text(rng, alphabet, 40);
    auto r = parse_uri(text, 64);
    std::string out;
    (void)unescape(text, out);
    if (!r) continue;
    EXPECT_TRUE(within(text, r->user) && within(text, r->password) && within(text, r->host) &&
                within(text, r->params.raw()) && within(text, r->headers) && within(text, r->opaque))
        << text;
    (void)r->host_bare();
    auto c = r->params.cursor();
    Param p;
    while (c.next(p)) EXPECT_TRUE(within(text, p.name) && within(text, p.value));
  }
}

}  // namespace
}  // namespace vg::sip
