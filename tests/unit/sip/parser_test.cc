// Tests for src/sip/parser.cc: framing of one message (start line, header lines, folding, limits,
// Content-Length, body) and its behaviour on hostile or truncated input.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

#include "sip/limits.h"
#include "sip/message.h"
#include "test_util.h"

namespace vg::sip {
namespace {

using test::check;
using test::err;
using test::join;
using test::kInvite;
using test::kOk;
using test::parse_error;
using test::parse_ok;

const std::string kHead =
    "MESSAGE sip:bob@biloxi.com SIP/2.0\r\n"
    "Via: SIP/2.0/TCP pc33.atlanta.com;branch=z9hG4bK1\r\n"
    "To: <sip:bob@biloxi.com>\r\n"
    "From: <sip:alice@atlanta.com>;tag=1\r\n"
    "Call-ID: abc@pc33\r\n"
    "CSeq: 1 MESSAGE\r\n";

// --- Content-Length and body ---

TEST(Parser, BodyExtraction) {
  Message m = parse_ok(kHead + "Content-Length: 5\r\n\r\nhello");
  EXPECT_EQ(m.body(), "hello");
  EXPECT_EQ(m.content_length(), std::optional<size_t>(5));
  EXPECT_EQ(m.body_offset(), kHead.size() + 21);
  EXPECT_EQ(m.raw().size(), kHead.size() + 21 + 5);
}

TEST(Parser, DatagramBytesBeyondContentLengthAreDiscarded) {
  // RFC 3261 §18.3: octets past Content-Length in a datagram are ignored.
  std::string text = kHead + "Content-Length: 5\r\n\r\nhello, and trailing junk\r\n\r\nINVITE";
  Message m = parse_ok(text);
  EXPECT_EQ(m.body(), "hello");
  EXPECT_EQ(m.raw(), std::string_view(text).substr(0, kHead.size() + 21 + 5));
  EXPECT_EQ(check(text), "kNone");
}

TEST(Parser, ContentLengthZeroWithTrailingBytes) {
  Message m = parse_ok(kHead + "Content-Length: 0\r\n\r\ngarbage");
  EXPECT_EQ(m.body(), "");
  EXPECT_EQ(m.raw().substr(m.raw().size() - 4), "\r\n\r\n");
}

TEST(Parser, DatagramWithoutContentLengthTakesTheRest) {
  Message m = parse_ok(kHead + "\r\nthe whole rest\r\n");
  EXPECT_FALSE(m.content_length().has_value());
  EXPECT_EQ(m.body(), "the whole rest\r\n");
}

TEST(Parser, StreamWithoutContentLengthHasEmptyBody) {
  ParseOptions o;
  o.stream = true;
  std::string text = kHead + "\r\nnot a body";
  Message m = parse_ok(text, o);
  EXPECT_EQ(m.body(), "");
  EXPECT_EQ(m.raw(), std::string_view(text).substr(0, kHead.size() + 2));
  Message with_length = parse_ok(kHead + "l: 3\r\n\r\nabcdef", o);
  EXPECT_EQ(with_length.body(), "abc");
}

TEST(Parser, ContentLengthValues) {
  struct Case {
    std::string_view lines;  // Content-Length line(s) without the final CRLF
    std::string_view body;
    std::string_view error;
  };
  const Case cases[] = {
      {"Content-Length: 5", "hello", "kNone"},
      {"Content-Length:5", "hello", "kNone"},
      {"Content-Length:   5   ", "hello", "kNone"},
      {"content-length: 5", "hello", "kNone"},
      {"l: 5", "hello", "kNone"},
      {"Content-Length: 00005", "hello", "kNone"},
      {"Content-Length: 6", "hello", "kBodyTruncated"},
      {"Content-Length: 65535", "hello", "kBodyTruncated"},
      {"Content-Length: 65536", "hello", "kBadContentLength"},
      {"Content-Length: 4294967296", "hello", "kBadContentLength"},
      {"Content-Length: 18446744073709551615", "hello", "kBadContentLength"},
      {"Content-Length: 18446744073709551616", "hello", "kBadContentLength"},
      {"Content-Length: 99999999999999999999999999", "hello", "kBadContentLength"},
      {"Content-Length: -1", "hello", "kBadContentLength"},
      {"Content-Length: -0", "hello", "kBadContentLength"},
      {"Content-Length: +5", "hello", "kBadContentLength"},
      {"Content-Length: 5a", "hello", "kBadContentLength"},
      {"Content-Length: 0x5", "hello", "kBadContentLength"},
      {"Content-Length: 5 5", "hello", "kBadContentLength"},
      {"Content-Length: 5, 5", "hello", "kBadContentLength"},
      {"Content-Length:", "hello", "kBadContentLength"},
      {"Content-Length: 5\r\nContent-Length: 5", "hello", "kContentLengthConflict"},
      {"Content-Length: 5\r\nl: 5", "hello", "kContentLengthConflict"},
      {"Content-Length: 5\r\nContent-Length: 3", "hello", "kContentLengthConflict"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.lines);
    std::string text = kHead + std::string(c.lines) + "\r\n\r\n" + std::string(c.body);
    EXPECT_EQ(parse_error(text), c.error);
    ParseOptions stream;
    stream.stream = true;
    EXPECT_EQ(parse_error(text, stream), c.error);
  }
}

TEST(Parser, ContentLengthLimitFollowsConfiguredMessageSize) {
  ParseOptions o;
  o.limits.max_message_size = 1000;
  EXPECT_EQ(parse_error(kHead + "Content-Length: 1001\r\n\r\n", o), "kBadContentLength");
  EXPECT_EQ(parse_error(kHead + "Content-Length: 900\r\n\r\n", o), "kBodyTruncated");
}

TEST(Parser, BodyMayHoldAnyBytes) {
  std::string body("a\0b\r\n\r\nc\xff", 9);
  std::string text = kHead + "Content-Length: 9\r\n\r\n" + body;
  Message m = parse_ok(text);
  EXPECT_EQ(m.body(), body);
  EXPECT_EQ(check(text), "kNone");
}

TEST(Parser, LeadingCrlfsBeforeStartLineAreIgnored) {
  // RFC 3261 §7.5.
  std::string text = "\r\n\r\n\n" + kInvite;
  Message m = parse_ok(text);
  EXPECT_EQ(m.method(), Method::kInvite);
  EXPECT_EQ(m.start_line(), "INVITE sip:bob@biloxi.com SIP/2.0");
  EXPECT_EQ(m.body(), "v=0\n");
  EXPECT_EQ(check(text), "kNone");
}

// --- bad input: each gives a precise error ---

TEST(Parser, EmptyAndOnlyLineBreaks) {
  EXPECT_EQ(parse_error(""), "kEmpty");
  EXPECT_EQ(parse_error("\r\n"), "kEmpty");
  EXPECT_EQ(parse_error("\r\n\r\n\r\n\r\n"), "kEmpty");
  EXPECT_EQ(parse_error("\n\n\r\r"), "kEmpty");
  EXPECT_EQ(parse_error(std::string(60000, '\n')), "kEmpty");
}

TEST(Parser, NulBytes) {
  std::string in_header = kInvite;
  in_header[in_header.find("Alice")] = '\0';
  EXPECT_EQ(parse_error(in_header), "kNulByte");

  std::string in_name = kInvite;
  in_name[in_name.find("Max-Forwards")] = '\0';
  EXPECT_EQ(parse_error(in_name), "kNulByte");

  std::string in_start = kInvite;
  in_start[in_start.find("bob")] = '\0';
  EXPECT_EQ(parse_error(in_start), "kNulByte");

  std::string in_folded = kHead + "Subject: a\r\n bXc\r\n\r\n";
  in_folded[kHead.size() + 14] = '\0';  // the X on the continuation line
  EXPECT_EQ(parse_error(in_folded), "kNulByte");
}

TEST(Parser, TooLarge) {
  std::string big = kHead + "Content-Length: 0\r\n\r\n";
  big.resize(1 << 20, 'x');
  EXPECT_EQ(parse_error(big), "kTooLarge");

  // Exactly at the ceiling is accepted (the body holds the remainder), one more byte is not.
  std::string at = kHead + "\r\n";
  at.resize(kMaxMessageSize, 'x');
  Message m = parse_ok(at);
  EXPECT_EQ(m.body().size(), kMaxMessageSize - kHead.size() - 2);
  at.push_back('x');
  EXPECT_EQ(parse_error(at), "kTooLarge");
}

TEST(Parser, HeaderLineTooLong) {
  std::string text = kHead + "X-Long: " + std::string(10 * 1024, 'a') + "\r\n\r\n";
  EXPECT_EQ(parse_error(text), "kHeaderLineTooLong");

  // The limit covers the whole line: exactly max_header_line_length is fine.
  std::string name = "X-Long: ";
  std::string exact = kHead + name + std::string(kMaxHeaderLineLength - name.size(), 'a') + "\r\n\r\n";
  EXPECT_EQ(parse_error(exact), "kNone");
  std::string over = kHead + name + std::string(kMaxHeaderLineLength - name.size() + 1, 'a') + "\r\n\r\n";
  EXPECT_EQ(parse_error(over), "kHeaderLineTooLong");

  // Folded continuations count towards the same line.
  std::string folded = kHead + "X-Folded: a";
  for (int i = 0; i < 200; ++i) folded += "\r\n " + std::string(50, 'b');
  folded += "\r\n\r\n";
  EXPECT_EQ(parse_error(folded), "kHeaderLineTooLong");

  // A long final line without a line end is reported as too long, not merely unterminated.
  EXPECT_EQ(parse_error(kHead + "X-Long: " + std::string(10 * 1024, 'a')), "kHeaderLineTooLong");
}

TEST(Parser, TooManyHeaders) {
  std::string text = kHead;
  for (int i = 0; i < 10000; ++i) text += "a:b\r\n";
  text += "\r\n";
  ASSERT_LE(text.size(), kMaxMessageSize);
  EXPECT_EQ(parse_error(text), "kTooManyHeaders");

  // Split list elements count as header fields.
  std::string list = kHead + "Allow: ";
  for (int i = 0; i < 300; ++i) list += "A,";
  list += "A\r\n\r\n";
  EXPECT_EQ(parse_error(list), "kTooManyHeaders");

  // Exactly the limit is fine.
  std::string exact = kHead;  // 5 header fields already
  for (size_t i = 5; i < kMaxHeaders; ++i) exact += "a:b\r\n";
  exact += "\r\n";
  EXPECT_EQ(parse_error(exact), "kNone");
  exact.insert(exact.size() - 2, "a:b\r\n");
  EXPECT_EQ(parse_error(exact), "kTooManyHeaders");
}

TEST(Parser, MalformedHeaderLines) {
  struct Case {
    std::string_view line;
    std::string_view error;
  };
  const Case cases[] = {
      {"No colon here", "kMalformedHeader"},
      {"NoColon", "kMalformedHeader"},
      {": empty name", "kBadHeaderName"},
      {"Bad Name: x", "kBadHeaderName"},
      {"Bad\"Name: x", "kBadHeaderName"},
      {"Bad(Name): x", "kBadHeaderName"},
      {"\xc3\xa9t\xc3\xa9: x", "kBadHeaderName"},
      {"Subject: stray\rCR", "kMalformedHeader"},
      {"Subject: x\r\r", "kMalformedHeader"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.line);
    EXPECT_EQ(parse_error(kHead + std::string(c.line) + "\r\n\r\n"), c.error);
  }
}

TEST(Parser, ContinuationBeforeAnyHeader) {
  EXPECT_EQ(parse_error("OPTIONS sip:a@b SIP/2.0\r\n continued: x\r\nVia: SIP/2.0/UDP h\r\n\r\n"),
            "kMalformedHeader");
  EXPECT_EQ(parse_error("OPTIONS sip:a@b SIP/2.0\r\n\tx\r\n\r\n"), "kMalformedHeader");
}

TEST(Parser, HeaderSectionUnterminated) {
  EXPECT_EQ(parse_error("OPTIONS sip:a@b SIP/2.0"), "kHeaderSectionUnterminated");
  EXPECT_EQ(parse_error("OPTIONS sip:a@b SIP/2.0\r\n"), "kHeaderSectionUnterminated");
  EXPECT_EQ(parse_error(kHead), "kHeaderSectionUnterminated");
  EXPECT_EQ(parse_error(kHead + "Content-Length: 0\r\n\r"), "kHeaderSectionUnterminated");
}

TEST(Parser, StartLineErrors) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      // Extra SPs between the elements are a start-line error (RFC 4475 §3.1.2.9), whitespace
      // inside the URI a Request-URI error (§3.1.2.8).
      {"INVITE  sip:a@b SIP/2.0", "kBadStartLine"},
      {"INVITE sip:a@b  SIP/2.0", "kBadStartLine"},
      {"INVITE sip:a b SIP/2.0", "kBadRequestUri"},
      {"INVITE sip:a@b\tSIP/2.0", "kBadStartLine"},
      {" INVITE sip:a@b SIP/2.0", "kBadStartLine"},
      {"INVITE", "kBadStartLine"},
      {"INVITE\tsip:a@b\tSIP/2.0", "kBadStartLine"},
      {"INVITE sip:a@b SIP/2.0\rjunk", "kBadStartLine"},
      {"\x01\x02\x03 x SIP/2.0", "kBadMethod"},
  };
  for (const auto& [line, error] : cases) {
    SCOPED_TRACE(line);
    EXPECT_EQ(parse_error(std::string(line) + "\r\nVia: SIP/2.0/UDP h\r\n\r\n"), error);
  }
}

// --- limits ---

TEST(Parser, LowerLimitsAreHonoured) {
  ParseOptions o;
  o.limits.max_message_size = 100;
  EXPECT_EQ(parse_error(kInvite, o), "kTooLarge");

  ParseOptions h;
  h.limits.max_headers = 3;
  EXPECT_EQ(parse_error(kInvite, h), "kTooManyHeaders");
  h.limits.max_headers = 9;
  EXPECT_EQ(parse_error(kInvite, h), "kNone");

  size_t longest = 0;  // longest header line of kInvite, without its CRLF
  const Message invite = parse_ok(kInvite);
  for (const auto& hf : invite.headers()) longest = std::max<size_t>(longest, hf.line_end - hf.line_begin - 2);
  ParseOptions l;
  l.limits.max_header_line_length = longest - 1;
  EXPECT_EQ(parse_error(kInvite, l), "kHeaderLineTooLong");
  l.limits.max_header_line_length = longest;
  EXPECT_EQ(parse_error(kInvite, l), "kNone");

  ParseOptions u;
  u.limits.max_uri_length = 17;
  EXPECT_EQ(parse_error(kInvite, u), "kUriTooLong");
  u.limits.max_uri_length = 18;  // "sip:bob@biloxi.com"
  EXPECT_EQ(parse_error(kInvite, u), "kNone");

  // The message keeps the clamped limits for later typed access.
  ParseOptions f;
  f.limits.max_uri_length = 20;
  Message m = parse_ok(kInvite, f);
  EXPECT_EQ(m.limits().max_uri_length, 20u);
  EXPECT_EQ(err(m.from()), "kUriTooLong");  // sip:alice@atlanta.com is 21 bytes
}

TEST(Parser, HigherLimitsAreClampedToTheCeiling) {
  ParseOptions o;
  o.limits.max_message_size = 10 * kMaxMessageSize;
  o.limits.max_headers = 100000;
  o.limits.max_header_line_length = 1 << 30;
  o.limits.max_uri_length = 1 << 30;
  std::string big = kHead + "\r\n";
  big.resize(kMaxMessageSize + 1, 'x');
  EXPECT_EQ(parse_error(big, o), "kTooLarge");
  Message m = parse_ok(kInvite, o);
  EXPECT_EQ(m.limits().max_message_size, kMaxMessageSize);
  EXPECT_EQ(m.limits().max_headers, kMaxHeaders);
  EXPECT_EQ(m.limits().max_header_line_length, kMaxHeaderLineLength);
  EXPECT_EQ(m.limits().max_uri_length, kMaxUriLength);
}

TEST(Limits, ClampedNeverRaises) {
  Limits defaults;
  Limits c = defaults.clamped();
  EXPECT_EQ(c.max_message_size, kMaxMessageSize);
  EXPECT_EQ(c.max_headers, kMaxHeaders);
  EXPECT_EQ(c.max_header_line_length, kMaxHeaderLineLength);
  EXPECT_EQ(c.max_uri_length, kMaxUriLength);

  Limits low{1000, 10, 200, 50};
  Limits lc = low.clamped();
  EXPECT_EQ(lc.max_message_size, 1000u);
  EXPECT_EQ(lc.max_headers, 10u);
  EXPECT_EQ(lc.max_header_line_length, 200u);
  EXPECT_EQ(lc.max_uri_length, 50u);

  Limits zero{0, 0, 0, 0};
  Limits zc = zero.clamped();
  EXPECT_EQ(zc.max_message_size, 0u);
  EXPECT_EQ(zc.max_headers, 0u);
  EXPECT_EQ(zc.max_header_line_length, 0u);
  EXPECT_EQ(zc.max_uri_length, 0u);

  Limits high{SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX};
  Limits hc = high.clamped();
  EXPECT_EQ(hc.max_message_size, kMaxMessageSize);
  EXPECT_EQ(hc.max_headers, kMaxHeaders);
  EXPECT_EQ(hc.max_header_line_length, kMaxHeaderLineLength);
  EXPECT_EQ(hc.max_uri_length, kMaxUriLength);

  // Mixed: each field independently.
  Limits mixed{10, SIZE_MAX, 5, SIZE_MAX};
  Limits mc = mixed.clamped();
  EXPECT_EQ(mc.max_message_size, 10u);
  EXPECT_EQ(mc.max_headers, kMaxHeaders);
  EXPECT_EQ(mc.max_header_line_length, 5u);
  EXPECT_EQ(mc.max_uri_length, kMaxUriLength);
}

// --- robustness ---

// Calls every accessor; none may crash whatever the input.
void exercise(std::string_view bytes, bool stream) {
  ParseOptions o;
  o.stream = stream;
  auto r = Message::parse(bytes, o);
  if (!r) {
    EXPECT_NE(r.error(), ParseError::kNone);
    return;
  }
  const Message& m = *r;
  (void)m.validate();
  (void)m.request_uri();
  (void)m.top_via();
  (void)m.vias();
  (void)m.from();
  (void)m.to();
  (void)m.call_id();
  (void)m.cseq();
  (void)m.max_forwards();
  (void)m.expires();
  (void)m.contact();
  (void)m.contacts();
  (void)m.routes();
  (void)m.routes(HeaderId::kRecordRoute);
  (void)m.auth(HeaderId::kAuthorization);
  (void)m.auth(HeaderId::kProxyAuthorization);
  (void)m.auth(HeaderId::kWwwAuthenticate);
  (void)m.auth(HeaderId::kProxyAuthenticate);
  (void)m.content_type();
  (void)m.user_agent();
  (void)m.server();
  (void)m.header("X-Anything");
  for (const auto& h : m.headers()) {
    EXPECT_LE(h.line_begin, h.line_end);
    EXPECT_LE(h.line_end, m.raw().size());
    EXPECT_GE(h.value.data(), m.raw().data());
    EXPECT_LE(h.value.data() + h.value.size(), m.raw().data() + m.raw().size());
  }
  EXPECT_EQ(m.body().data() + m.body().size(), m.raw().data() + m.raw().size());
  EXPECT_LE(m.body_offset(), m.raw().size());
  // validate() twice gives the same answer (lazy caches are consistent).
  auto v1 = m.validate();
  auto v2 = m.validate();
  EXPECT_EQ(err(v1), err(v2));
}

TEST(Parser, RandomBytesNeverCrash) {
  std::mt19937 rng(20240611);
  std::uniform_int_distribution<int> len(0, 600);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int i = 0; i < 3000; ++i) {
    std::string s(static_cast<size_t>(len(rng)), '\0');
    for (auto& ch : s) ch = static_cast<char>(byte(rng));
    exercise(s, i % 2 == 0);
  }
}

TEST(Parser, RandomSipLikeBytesNeverCrash) {
  // Bytes drawn from the characters SIP uses, so that the parser gets deep into the grammar.
  const std::string_view alphabet = "SIP/2.0 INVITE sip:@;=,<>\"\\[]:?&%\r\n\t aAzZ09-.!*_+`'~()";
  std::mt19937 rng(7);
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> len(0, 300);
  for (int i = 0; i < 3000; ++i) {
    std::string s = "INVITE sip:a@b SIP/2.0\r\n";
    int n = len(rng);
    for (int k = 0; k < n; ++k) s.push_back(alphabet[pick(rng)]);
    s += "\r\n\r\n";
    exercise(s, i % 2 == 1);
  }
}

TEST(Parser, MutatedValidMessagesNeverCrash) {
  const std::string seeds[] = {kInvite, kOk,
                               join({"REGISTER sip:r SIP/2.0", "v: SIP/2.0/UDP [::1]:5060;rport;branch=z9hG4bK1",
                                     "m: \"A, b\" <sip:a@[::1]>;expires=5, *", "f: sip:a@b;tag=1", "t: sip:a@b",
                                     "i: x", "CSeq: 1 REGISTER",
                                     "Authorization: Digest username=\"a\", realm=\"r\", nonce=\"n\"", "l: 0"})};
  constexpr std::string_view kInsert("\r\n:;,<>\"\\ @\0", 12);
  std::mt19937 rng(42);
  for (const auto& seed : seeds) {
    std::uniform_int_distribution<size_t> pos(0, seed.size() - 1);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<int> edits(1, 8);
    for (int i = 0; i < 2000; ++i) {
      std::string s = seed;
      for (int e = edits(rng); e > 0; --e) {
        size_t p = pos(rng) % s.size();
        switch (byte(rng) % 3) {
          case 0: s[p] = static_cast<char>(byte(rng)); break;
          case 1: s.erase(p, 1); break;
          default: s.insert(p, 1, kInsert[static_cast<size_t>(byte(rng)) % kInsert.size()]); break;
        }
        if (s.empty()) s = "x";
      }
      exercise(s, i % 2 == 0);
    }
  }
}

TEST(Parser, EveryPrefixWithContentLength) {
  // Truncation at any byte: before the blank line the header section is unterminated, after it the
  // body is short. Only the full message parses.
  const size_t body_offset = kInvite.size() - 4;
  for (size_t n = 0; n <= kInvite.size(); ++n) {
    SCOPED_TRACE(n);
    std::string_view prefix = std::string_view(kInvite).substr(0, n);
    std::string_view expected = n == 0 ? "kEmpty"
                                : n < body_offset ? "kHeaderSectionUnterminated"
                                : n < kInvite.size() ? "kBodyTruncated"
                                                     : "kNone";
    EXPECT_EQ(parse_error(prefix), expected);
    exercise(prefix, false);
    exercise(prefix, true);
  }
}

TEST(Parser, EveryPrefixOfOtherMessages) {
  // Folded, compact and multi-value messages: a prefix is an error unless it is the whole message
  // (all of these carry Content-Length), and nothing crashes on the way.
  const std::string seeds[] = {
      kOk,
      join({"OPTIONS sip:bob@biloxi.com SIP/2.0", "Via: SIP/2.0/UDP a;branch=z9hG4bK1,", "  SIP/2.0/UDP b;branch=z9hG4bK2",
            "t: <sip:bob@biloxi.com>", "f: \"A, \\\"q\\\"\" <sip:alice@atlanta.com>", "\t;tag=1", "i: x@y",
            "CSeq: 7", " OPTIONS", "m: <sip:a@b>, \"c,d\" <sip:c@d>", "l: 3"},
           "xyz"),
  };
  for (const auto& seed : seeds) {
    const size_t body_offset = parse_ok(seed).body_offset();
    ASSERT_EQ(check(seed), "kNone");
    for (size_t n = 0; n <= seed.size(); ++n) {
      SCOPED_TRACE(n);
      std::string_view prefix = std::string_view(seed).substr(0, n);
      std::string_view expected = n == 0 ? "kEmpty"
                                  : n < body_offset ? "kHeaderSectionUnterminated"
                                  : n < seed.size() ? "kBodyTruncated"
                                                    : "kNone";
      EXPECT_EQ(parse_error(prefix), expected);
      exercise(prefix, n % 2 == 0);
    }
  }
}

TEST(Parser, EveryPrefixWithoutContentLength) {
  std::string text = kHead + "\r\nbody bytes";
  const size_t body_offset = kHead.size() + 2;
  for (size_t n = 0; n <= text.size(); ++n) {
    SCOPED_TRACE(n);
    std::string_view prefix = std::string_view(text).substr(0, n);
    auto r = Message::parse(prefix);
    if (n < body_offset) {
      ASSERT_FALSE(r);
      EXPECT_EQ(error_name(r.error()), n == 0 ? "kEmpty" : "kHeaderSectionUnterminated");
    } else {
      // A valid shorter parse: same headers, the body is whatever arrived.
      ASSERT_TRUE(r);
      EXPECT_EQ(r->headers().size(), 5u);
      EXPECT_EQ(r->body(), prefix.substr(body_offset));
      EXPECT_TRUE(r->validate());
    }
    exercise(prefix, true);
  }
}

}  // namespace
}  // namespace vg::sip
