// Tests for src/sip/framer.cc: stream framing (RFC 3261 §18.3) and RFC 5626 keepalives.
#include "sip/framer.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "sip/message.h"
#include "test_util.h"

namespace vg::sip {
namespace {

using test::join;
using test::kInvite;
using test::kOk;

const std::string kBye = join(
    {
        "BYE sip:alice@pc33.atlanta.com SIP/2.0",
        "Via: SIP/2.0/TCP 192.0.2.4;branch=z9hG4bKnashds10",
        "From: Bob <sip:bob@biloxi.com>;tag=a6c85cf",
        "To: Alice <sip:alice@atlanta.com>;tag=1928301774",
        "Call-ID: a84b4c76e66710",
        "CSeq: 231 BYE",
        "l: 11",
    },
    "hello\r\n\r\nyo");  // a body holding a blank line must not confuse framing

std::string_view name(FrameStatus s) {
  switch (s) {
    case FrameStatus::kNeedMore: return "kNeedMore";
    case FrameStatus::kComplete: return "kComplete";
    case FrameStatus::kKeepalive: return "kKeepalive";
    case FrameStatus::kMalformed: return "kMalformed";
  }
  return "?";
}

TEST(Framer, EmptyBufferNeedsMore) {
  Frame f = frame_stream("");
  EXPECT_EQ(name(f.status), "kNeedMore");
  EXPECT_EQ(f.consumed, 0u);
}

TEST(Framer, OneCompleteMessage) {
  for (const std::string* m : {&kInvite, &kOk, &kBye}) {
    SCOPED_TRACE(*m);
    Frame f = frame_stream(*m);
    ASSERT_EQ(name(f.status), "kComplete");
    EXPECT_EQ(f.consumed, m->size());
    EXPECT_EQ(f.skipped, 0u);
    EXPECT_EQ(f.error, ParseError::kNone);
    EXPECT_EQ(f.message(*m), *m);
    // What the framer cut parses in stream mode with the same body.
    ParseOptions o;
    o.stream = true;
    auto parsed = Message::parse(f.message(*m), o);
    ASSERT_TRUE(parsed);
    EXPECT_TRUE(parsed->validate());
  }
  auto bye = Message::parse(kBye, {{}, true});
  ASSERT_TRUE(bye);
  EXPECT_EQ(bye->body(), "hello\r\n\r\nyo");
}

TEST(Framer, TwoMessagesInOneBuffer) {
  std::string buf = kInvite + kBye;
  Frame f = frame_stream(buf);
  ASSERT_EQ(name(f.status), "kComplete");
  EXPECT_EQ(f.consumed, kInvite.size());
  EXPECT_EQ(f.message(buf), kInvite);
  std::string_view rest = std::string_view(buf).substr(f.consumed);
  EXPECT_EQ(rest.substr(0, 3), "BYE");
  Frame g = frame_stream(rest);
  ASSERT_EQ(name(g.status), "kComplete");
  EXPECT_EQ(g.message(rest), kBye);
  EXPECT_EQ(g.consumed, rest.size());
}

TEST(Framer, BareLfLineEnds) {
  std::string m = "OPTIONS sip:x SIP/2.0\nVia: SIP/2.0/TCP h\nContent-Length: 2\n\nab";
  Frame f = frame_stream(m + "OPTIONS");
  ASSERT_EQ(name(f.status), "kComplete");
  EXPECT_EQ(f.consumed, m.size());
  std::string mixed = "OPTIONS sip:x SIP/2.0\r\nContent-Length: 1\n\r\nz";
  Frame g = frame_stream(mixed);
  ASSERT_EQ(name(g.status), "kComplete");
  EXPECT_EQ(g.consumed, mixed.size());
}

TEST(Framer, SplitAtEveryOffset) {
  for (const std::string* m : {&kInvite, &kBye}) {
    for (size_t n = 0; n < m->size(); ++n) {
      SCOPED_TRACE(n);
      std::string_view prefix = std::string_view(*m).substr(0, n);
      EXPECT_EQ(name(frame_stream(prefix).status), "kNeedMore");
    }
  }
}

TEST(Framer, StreamFramerGrowingBuffer) {
  // One framer per connection; the buffer grows one byte per read (worst-case trickle).
  const std::string stream = kInvite + "\r\n\r\n" + kBye + "\r\n" + kOk;
  StreamFramer framer;
  std::string buf;
  std::vector<std::string> messages;
  int pings = 0, pongs = 0;
  for (char ch : stream) {
    buf.push_back(ch);
    while (true) {
      Frame f = framer.next(buf);
      ASSERT_NE(name(f.status), "kMalformed") << error_name(f.error);
      if (f.status == FrameStatus::kNeedMore) break;
      if (f.status == FrameStatus::kComplete) messages.emplace_back(f.message(buf));
      if (f.status == FrameStatus::kKeepalive) (f.ping ? pings : pongs) += 1;
      ASSERT_GT(f.consumed, 0u);
      buf.erase(0, f.consumed);
    }
  }
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[0], kInvite);
  EXPECT_EQ(messages[1], kBye);
  EXPECT_EQ(messages[2], kOk);
  EXPECT_TRUE(buf.empty());
  // Byte-by-byte, a CRLFCRLF arrives as two CRLFs; what matters here is that nothing is lost.
  EXPECT_GE(pings + pongs, 2);
}

TEST(Framer, StreamFramerEverySplitPoint) {
  // Two reads: the first n bytes, then the rest. The framer must give kNeedMore until complete,
  // then exactly the message.
  for (const std::string* m : {&kInvite, &kBye, &kOk}) {
    for (size_t n = 1; n < m->size(); ++n) {
      SCOPED_TRACE(n);
      StreamFramer framer;
      std::string_view first = std::string_view(*m).substr(0, n);
      Frame a = framer.next(first);
      ASSERT_EQ(name(a.status), "kNeedMore");
      Frame b = framer.next(*m);
      ASSERT_EQ(name(b.status), "kComplete");
      EXPECT_EQ(b.message(*m), *m);
      EXPECT_EQ(b.consumed, m->size());
    }
  }
}

TEST(Framer, BodyArrivingLater) {
  const size_t header_size = kBye.size() - 11;
  StreamFramer framer;
  std::string buf = kBye.substr(0, header_size);  // the whole header section, no body yet
  EXPECT_EQ(name(framer.next(buf).status), "kNeedMore");
  buf += "hello";
  EXPECT_EQ(name(framer.next(buf).status), "kNeedMore");
  buf += "\r\n\r\n";  // a blank line inside the body
  EXPECT_EQ(name(framer.next(buf).status), "kNeedMore");
  buf += "yo";
  Frame f = framer.next(buf);
  ASSERT_EQ(name(f.status), "kComplete");
  EXPECT_EQ(f.message(buf), kBye);

  // Same with the stateless function.
  EXPECT_EQ(name(frame_stream(kBye.substr(0, header_size + 3)).status), "kNeedMore");
  EXPECT_EQ(name(frame_stream(kBye).status), "kComplete");
}

TEST(Framer, BlankLineInBodyIsNotAHeaderEnd) {
  // Once the header section has been seen, a later read must not restart the blank-line search
  // inside the body: a body that looks like another header section would desynchronise the stream.
  const std::string body = "x\r\n\r\nContent-Length: 0\r\n\r\n";
  const std::string m = join({"MESSAGE sip:x SIP/2.0", "Content-Length: " + std::to_string(body.size())}, body);
  const std::string next = join({"OPTIONS sip:y SIP/2.0", "Content-Length: 0"});
  const size_t header_size = m.size() - body.size();
  for (size_t first_read = header_size; first_read < m.size(); ++first_read) {
    SCOPED_TRACE(first_read);
    StreamFramer framer;
    std::string buf = m.substr(0, first_read);
    ASSERT_EQ(name(framer.next(buf).status), "kNeedMore");
    buf = m + next;
    Frame f = framer.next(buf);
    ASSERT_EQ(name(f.status), "kComplete") << error_name(f.error);
    EXPECT_EQ(f.message(buf), m);
    buf.erase(0, f.consumed);
    Frame g = framer.next(buf);
    ASSERT_EQ(name(g.status), "kComplete");
    EXPECT_EQ(g.message(buf), next);
  }
}

TEST(Framer, Keepalives) {
  struct Case {
    std::string_view buf;
    size_t consumed;
    bool ping;
  };
  const Case cases[] = {
      {"\r\n\r\n", 4, true},   // RFC 5626 §3.5.1 ping
      {"\r\n", 2, false},      // pong
      {"\n\n", 2, true},
      {"\r\n\r\n\r\n", 6, true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(testing::PrintToString(std::string(c.buf)));
    Frame f = frame_stream(c.buf);
    ASSERT_EQ(name(f.status), "kKeepalive");
    EXPECT_EQ(f.consumed, c.consumed);
    EXPECT_EQ(f.ping, c.ping);
  }
}

TEST(Framer, PingBeforeAndBetweenMessages) {
  // A ping coalesced with the next message must still be reported, so the pong gets sent.
  std::string buf = "\r\n\r\n" + kInvite + "\r\n\r\n" + kBye;
  std::vector<std::string> events;
  std::string_view rest = buf;
  while (!rest.empty()) {
    Frame f = frame_stream(rest);
    ASSERT_TRUE(f.status == FrameStatus::kComplete || f.status == FrameStatus::kKeepalive) << name(f.status);
    if (f.status == FrameStatus::kKeepalive) {
      events.push_back(f.ping ? "ping" : "pong");
    } else {
      events.push_back(std::string(f.message(rest).substr(0, 3)));
    }
    rest.remove_prefix(f.consumed);
  }
  EXPECT_EQ(events, (std::vector<std::string>{"ping", "INV", "ping", "BYE"}));
}

TEST(Framer, PongBeforeMessageIsSkipped) {
  // A lone CRLF needs no answer: it may be skipped as part of the next message.
  std::string buf = "\r\n" + kInvite;
  Frame f = frame_stream(buf);
  if (f.status == FrameStatus::kKeepalive) {
    EXPECT_FALSE(f.ping);
    EXPECT_EQ(f.consumed, 2u);
    f = frame_stream(std::string_view(buf).substr(2));
    ASSERT_EQ(name(f.status), "kComplete");
    EXPECT_EQ(f.consumed, kInvite.size());
  } else {
    ASSERT_EQ(name(f.status), "kComplete");
    EXPECT_EQ(f.skipped, 2u);
    EXPECT_EQ(f.consumed, buf.size());
    EXPECT_EQ(f.message(buf), kInvite);
  }
}

TEST(Framer, PingBeforePartialMessage) {
  std::string buf = "\r\n\r\n" + kInvite.substr(0, 20);
  Frame f = frame_stream(buf);
  ASSERT_EQ(name(f.status), "kKeepalive");
  EXPECT_TRUE(f.ping);
  EXPECT_EQ(f.consumed, 4u);
  EXPECT_EQ(name(frame_stream(std::string_view(buf).substr(4)).status), "kNeedMore");
}

TEST(Framer, MissingContentLengthIsMalformed) {
  // RFC 3261 §18.3: Content-Length is mandatory on stream transports; without it the end of the
  // message cannot be known, so the connection is closed.
  std::string m = join({"OPTIONS sip:x SIP/2.0", "Via: SIP/2.0/TCP h"});
  Frame f = frame_stream(m);
  EXPECT_EQ(name(f.status), "kMalformed");
  EXPECT_EQ(f.error, ParseError::kMissingRequiredHeader);
}

TEST(Framer, ContentLengthErrors) {
  struct Case {
    std::string_view line;
    ParseError error;
  };
  const Case cases[] = {
      {"Content-Length: abc", ParseError::kBadContentLength},
      {"Content-Length: -1", ParseError::kBadContentLength},
      {"Content-Length: ", ParseError::kBadContentLength},
      {"Content-Length: 99999999999999999999999", ParseError::kBadContentLength},
      {"Content-Length: 65536", ParseError::kTooLarge},
      {"Content-Length: 18446744073709551615", ParseError::kTooLarge},
      {"Content-Length: 1\r\nContent-Length: 1", ParseError::kContentLengthConflict},
      {"l: 1\r\nContent-Length: 1", ParseError::kContentLengthConflict},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.line);
    std::string m = join({"OPTIONS sip:x SIP/2.0", c.line});
    Frame f = frame_stream(m);
    EXPECT_EQ(name(f.status), "kMalformed");
    EXPECT_EQ(error_name(f.error), error_name(c.error));
  }
}

TEST(Framer, ContentLengthAboveConfiguredLimit) {
  Limits l;
  l.max_message_size = 1000;
  std::string ok = join({"OPTIONS sip:x SIP/2.0", "Content-Length: 900"});
  EXPECT_EQ(name(frame_stream(ok, l).status), "kNeedMore");
  // Header section plus body over the limit.
  std::string over = join({"OPTIONS sip:x SIP/2.0", "Content-Length: 990"});
  Frame f = frame_stream(over, l);
  EXPECT_EQ(name(f.status), "kMalformed");
  EXPECT_EQ(f.error, ParseError::kTooLarge);
}

TEST(Framer, UnterminatedHeaderSectionIsBounded) {
  // Slowloris: a header section that never ends is cut off at the size limit.
  std::string buf = "OPTIONS sip:x SIP/2.0\r\n";
  while (buf.size() <= kMaxMessageSize) buf += "X-Pad: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n";
  Frame f = frame_stream(buf);
  EXPECT_EQ(name(f.status), "kMalformed");
  EXPECT_EQ(f.error, ParseError::kTooLarge);
  EXPECT_EQ(name(frame_stream(std::string_view(buf).substr(0, kMaxMessageSize - 10)).status), "kNeedMore");

  Limits l;
  l.max_message_size = 200;
  EXPECT_EQ(name(frame_stream(std::string_view(buf).substr(0, 200), l).status), "kNeedMore");
  Frame g = frame_stream(std::string_view(buf).substr(0, 201), l);
  EXPECT_EQ(name(g.status), "kMalformed");
  EXPECT_EQ(g.error, ParseError::kTooLarge);

  // Through the StreamFramer, trickled.
  StreamFramer framer(l);
  std::string trickle;
  Frame last;
  for (char ch : buf) {
    trickle.push_back(ch);
    last = framer.next(trickle);
    if (last.status != FrameStatus::kNeedMore) break;
  }
  EXPECT_EQ(name(last.status), "kMalformed");
  EXPECT_EQ(trickle.size(), 201u);
}

TEST(Framer, NulInHeaderSection) {
  // The framer only finds boundaries; whether a NUL is acceptable is the parser's call. A raw NUL
  // in a header is rejected once framed...
  std::string m = kInvite;
  m[m.find("Alice")] = '\0';
  Frame f = frame_stream(m);
  ASSERT_EQ(name(f.status), "kComplete");
  EXPECT_EQ(f.consumed, m.size());
  EXPECT_EQ(test::parse_error(f.message(m), {{}, true}), "kNulByte");
  // ...but an escaped NUL in a quoted string is valid (RFC 3261 §25.1 quoted-pair, RFC 4475
  // §3.1.1.4), over TCP as over UDP.
  std::string q = kInvite;
  q.replace(q.find("To: Bob"), 7, std::string("To: \"B\\\0b\"", 10));
  Frame g = frame_stream(q);
  ASSERT_EQ(name(g.status), "kComplete");
  EXPECT_EQ(g.consumed, q.size());
  EXPECT_EQ(test::check(g.message(q), {{}, true}), "kNone");
  // A NUL in the body is fine.
  std::string body_nul = join({"MESSAGE sip:x SIP/2.0", "Content-Length: 3"}) + std::string("a\0b", 3);
  EXPECT_EQ(name(frame_stream(body_nul).status), "kComplete");
}

TEST(Framer, AgreesWithTheParserOnMessageLength) {
  // Differential check against request smuggling: whenever the framer cuts a message, the parser
  // (stream mode) either rejects it or uses exactly those bytes, never fewer.
  const std::string seeds[] = {kInvite, kOk, kBye,
                               join({"MESSAGE sip:x SIP/2.0", "Subject: a,", " Content-Length: 9", "l: 2"}, "ab")};
  constexpr std::string_view kInsert("\r\n :l0123456789", 16);
  std::mt19937 rng(99);
  std::uniform_int_distribution<int> byte(0, 255);
  int framed_count = 0, parsed_count = 0;
  for (const auto& seed : seeds) {
    std::uniform_int_distribution<size_t> pos(0, seed.size() - 1);
    for (int i = 0; i < 3000; ++i) {
      std::string s = seed;
      for (int e = 1 + byte(rng) % 4; e > 0 && !s.empty(); --e) {
        size_t p = pos(rng) % s.size();
        switch (byte(rng) % 3) {
          case 0: s[p] = kInsert[static_cast<size_t>(byte(rng)) % kInsert.size()]; break;
          case 1: s.erase(p, 1); break;
          default: s.insert(p, 1, kInsert[static_cast<size_t>(byte(rng)) % kInsert.size()]); break;
        }
      }
      s += "OPTIONS sip:next SIP/2.0\r\nContent-Length: 0\r\n\r\n";
      Frame f = frame_stream(s);
      if (f.status != FrameStatus::kComplete) continue;
      std::string_view framed = f.message(s);
      ++framed_count;
      auto m = Message::parse(framed, {{}, true});
      if (m) {
        ++parsed_count;
        EXPECT_EQ(m->raw().size(), framed.size()) << testing::PrintToString(std::string(framed));
      }
    }
  }
  EXPECT_GT(framed_count, 1000);  // the mutations are mild enough to exercise both sides
  EXPECT_GT(parsed_count, 500);
}

TEST(Framer, ContentLengthLookupIgnoresOtherHeaders) {
  // Only a real Content-Length header counts: not a continuation line, not a header with a longer
  // name, not the start line.
  std::string m = join({"OPTIONS sip:Content-Length:5 SIP/2.0", "X-Content-Length: 99", "Subject: a",
                        " Content-Length: 77", "Content-Length : 2"},
                       "ab");
  Frame f = frame_stream(m);
  ASSERT_EQ(name(f.status), "kComplete");
  EXPECT_EQ(f.consumed, m.size());
}

}  // namespace
}  // namespace vg::sip
