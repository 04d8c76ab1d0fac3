// Tests for src/sip/header_id.cc and src/sip/method.cc: header names, compact forms, list headers,
// method tokens.
#include "sip/header_id.h"

#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <string_view>

#include "sip/error.h"
#include "sip/method.h"

namespace vg::sip {
namespace {

TEST(HeaderId, CanonicalNamesRoundTrip) {
  for (size_t i = 1; i < static_cast<size_t>(HeaderId::kCount_); ++i) {
    auto id = static_cast<HeaderId>(i);
    std::string_view name = canonical_name(id);
    SCOPED_TRACE(name);
    ASSERT_FALSE(name.empty());
    EXPECT_EQ(lookup_header(name), id);
    std::string upper(name), lower(name);
    for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    EXPECT_EQ(lookup_header(upper), id);
    EXPECT_EQ(lookup_header(lower), id);
  }
  EXPECT_EQ(canonical_name(HeaderId::kUnknown), "");
  EXPECT_EQ(canonical_name(HeaderId::kCount_), "");
  EXPECT_EQ(canonical_name(static_cast<HeaderId>(200)), "");
}

TEST(HeaderId, OnlyLetterCaseIsIgnored) {
  // Flipping bit 0x20 changes the case of a letter (still the same header) but turns any other byte
  // into a different character ('-' into CR, digits into control codes): no match then.
  for (size_t i = 1; i < static_cast<size_t>(HeaderId::kCount_); ++i) {
    auto id = static_cast<HeaderId>(i);
    const std::string name(canonical_name(id));
    for (size_t j = 0; j < name.size(); ++j) {
      std::string v = name;
      v[j] = static_cast<char>(v[j] ^ 0x20);
      SCOPED_TRACE(testing::PrintToString(v));
      const bool letter = std::isalpha(static_cast<unsigned char>(name[j])) != 0;
      EXPECT_EQ(lookup_header(v), letter ? id : HeaderId::kUnknown);
      v[j] = static_cast<char>(name[j] | 0x80);  // high-bit look-alikes never match
      EXPECT_EQ(lookup_header(v), HeaderId::kUnknown);
    }
  }
}

TEST(HeaderId, SpellingOfCanonicalNames) {
  EXPECT_EQ(canonical_name(HeaderId::kCallId), "Call-ID");
  EXPECT_EQ(canonical_name(HeaderId::kCSeq), "CSeq");
  EXPECT_EQ(canonical_name(HeaderId::kWwwAuthenticate), "WWW-Authenticate");
  EXPECT_EQ(canonical_name(HeaderId::kMaxForwards), "Max-Forwards");
  EXPECT_EQ(canonical_name(HeaderId::kContentLength), "Content-Length");
}

TEST(HeaderId, CompactForms) {
  struct Case {
    char c;
    HeaderId id;
  };
  // RFC 3261 §7.3.3 and later RFCs.
  const Case cases[] = {
      {'i', HeaderId::kCallId},        {'m', HeaderId::kContact},     {'f', HeaderId::kFrom},
      {'t', HeaderId::kTo},            {'v', HeaderId::kVia},         {'l', HeaderId::kContentLength},
      {'c', HeaderId::kContentType},   {'k', HeaderId::kSupported},   {'s', HeaderId::kSubject},
      {'e', HeaderId::kContentEncoding}, {'o', HeaderId::kEvent},     {'u', HeaderId::kAllowEvents},
      {'r', HeaderId::kReferTo},       {'b', HeaderId::kReferredBy},  {'x', HeaderId::kSessionExpires},
      {'y', HeaderId::kIdentity},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(1, c.c));
    EXPECT_EQ(lookup_header(std::string_view(&c.c, 1)), c.id);
    char upper = static_cast<char>(c.c - 'a' + 'A');
    EXPECT_EQ(lookup_header(std::string_view(&upper, 1)), c.id);
  }
  for (std::string_view unknown : {"a", "d", "g", "h", "j", "n", "p", "q", "w", "z", "-", "1"}) {
    SCOPED_TRACE(unknown);
    EXPECT_EQ(lookup_header(unknown), HeaderId::kUnknown);
  }
}

TEST(HeaderId, UnknownNames) {
  for (std::string_view name : {"", "X-Custom", "Vias", "Vi", "Call_ID", "CallID", "Content-Lengths",
                                "P-Preferred-Identityx", "Content-Length ", " Via"}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(lookup_header(name), HeaderId::kUnknown);
  }
  EXPECT_EQ(lookup_header("P-Preferred-Identity"), HeaderId::kPPreferredIdentity);  // longest name
}

TEST(HeaderId, ListHeaders) {
  for (HeaderId id : {HeaderId::kVia, HeaderId::kContact, HeaderId::kRoute, HeaderId::kRecordRoute,
                      HeaderId::kAllow, HeaderId::kSupported, HeaderId::kRequire, HeaderId::kProxyRequire,
                      HeaderId::kUnsupported, HeaderId::kAccept, HeaderId::kPath, HeaderId::kServiceRoute}) {
    SCOPED_TRACE(canonical_name(id));
    EXPECT_TRUE(is_list_header(id));
  }
  // Commas inside these separate parameters or are part of the value (dates, free text).
  for (HeaderId id : {HeaderId::kUnknown, HeaderId::kFrom, HeaderId::kTo, HeaderId::kCallId, HeaderId::kCSeq,
                      HeaderId::kAuthorization, HeaderId::kProxyAuthorization, HeaderId::kWwwAuthenticate,
                      HeaderId::kProxyAuthenticate, HeaderId::kDate, HeaderId::kSubject, HeaderId::kUserAgent,
                      HeaderId::kServer, HeaderId::kContentLength, HeaderId::kRetryAfter}) {
    SCOPED_TRACE(canonical_name(id));
    EXPECT_FALSE(is_list_header(id));
  }
  EXPECT_FALSE(is_list_header(HeaderId::kCount_));
}

TEST(Method, KnownAndExtension) {
  struct Case {
    std::string_view token;
    Method m;
  };
  const Case cases[] = {
      {"INVITE", Method::kInvite},     {"ACK", Method::kAck},         {"BYE", Method::kBye},
      {"CANCEL", Method::kCancel},     {"REGISTER", Method::kRegister}, {"OPTIONS", Method::kOptions},
      {"PRACK", Method::kPrack},       {"SUBSCRIBE", Method::kSubscribe}, {"NOTIFY", Method::kNotify},
      {"PUBLISH", Method::kPublish},   {"INFO", Method::kInfo},       {"REFER", Method::kRefer},
      {"MESSAGE", Method::kMessage},   {"UPDATE", Method::kUpdate},
      // Method names are case-sensitive (RFC 3261 §7.1): other spellings are extension methods.
      {"invite", Method::kExtension},  {"Invite", Method::kExtension}, {"FOO", Method::kExtension},
      {"NEWMETHOD", Method::kExtension}, {"", Method::kExtension},    {"INVITEX", Method::kExtension},
      {"SUBSCRIBES", Method::kExtension},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.token);
    EXPECT_EQ(method_from(c.token), c.m);
    if (c.m != Method::kExtension) {
      EXPECT_EQ(method_name(c.m), c.token);
    }
  }
  EXPECT_EQ(method_name(Method::kExtension), "");
}

TEST(Error, EveryErrorHasNameAndText) {
  for (size_t i = 0; i <= static_cast<size_t>(ParseError::kMissingHeader); ++i) {
    auto e = static_cast<ParseError>(i);
    EXPECT_FALSE(error_name(e).empty());
    EXPECT_FALSE(describe(e).empty());
    EXPECT_EQ(error_name(e).substr(0, 1), "k");
  }
  EXPECT_EQ(error_name(ParseError::kBadVia), "kBadVia");
  EXPECT_EQ(error_name(ParseError::kUriTooLong), "kUriTooLong");
  EXPECT_EQ(error_name(static_cast<ParseError>(250)), "kUnknown");
}

}  // namespace
}  // namespace vg::sip
