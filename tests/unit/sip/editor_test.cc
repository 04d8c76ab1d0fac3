// Tests for src/sip/editor.cc: serializing a parsed message with headers added, removed, replaced,
// Vias pushed and popped, the Request-URI or the body changed.
#include "sip/editor.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "test_util.h"

namespace vg::sip {
namespace {

using test::check;
using test::join;
using test::kInvite;
using test::kOk;
using test::parse_ok;

// The serialized output must always parse and validate; returns it parsed for further checks.
Message reparse(const std::string& out) {
  EXPECT_EQ(check(out), "kNone") << out;
  return parse_ok(out);
}

std::vector<std::string_view> values(const Message& m, HeaderId id) {
  std::vector<std::string_view> out;
  for (const auto& h : m.headers()) {
    if (h.id == id) out.push_back(h.value);
  }
  return out;
}

const std::string kMultiVia = join({
    "SIP/2.0 200 OK",
    "v: SIP/2.0/UDP a.example.com;branch=z9hG4bK1, SIP/2.0/UDP b.example.com;branch=z9hG4bK2",
    "Via: SIP/2.0/UDP c.example.com;branch=z9hG4bK3",
    "To: <sip:bob@biloxi.com>;tag=2",
    "From: <sip:alice@atlanta.com>;tag=1",
    "Call-ID: x@y",
    "CSeq: 7 INVITE",
    "Content-Length: 0",
});

TEST(Editor, UnchangedMessageIsByteIdentical) {
  const std::string messages[] = {
      kInvite, kOk, kMultiVia,
      join({"REGISTER sip:registrar.biloxi.com SIP/2.0", "Via: SIP/2.0/UDP bobspc.biloxi.com:5060;branch=z9hG4bKnashds7",
            "Max-Forwards: 70", "To: Bob <sip:bob@biloxi.com>", "From: Bob <sip:bob@biloxi.com>;tag=456248",
            "Call-ID: 843817637684230@998sdasdh09", "CSeq: 1826 REGISTER", "Contact: <sip:bob@192.0.2.4>, <sip:b@c>",
            "X-Odd-Spacing :   kept   as   is", "Expires: 7200", "l: 0"}),
  };
  for (const auto& text : messages) {
    SCOPED_TRACE(text);
    Message m = parse_ok(text);
    std::string out = Editor(m).serialize();
    EXPECT_EQ(out, text);
    reparse(out);
  }
}

TEST(Editor, BareLfIsNormalisedToCrlf) {
  std::string text = kInvite;
  for (size_t p; (p = text.find("\r\n")) != std::string::npos;) text.erase(p, 1);
  Message m = parse_ok(text);
  std::string out = Editor(m).serialize();
  EXPECT_EQ(out, kInvite);
}

TEST(Editor, PushVia) {
  Message m = parse_ok(kInvite);
  std::string out = Editor(m).push_via("SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp1").serialize();
  Message r = reparse(out);
  auto vias = r.vias();
  ASSERT_TRUE(vias);
  ASSERT_EQ(vias->size(), 2u);
  EXPECT_EQ((*vias)[0].host, "proxy.example.com");
  EXPECT_EQ((*vias)[0].branch, "z9hG4bKp1");
  EXPECT_EQ((*vias)[1].host, "pc33.atlanta.com");
  EXPECT_EQ(r.headers()[0].name, "Via");
  EXPECT_EQ(r.body(), "v=0\n");
  // Everything else is untouched: the output is the original with one line inserted.
  std::string expected = kInvite;
  expected.insert(kInvite.find("Via:"), "Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp1\r\n");
  EXPECT_EQ(out, expected);
}

TEST(Editor, PushTwoViasNewestOnTop) {
  Message m = parse_ok(kInvite);
  std::string out = Editor(m).push_via("SIP/2.0/UDP first;branch=z9hG4bK1").push_via("SIP/2.0/UDP second;branch=z9hG4bK2").serialize();
  Message r = reparse(out);
  auto vias = r.vias();
  ASSERT_TRUE(vias);
  ASSERT_EQ(vias->size(), 3u);
  EXPECT_EQ((*vias)[0].host, "second");
  EXPECT_EQ((*vias)[1].host, "first");
  EXPECT_EQ((*vias)[2].host, "pc33.atlanta.com");
}

TEST(Editor, PushViaWhenNoneExists) {
  Message m = parse_ok("OPTIONS sip:x SIP/2.0\r\nTo: <sip:x>\r\nFrom: <sip:y>;tag=1\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n"
                       "Content-Length: 0\r\n\r\n");
  std::string out = Editor(m).push_via("SIP/2.0/UDP p;branch=z9hG4bK9").serialize();
  Message r = reparse(out);
  EXPECT_EQ(r.headers()[0].id, HeaderId::kVia);
  EXPECT_EQ(r.headers()[0].value, "SIP/2.0/UDP p;branch=z9hG4bK9");
}

TEST(Editor, PopViaFromOwnLine) {
  Message m = parse_ok(kOk);
  std::string out = Editor(m).pop_via().serialize();
  Message r = reparse(out);
  auto vias = r.vias();
  ASSERT_TRUE(vias);
  ASSERT_EQ(vias->size(), 2u);
  EXPECT_EQ((*vias)[0].host, "bigbox3.site3.atlanta.com");
  EXPECT_EQ((*vias)[1].host, "pc33.atlanta.com");
  EXPECT_EQ(out.find("server10"), std::string::npos);
}

TEST(Editor, PopViaFromMultiValueLine) {
  // "Via: a, b" -> pop leaves "b" on that line (the compact name is kept).
  Message m = parse_ok(kMultiVia);
  std::string out = Editor(m).pop_via().serialize();
  Message r = reparse(out);
  EXPECT_EQ(values(r, HeaderId::kVia),
            (std::vector<std::string_view>{"SIP/2.0/UDP b.example.com;branch=z9hG4bK2",
                                           "SIP/2.0/UDP c.example.com;branch=z9hG4bK3"}));
  EXPECT_NE(out.find("\r\nv: SIP/2.0/UDP b.example.com;branch=z9hG4bK2\r\n"), std::string::npos) << out;

  std::string out2 = Editor(m).pop_via().pop_via().serialize();
  Message r2 = reparse(out2);
  EXPECT_EQ(values(r2, HeaderId::kVia), (std::vector<std::string_view>{"SIP/2.0/UDP c.example.com;branch=z9hG4bK3"}));
  EXPECT_EQ(out2.find("v:"), std::string::npos);  // the emptied line is gone

  // Popping every Via leaves none (and validate() then reports it).
  std::string out3 = Editor(m).pop_via().pop_via().pop_via().pop_via().serialize();
  EXPECT_EQ(check(out3), "kMissingRequiredHeader");
  EXPECT_EQ(out3.find("Via"), std::string::npos);
}

TEST(Editor, RemoveMiddleValueOfList) {
  Message m = parse_ok(join({"OPTIONS sip:x SIP/2.0", "Via: SIP/2.0/UDP h;branch=z9hG4bK1", "To: <sip:x>",
                             "From: <sip:y>;tag=1", "Call-ID: c", "CSeq: 1 OPTIONS",
                             "Supported: timer, 100rel, path", "Content-Length: 0"}));
  // remove_first on a header whose first value is on a multi-value line.
  std::string out = Editor(m).remove_first(HeaderId::kSupported).serialize();
  Message r = reparse(out);
  EXPECT_EQ(values(r, HeaderId::kSupported), (std::vector<std::string_view>{"100rel", "path"}));
  EXPECT_NE(out.find("Supported: 100rel, path\r\n"), std::string::npos);
}

TEST(Editor, PushThenPopIsIdentity) {
  Message m = parse_ok(kInvite);
  std::string out = Editor(m).push_via("SIP/2.0/UDP p;branch=z9hG4bKx").pop_via().serialize();
  EXPECT_EQ(out, kInvite);
  // A second pop then removes the original top Via.
  std::string out2 = Editor(m).push_via("SIP/2.0/UDP p;branch=z9hG4bKx").pop_via().pop_via().serialize();
  EXPECT_EQ(out2.find("Via"), std::string::npos);
}

TEST(Editor, Replace) {
  Message m = parse_ok(kInvite);
  std::string out = Editor(m).replace(HeaderId::kMaxForwards, "69").serialize();
  Message r = reparse(out);
  auto mf = r.max_forwards();
  ASSERT_TRUE(mf);
  EXPECT_EQ(*mf, 69u);
  EXPECT_EQ(r.header_count(HeaderId::kMaxForwards), 1u);
  // Same position as the old line.
  EXPECT_EQ(r.headers()[1].id, HeaderId::kMaxForwards);
  std::string expected = kInvite;
  expected.replace(expected.find("Max-Forwards: 70"), 16, "Max-Forwards: 69");
  EXPECT_EQ(out, expected);

  // Replacing a multi-line list header leaves one line where the first one was.
  Message ok = parse_ok(kOk);
  std::string out2 = Editor(ok).replace(HeaderId::kVia, "SIP/2.0/UDP only;branch=z9hG4bK0").serialize();
  Message r2 = reparse(out2);
  EXPECT_EQ(values(r2, HeaderId::kVia), (std::vector<std::string_view>{"SIP/2.0/UDP only;branch=z9hG4bK0"}));
  EXPECT_EQ(r2.headers()[0].id, HeaderId::kVia);

  // Replacing an absent header appends it.
  std::string out3 = Editor(m).replace(HeaderId::kUserAgent, "voipguard").serialize();
  Message r3 = reparse(out3);
  EXPECT_EQ(r3.user_agent(), "voipguard");
  EXPECT_EQ(r3.body(), "v=0\n");
}

TEST(Editor, ReplaceContentLengthKeepsOneLine) {
  // Content-Length belongs to the editor: replacing it must not produce two Content-Length lines.
  Message m = parse_ok(kInvite);
  std::string out = Editor(m).replace(HeaderId::kContentLength, "4").serialize();
  Message r = reparse(out);
  EXPECT_EQ(r.header_count(HeaderId::kContentLength), 1u);
  EXPECT_EQ(r.body(), "v=0\n");

  // A wrong caller-supplied value cannot desynchronise framing: the length always matches the body.
  for (std::string wrong : {Editor(m).replace(HeaderId::kContentLength, "999").serialize(),
                            Editor(m).append(HeaderId::kContentLength, "0").serialize(),
                            Editor(m).append("l", "1").set_body("abc").serialize()}) {
    SCOPED_TRACE(wrong);
    Message w = reparse(wrong);
    EXPECT_EQ(w.header_count(HeaderId::kContentLength), 1u);
    EXPECT_EQ(w.content_length(), std::optional<size_t>(w.body().size()));
  }
}

TEST(Editor, AppendAndRemove) {
  Message m = parse_ok(kInvite);
  std::string out = Editor(m)
                        .append("X-Trace", "abc")
                        .append(HeaderId::kRecordRoute, "<sip:proxy.example.com;lr>")
                        .remove(HeaderId::kContact)
                        .remove("content-type")
                        .serialize();
  Message r = reparse(out);
  EXPECT_EQ(r.header_count(HeaderId::kContact), 0u);
  EXPECT_EQ(r.header_count(HeaderId::kContentType), 0u);
  ASSERT_NE(r.header("X-Trace"), nullptr);
  EXPECT_EQ(r.header("X-Trace")->value, "abc");
  auto rr = r.routes(HeaderId::kRecordRoute);
  ASSERT_TRUE(rr);
  ASSERT_EQ(rr->size(), 1u);
  EXPECT_EQ((*rr)[0].uri.host, "proxy.example.com");
  EXPECT_EQ(r.body(), "v=0\n");
  // Appended lines come after the original headers (Content-Length stays where it was).
  EXPECT_LT(out.find("Content-Length: 4"), out.find("X-Trace: abc"));
}

TEST(Editor, RemoveUnknownHeaderByName) {
  Message m = parse_ok(join({"OPTIONS sip:x SIP/2.0", "Via: SIP/2.0/UDP h;branch=z9hG4bK1", "X-A: 1", "To: <sip:x>",
                             "x-a: 2", "From: <sip:y>;tag=1", "Call-ID: c", "CSeq: 1 OPTIONS", "X-B: keep",
                             "Content-Length: 0"}));
  std::string out = Editor(m).remove("X-A").serialize();
  Message r = reparse(out);
  EXPECT_EQ(r.header("X-A"), nullptr);
  EXPECT_NE(r.header("X-B"), nullptr);
  // Compact and full names remove the same header.
  std::string out2 = Editor(m).remove("i").serialize();
  EXPECT_EQ(out2.find("Call-ID"), std::string::npos);
}

TEST(Editor, RemoveAlsoDropsInsertedLines) {
  Message m = parse_ok(kInvite);
  std::string by_id = Editor(m).append(HeaderId::kRecordRoute, "<sip:p;lr>").remove(HeaderId::kRecordRoute).serialize();
  EXPECT_EQ(by_id, kInvite);
  std::string by_name = Editor(m).append("X-Tmp", "1").remove("X-Tmp").serialize();
  EXPECT_EQ(by_name, kInvite);
}

TEST(Editor, SetBodyRewritesContentLength) {
  Message m = parse_ok(kInvite);
  const std::string sdp = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n";
  std::string out = Editor(m).set_body(sdp).serialize();
  Message r = reparse(out);
  EXPECT_EQ(r.body(), sdp);
  EXPECT_EQ(r.content_length(), std::optional<size_t>(sdp.size()));
  EXPECT_EQ(r.header_count(HeaderId::kContentLength), 1u);
  // The Content-Length line stays in place.
  EXPECT_EQ(r.headers().back().id, HeaderId::kContentLength);

  std::string empty = Editor(m).set_body("").serialize();
  Message e = reparse(empty);
  EXPECT_EQ(e.body(), "");
  EXPECT_EQ(e.content_length(), std::optional<size_t>(0));

  // Compact Content-Length keeps its compact name.
  Message compact = parse_ok(join({"MESSAGE sip:x SIP/2.0", "v: SIP/2.0/UDP h;branch=z9hG4bK1", "t: <sip:x>",
                                   "f: <sip:y>;tag=1", "i: c", "CSeq: 1 MESSAGE", "l: 2"},
                                  "hi"));
  std::string c = Editor(compact).set_body("hello").serialize();
  EXPECT_NE(c.find("\r\nl: 5\r\n"), std::string::npos) << c;
  EXPECT_EQ(reparse(c).body(), "hello");
}

TEST(Editor, ContentLengthAddedWhenMissing) {
  // A datagram without Content-Length: the output always carries one (stream transports need it).
  Message m = parse_ok(join({"MESSAGE sip:x SIP/2.0", "Via: SIP/2.0/UDP h;branch=z9hG4bK1", "To: <sip:x>",
                             "From: <sip:y>;tag=1", "Call-ID: c", "CSeq: 1 MESSAGE"},
                            "body"));
  std::string out = Editor(m).serialize();
  Message r = reparse(out);
  EXPECT_EQ(r.content_length(), std::optional<size_t>(4));
  EXPECT_EQ(r.body(), "body");
  ParseOptions stream;
  stream.stream = true;
  auto s = Message::parse(out, stream);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->body(), "body");

  std::string out2 = Editor(m).remove(HeaderId::kContentLength).set_body("xy").serialize();
  Message r2 = reparse(out2);
  EXPECT_EQ(r2.header_count(HeaderId::kContentLength), 1u);
  EXPECT_EQ(r2.body(), "xy");
}

TEST(Editor, DatagramTrailingBytesAreNotCopied) {
  std::string text = kInvite + "garbage after the body";
  Message m = parse_ok(text);
  EXPECT_EQ(Editor(m).serialize(), kInvite);
}

TEST(Editor, SetRequestUri) {
  Message m = parse_ok(kInvite);
  std::string out = Editor(m).set_request_uri("sip:bob@192.0.2.4:5060;transport=udp").serialize();
  Message r = reparse(out);
  EXPECT_EQ(r.request_uri_text(), "sip:bob@192.0.2.4:5060;transport=udp");
  auto uri = r.request_uri();
  ASSERT_TRUE(uri);
  EXPECT_EQ((*uri)->host, "192.0.2.4");
  EXPECT_EQ((*uri)->port, 5060);
  EXPECT_EQ(r.start_line(), "INVITE sip:bob@192.0.2.4:5060;transport=udp SIP/2.0");
  EXPECT_EQ(out.substr(out.find("\r\n")), kInvite.substr(kInvite.find("\r\n")));

  // A response has no Request-URI: its status line is kept.
  Message ok = parse_ok(kOk);
  EXPECT_EQ(Editor(ok).set_request_uri("sip:ignored").serialize(), kOk);
}

TEST(Editor, FoldedHeadersAreReemittedOnOneLine) {
  std::string text = join({"OPTIONS sip:x SIP/2.0", "Via: SIP/2.0/UDP h", "  ;branch=z9hG4bK1", "To: <sip:x>",
                           "From: <sip:y>", "\t;tag=1", "Call-ID: c", "CSeq: 1 OPTIONS", "Subject: a,", " b",
                           "Content-Length: 0"});
  Message m = parse_ok(text);
  std::string out = Editor(m).push_via("SIP/2.0/UDP p;branch=z9hG4bK2").serialize();
  Message r = reparse(out);
  auto vias = r.vias();
  ASSERT_TRUE(vias);
  ASSERT_EQ(vias->size(), 2u);
  EXPECT_EQ((*vias)[1].branch, "z9hG4bK1");
  auto from = r.from();
  ASSERT_TRUE(from);
  EXPECT_EQ((*from)->tag(), "1");
  // Every line of the output is a header line (no continuation lines left).
  size_t pos = out.find("\r\n") + 2;
  while (pos < out.size()) {
    size_t e = out.find("\r\n", pos);
    ASSERT_NE(e, std::string::npos);
    if (e == pos) break;
    EXPECT_NE(out[pos], ' ');
    EXPECT_NE(out[pos], '\t');
    pos = e + 2;
  }
}

TEST(Editor, CombinedEditsReparse) {
  // A proxy's typical edit set on a request, then on the response coming back.
  Message req = parse_ok(kInvite);
  std::string fwd = Editor(req)
                        .push_via("SIP/2.0/UDP proxy.example.com:5060;branch=z9hG4bKproxy1;rport")
                        .replace(HeaderId::kMaxForwards, "69")
                        .prepend(HeaderId::kRecordRoute, "<sip:proxy.example.com;lr>")
                        .set_request_uri("sip:bob@192.0.2.4")
                        .set_body("v=0\r\ns=-\r\n")
                        .serialize();
  Message f = reparse(fwd);
  EXPECT_EQ(f.request_uri_text(), "sip:bob@192.0.2.4");
  EXPECT_EQ(f.body(), "v=0\r\ns=-\r\n");
  EXPECT_EQ(f.header_count(HeaderId::kVia), 2u);
  EXPECT_EQ(f.header_count(HeaderId::kRecordRoute), 1u);
  auto top = f.top_via();
  ASSERT_TRUE(top);
  EXPECT_EQ((*top)->branch, "z9hG4bKproxy1");
  EXPECT_TRUE((*top)->has_rport);

  Message resp = parse_ok(kOk);
  std::string back = Editor(resp).pop_via().append("Server", "voipguard").serialize();
  Message b = reparse(back);
  EXPECT_EQ(b.header_count(HeaderId::kVia), 2u);
  EXPECT_EQ(b.server(), "voipguard");
  EXPECT_EQ(b.status_code(), 200);
}

}  // namespace
}  // namespace vg::sip

namespace vg::sip {
namespace {

TEST(EditorInjection, InsertedValuesCannotAddHeaderLines) {
  auto m = Message::parse(
      "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\n"
      "Call-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
  ASSERT_TRUE(m);
  Editor e(*m);
  e.append("X-Note", "evil\r\nVia: SIP/2.0/UDP attacker;branch=z9hG4bK2");
  auto out = Message::parse(e.serialize());
  ASSERT_TRUE(out);
  EXPECT_EQ(out->header_count(HeaderId::kVia), 1u);
  Editor e2(*m);
  e2.set_request_uri("sip:x@y\r\nX: 1");
  EXPECT_EQ(e2.serialize().find("\r\nX: 1"), std::string::npos);
}

}  // namespace
}  // namespace vg::sip
