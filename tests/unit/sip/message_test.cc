// Tests for src/sip/message.cc: start line fields, header access, typed lazy accessors, validate().
// Framing and hostile input are in parser_test.cc.
#include "sip/message.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

// A request with the five mandatory headers plus extra lines; CSeq method follows the request.
std::string request(std::string_view method, std::initializer_list<std::string_view> extra = {},
                    std::string_view uri = "sip:bob@biloxi.com") {
  std::string out = std::string(method) + " " + std::string(uri) + " SIP/2.0\r\n";
  out += "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds\r\n";
  out += "To: <sip:bob@biloxi.com>\r\n";
  out += "From: <sip:alice@atlanta.com>;tag=1\r\n";
  out += "Call-ID: abc@pc33\r\n";
  out += "CSeq: 1 " + std::string(method) + "\r\n";
  for (auto l : extra) {
    out.append(l);
    out.append("\r\n");
  }
  out += "\r\n";
  return out;
}

// The mandatory headers of a request, each as one line, for building variants.
const std::vector<std::string_view> kMandatory = {
    "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds",
    "To: <sip:bob@biloxi.com>",
    "From: <sip:alice@atlanta.com>;tag=1",
    "Call-ID: abc@pc33",
    "CSeq: 1 OPTIONS",
};

std::string options_with(std::vector<std::string_view> headers) {
  std::string out = "OPTIONS sip:bob@biloxi.com SIP/2.0\r\n";
  for (auto h : headers) {
    out.append(h);
    out.append("\r\n");
  }
  out += "\r\n";
  return out;
}

// --- requests and responses ---

TEST(Message, RequestFields) {
  Message m = parse_ok(kInvite);
  EXPECT_TRUE(m.is_request());
  EXPECT_FALSE(m.is_response());
  EXPECT_EQ(m.method(), Method::kInvite);
  EXPECT_EQ(m.method_name(), "INVITE");
  EXPECT_EQ(m.request_uri_text(), "sip:bob@biloxi.com");
  EXPECT_EQ(m.version(), "SIP/2.0");
  EXPECT_EQ(m.status_code(), 0);
  EXPECT_EQ(m.reason(), "");
  EXPECT_EQ(m.start_line(), "INVITE sip:bob@biloxi.com SIP/2.0");
  EXPECT_EQ(m.raw(), kInvite);
  EXPECT_EQ(m.headers_offset(), std::string_view("INVITE sip:bob@biloxi.com SIP/2.0\r\n").size());
  EXPECT_EQ(m.body_offset(), kInvite.size() - 4);
  EXPECT_EQ(m.body(), "v=0\n");
  EXPECT_EQ(m.content_length(), std::optional<size_t>(4));
  EXPECT_TRUE(m.validate());

  auto hs = m.headers();
  ASSERT_EQ(hs.size(), 9u);
  const std::pair<std::string_view, std::string_view> expected[] = {
      {"Via", "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds"},
      {"Max-Forwards", "70"},
      {"To", "Bob <sip:bob@biloxi.com>"},
      {"From", "Alice <sip:alice@atlanta.com>;tag=1928301774"},
      {"Call-ID", "a84b4c76e66710@pc33.atlanta.com"},
      {"CSeq", "314159 INVITE"},
      {"Contact", "<sip:alice@pc33.atlanta.com>"},
      {"Content-Type", "application/sdp"},
      {"Content-Length", "4"},
  };
  for (size_t i = 0; i < hs.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(hs[i].name, expected[i].first);
    EXPECT_EQ(hs[i].value, expected[i].second);
    EXPECT_EQ(hs[i].id, lookup_header(expected[i].first));
    // line_begin/line_end delimit the full line including CRLF.
    std::string_view line = m.raw().substr(hs[i].line_begin, hs[i].line_end - hs[i].line_begin);
    EXPECT_EQ(line, std::string(expected[i].first) + ": " + std::string(expected[i].second) + "\r\n");
  }

  auto uri = m.request_uri();
  ASSERT_TRUE(uri);
  EXPECT_EQ((*uri)->user, "bob");
  EXPECT_EQ((*uri)->host, "biloxi.com");
  auto via = m.top_via();
  ASSERT_TRUE(via);
  EXPECT_EQ((*via)->host, "pc33.atlanta.com");
  EXPECT_EQ((*via)->branch, "z9hG4bK776asdhds");
  EXPECT_TRUE((*via)->rfc3261_branch());
  auto from = m.from();
  ASSERT_TRUE(from);
  EXPECT_EQ((*from)->display_name, "Alice");
  EXPECT_EQ((*from)->tag(), "1928301774");
  EXPECT_EQ((*from)->uri.user, "alice");
  auto to = m.to();
  ASSERT_TRUE(to);
  EXPECT_EQ((*to)->display_name, "Bob");
  EXPECT_FALSE((*to)->tag().has_value());
  auto call_id = m.call_id();
  ASSERT_TRUE(call_id);
  EXPECT_EQ(*call_id, "a84b4c76e66710@pc33.atlanta.com");
  auto cseq = m.cseq();
  ASSERT_TRUE(cseq);
  EXPECT_EQ(cseq->number, 314159u);
  EXPECT_EQ(cseq->method_name, "INVITE");
  EXPECT_EQ(cseq->method, Method::kInvite);
  auto mf = m.max_forwards();
  ASSERT_TRUE(mf);
  EXPECT_EQ(*mf, 70u);
  auto contact = m.contact();
  ASSERT_TRUE(contact);
  EXPECT_EQ((*contact)->uri.host, "pc33.atlanta.com");
  EXPECT_EQ(m.content_type(), "application/sdp");
  EXPECT_EQ(err(m.expires()), "kMissingHeader");
  EXPECT_EQ(err(m.auth(HeaderId::kAuthorization)), "kMissingHeader");
  EXPECT_EQ(m.user_agent(), "");
  EXPECT_EQ(m.server(), "");
}

TEST(Message, ResponseFields) {
  Message m = parse_ok(kOk);
  EXPECT_TRUE(m.is_response());
  EXPECT_FALSE(m.is_request());
  EXPECT_EQ(m.status_code(), 200);
  EXPECT_EQ(m.reason(), "OK");
  EXPECT_EQ(m.version(), "SIP/2.0");
  EXPECT_EQ(m.method_name(), "");
  EXPECT_EQ(m.request_uri_text(), "");
  EXPECT_EQ(m.start_line(), "SIP/2.0 200 OK");
  EXPECT_EQ(m.body(), "");
  EXPECT_EQ(m.content_length(), std::optional<size_t>(0));
  EXPECT_TRUE(m.validate());
  EXPECT_EQ(err(m.request_uri()), "kMissingHeader");
  EXPECT_EQ(m.header_count(HeaderId::kVia), 3u);
  auto vias = m.vias();
  ASSERT_TRUE(vias);
  ASSERT_EQ(vias->size(), 3u);
  EXPECT_EQ((*vias)[0].host, "server10.biloxi.com");
  EXPECT_EQ((*vias)[0].received, "192.0.2.3");
  EXPECT_EQ((*vias)[1].host, "bigbox3.site3.atlanta.com");
  EXPECT_EQ((*vias)[1].branch, "z9hG4bK77ef4c2312983.1");
  EXPECT_EQ((*vias)[2].host, "pc33.atlanta.com");
  auto top = m.top_via();
  ASSERT_TRUE(top);
  EXPECT_EQ((*top)->host, "server10.biloxi.com");
  auto to = m.to();
  ASSERT_TRUE(to);
  EXPECT_EQ((*to)->tag(), "a6c85cf");
  auto cseq = m.cseq();
  ASSERT_TRUE(cseq);
  EXPECT_EQ(cseq->method, Method::kInvite);
}

TEST(Message, ResponseCSeqMethodIsNotComparedWithAnything) {
  std::string r = kOk;
  r.replace(r.find("CSeq: 314159 INVITE"), 19, "CSeq: 314159 BYE");
  EXPECT_EQ(check(r), "kNone");
}

TEST(Message, AllMethods) {
  struct Case {
    std::string_view token;
    Method method;
  };
  const Case cases[] = {
      {"INVITE", Method::kInvite},       {"ACK", Method::kAck},           {"BYE", Method::kBye},
      {"CANCEL", Method::kCancel},       {"REGISTER", Method::kRegister}, {"OPTIONS", Method::kOptions},
      {"PRACK", Method::kPrack},         {"SUBSCRIBE", Method::kSubscribe}, {"NOTIFY", Method::kNotify},
      {"PUBLISH", Method::kPublish},     {"INFO", Method::kInfo},         {"REFER", Method::kRefer},
      {"MESSAGE", Method::kMessage},     {"UPDATE", Method::kUpdate},     {"NEWMETHOD", Method::kExtension},
      {"X", Method::kExtension},         {"invite", Method::kExtension},  {"FOO-BAR.baz!%*_+`'~", Method::kExtension},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.token);
    std::string text = request(c.token);
    Message m = parse_ok(text);
    EXPECT_EQ(m.method(), c.method);
    EXPECT_EQ(m.method_name(), c.token);
    EXPECT_TRUE(m.is_request());
    EXPECT_EQ(check(text), "kNone");
    auto cseq = m.cseq();
    ASSERT_TRUE(cseq);
    EXPECT_EQ(cseq->method, c.method);
    EXPECT_EQ(cseq->method_name, c.token);
  }
}

TEST(Message, BadMethodToken) {
  for (std::string_view line : {"INV@TE sip:a@b SIP/2.0", "INV(TE sip:a@b SIP/2.0", "INVITE: sip:a@b SIP/2.0",
                                "\"INVITE\" sip:a@b SIP/2.0"}) {
    SCOPED_TRACE(line);
    EXPECT_EQ(parse_error(join({line, "Via: SIP/2.0/UDP h"})), "kBadMethod");
  }
}

// --- header names: compact forms, case, lookup ---

TEST(Message, CompactHeaders) {
  const std::string text = join(
      {
          "INVITE sip:bob@biloxi.com SIP/2.0",
          "v: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK1",
          "t: <sip:bob@biloxi.com>",
          "f: \"A\" <sip:alice@atlanta.com>;tag=9",
          "i: abc@host",
          "CSeq: 2 INVITE",
          "m: <sip:alice@10.0.0.1>",
          "c: application/sdp",
          "k: 100rel, timer",
          "s: hello",
          "e: gzip",
          "o: presence",
          "u: presence, dialog",
          "r: <sip:carol@example.com>",
          "b: <sip:alice@atlanta.com>",
          "x: 1800;refresher=uac",
          "y: abc.def.ghi",
          "l: 3",
      },
      "abc");
  Message m = parse_ok(text);
  EXPECT_EQ(check(text), "kNone");
  struct Expect {
    std::string_view name;
    HeaderId id;
    std::string_view value;
  };
  const Expect expected[] = {
      {"v", HeaderId::kVia, "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK1"},
      {"t", HeaderId::kTo, "<sip:bob@biloxi.com>"},
      {"f", HeaderId::kFrom, "\"A\" <sip:alice@atlanta.com>;tag=9"},
      {"i", HeaderId::kCallId, "abc@host"},
      {"CSeq", HeaderId::kCSeq, "2 INVITE"},
      {"m", HeaderId::kContact, "<sip:alice@10.0.0.1>"},
      {"c", HeaderId::kContentType, "application/sdp"},
      {"k", HeaderId::kSupported, "100rel"},
      {"k", HeaderId::kSupported, "timer"},
      {"s", HeaderId::kSubject, "hello"},
      {"e", HeaderId::kContentEncoding, "gzip"},
      {"o", HeaderId::kEvent, "presence"},
      {"u", HeaderId::kAllowEvents, "presence"},
      {"u", HeaderId::kAllowEvents, "dialog"},
      {"r", HeaderId::kReferTo, "<sip:carol@example.com>"},
      {"b", HeaderId::kReferredBy, "<sip:alice@atlanta.com>"},
      {"x", HeaderId::kSessionExpires, "1800;refresher=uac"},
      {"y", HeaderId::kIdentity, "abc.def.ghi"},
      {"l", HeaderId::kContentLength, "3"},
  };
  auto hs = m.headers();
  ASSERT_EQ(hs.size(), std::size(expected));
  for (size_t i = 0; i < hs.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(hs[i].name, expected[i].name);
    EXPECT_EQ(hs[i].id, expected[i].id);
    EXPECT_EQ(hs[i].value, expected[i].value);
  }
  EXPECT_EQ(m.body(), "abc");
  EXPECT_EQ(m.content_type(), "application/sdp");
  auto from = m.from();
  ASSERT_TRUE(from);
  EXPECT_EQ((*from)->tag(), "9");
  auto call_id = m.call_id();
  ASSERT_TRUE(call_id);
  EXPECT_EQ(*call_id, "abc@host");
  // Lookup by either spelling finds the compact line.
  ASSERT_NE(m.header("Call-ID"), nullptr);
  EXPECT_EQ(m.header("Call-ID")->name, "i");
  ASSERT_NE(m.header("I"), nullptr);
  EXPECT_EQ(m.header("I")->value, "abc@host");
}

TEST(Message, HeaderNamesAreCaseInsensitive) {
  const std::string text = join({
      "OPTIONS sip:bob@biloxi.com SIP/2.0",
      "VIA: SIP/2.0/UDP h;branch=z9hG4bK1",
      "tO: <sip:bob@biloxi.com>",
      "FROM: <sip:alice@atlanta.com>;tag=1",
      "call-id: x@y",
      "cseq: 7 OPTIONS",
      "max-FORWARDS: 0",
      "CONTENT-length: 0",
      "x-CUSTOM: one",
  });
  Message m = parse_ok(text);
  EXPECT_EQ(check(text), "kNone");
  EXPECT_EQ(m.headers()[0].id, HeaderId::kVia);
  EXPECT_EQ(m.headers()[0].name, "VIA");  // kept as written
  auto mf = m.max_forwards();
  ASSERT_TRUE(mf);
  EXPECT_EQ(*mf, 0u);
  ASSERT_NE(m.header("X-Custom"), nullptr);
  EXPECT_EQ(m.header("X-Custom")->value, "one");
  EXPECT_EQ(m.header("x-custom"), m.header("X-CUSTOM"));
  EXPECT_EQ(m.header("X-Other"), nullptr);
  EXPECT_EQ(m.header(HeaderId::kRoute), nullptr);
  EXPECT_EQ(m.header_count(HeaderId::kRoute), 0u);
  EXPECT_EQ(m.header("cseq"), m.header(HeaderId::kCSeq));
}

TEST(Message, WhitespaceAroundColonAndValue) {
  const std::string text = join({
      "OPTIONS sip:bob@biloxi.com SIP/2.0",
      "Via : SIP/2.0/UDP h;branch=z9hG4bK1",
      "To:<sip:bob@biloxi.com>",
      "From:\t <sip:alice@atlanta.com>;tag=1 \t",
      "Call-ID:    x@y   ",
      "CSeq\t:\t7 OPTIONS",
      "Subject:",
  });
  Message m = parse_ok(text);
  EXPECT_EQ(check(text), "kNone");
  auto hs = m.headers();
  ASSERT_EQ(hs.size(), 6u);
  EXPECT_EQ(hs[0].name, "Via");
  EXPECT_EQ(hs[0].value, "SIP/2.0/UDP h;branch=z9hG4bK1");
  EXPECT_EQ(hs[1].value, "<sip:bob@biloxi.com>");
  EXPECT_EQ(hs[2].value, "<sip:alice@atlanta.com>;tag=1");
  EXPECT_EQ(hs[3].value, "x@y");
  EXPECT_EQ(hs[4].name, "CSeq");
  EXPECT_EQ(hs[4].value, "7 OPTIONS");
  EXPECT_EQ(hs[5].id, HeaderId::kSubject);
  EXPECT_EQ(hs[5].value, "");
}

TEST(Message, BareLfLineEnds) {
  std::string text = kInvite;
  for (size_t p; (p = text.find("\r\n")) != std::string::npos;) text.erase(p, 1);
  Message m = parse_ok(text);
  EXPECT_EQ(check(text), "kNone");
  EXPECT_EQ(m.headers().size(), 9u);
  EXPECT_EQ(m.body(), "v=0\n");
  EXPECT_EQ(m.headers()[0].value, "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds");
}

// --- folding ---

TEST(Message, LineFolding) {
  const std::string text = join({
      "OPTIONS sip:bob@biloxi.com SIP/2.0",
      "Via: SIP/2.0/UDP",
      "    pc33.atlanta.com",
      "\t;branch=z9hG4bK1",
      "To: <sip:bob@biloxi.com>",
      "From: <sip:alice@atlanta.com>",
      "  ;tag=1",
      "Call-ID: x@y",
      "CSeq: 7",
      " OPTIONS",
      "Subject: I know you're there,",
      "         pick up the phone",
      "         and talk to me!",
  });
  Message m = parse_ok(text);
  EXPECT_EQ(check(text), "kNone");
  auto hs = m.headers();
  ASSERT_EQ(hs.size(), 6u);
  // The folded line is one value: no CR or LF left, tokens in order.
  for (const auto& h : hs) {
    EXPECT_EQ(h.value.find_first_of("\r\n"), std::string_view::npos) << h.value;
  }
  auto via = m.top_via();
  ASSERT_TRUE(via);
  EXPECT_EQ((*via)->transport, "UDP");
  EXPECT_EQ((*via)->host, "pc33.atlanta.com");
  EXPECT_EQ((*via)->branch, "z9hG4bK1");
  auto from = m.from();
  ASSERT_TRUE(from);
  EXPECT_EQ((*from)->tag(), "1");
  auto cseq = m.cseq();
  ASSERT_TRUE(cseq);
  EXPECT_EQ(cseq->number, 7u);
  EXPECT_EQ(cseq->method_name, "OPTIONS");
  const auto* subject = m.header(HeaderId::kSubject);
  ASSERT_NE(subject, nullptr);
  EXPECT_EQ(subject->value.substr(0, 20), "I know you're there,");
  EXPECT_EQ(subject->value.substr(subject->value.size() - 15), "and talk to me!");
  EXPECT_NE(subject->value.find("there, "), std::string_view::npos);
  EXPECT_NE(subject->value.find("pick up the phone"), std::string_view::npos);
  // The header's line span covers the continuation lines.
  std::string_view span = m.raw().substr(subject->line_begin, subject->line_end - subject->line_begin);
  EXPECT_EQ(span.substr(0, 8), "Subject:");
  EXPECT_EQ(span.substr(span.size() - 17), "and talk to me!\r\n");
}

TEST(Message, FoldedViaList) {
  const std::string text = join({
      "SIP/2.0 180 Ringing",
      "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1,",
      "     SIP/2.0/TCP b.example.com:5070;branch=z9hG4bK2",
      "To: <sip:bob@biloxi.com>;tag=2",
      "From: <sip:alice@atlanta.com>;tag=1",
      "Call-ID: x@y",
      "CSeq: 7 INVITE",
  });
  Message m = parse_ok(text);
  EXPECT_EQ(check(text), "kNone");
  auto vias = m.vias();
  ASSERT_TRUE(vias);
  ASSERT_EQ(vias->size(), 2u);
  EXPECT_EQ((*vias)[0].host, "a.example.com");
  EXPECT_EQ((*vias)[1].host, "b.example.com");
  EXPECT_EQ((*vias)[1].transport, "TCP");
  EXPECT_EQ((*vias)[1].port, 5070);
  EXPECT_EQ(m.status_code(), 180);
  EXPECT_EQ(m.reason(), "Ringing");
}

// --- comma-separated lists ---

TEST(Message, ListSplitting) {
  const std::string text = options_with({
      kMandatory[0], kMandatory[1], kMandatory[2], kMandatory[3], kMandatory[4],
      R"(Contact: "Doe, John" <sip:jd@example.com>;q=0.5, <sip:k@example.com;transport=tcp>;expires=60 , sip:z@example.com;q=0.1)",
      "Route: <sip:p1.example.com;lr>,<sip:p2.example.com;lr>",
      "Record-Route: <sip:rr1.example.com;lr>",
      "Record-Route: <sip:rr2.example.com;lr>, <sip:rr3.example.com;lr>",
      "Allow: INVITE, ACK,CANCEL ,\tBYE",
      "Date: Sat, 13 Nov 2010 23:29:00 GMT",
      "X-Unknown: a, b, c",
      "Subject: hi, there",
      "User-Agent: Foo/1.0 (bar, baz)",
  });
  Message m = parse_ok(text);
  EXPECT_EQ(check(text), "kNone");

  auto contacts = m.contacts();
  ASSERT_TRUE(contacts);
  ASSERT_EQ(contacts->size(), 3u);
  EXPECT_EQ((*contacts)[0].display_name, "Doe, John");
  EXPECT_TRUE((*contacts)[0].display_quoted);
  EXPECT_EQ((*contacts)[0].uri.user, "jd");
  EXPECT_EQ((*contacts)[0].params.get("q"), "0.5");
  EXPECT_EQ((*contacts)[1].uri.raw, "sip:k@example.com;transport=tcp");
  EXPECT_EQ((*contacts)[1].params.get("expires"), "60");
  EXPECT_FALSE((*contacts)[2].angle_brackets);
  EXPECT_EQ((*contacts)[2].uri.raw, "sip:z@example.com");
  EXPECT_EQ((*contacts)[2].params.get("q"), "0.1");
  auto first = m.contact();
  ASSERT_TRUE(first);
  EXPECT_EQ((*first)->display_name, "Doe, John");

  auto routes = m.routes();
  ASSERT_TRUE(routes);
  ASSERT_EQ(routes->size(), 2u);
  EXPECT_EQ((*routes)[0].uri.host, "p1.example.com");
  EXPECT_TRUE((*routes)[0].uri.params.has("lr"));
  EXPECT_EQ((*routes)[1].uri.host, "p2.example.com");
  auto rr = m.routes(HeaderId::kRecordRoute);
  ASSERT_TRUE(rr);
  ASSERT_EQ(rr->size(), 3u);
  EXPECT_EQ((*rr)[0].uri.host, "rr1.example.com");
  EXPECT_EQ((*rr)[2].uri.host, "rr3.example.com");

  std::vector<std::string_view> allow;
  for (const auto& h : m.headers()) {
    if (h.id == HeaderId::kAllow) allow.push_back(h.value);
  }
  EXPECT_EQ(allow, (std::vector<std::string_view>{"INVITE", "ACK", "CANCEL", "BYE"}));
  // Non-list headers keep their commas.
  EXPECT_EQ(m.header(HeaderId::kDate)->value, "Sat, 13 Nov 2010 23:29:00 GMT");
  EXPECT_EQ(m.header("X-Unknown")->value, "a, b, c");
  EXPECT_EQ(m.header(HeaderId::kSubject)->value, "hi, there");
  EXPECT_EQ(m.user_agent(), "Foo/1.0 (bar, baz)");
  // Fields split from one line share the line span.
  const auto* c0 = &m.headers()[5];
  const auto* c1 = &m.headers()[6];
  EXPECT_EQ(c0->id, HeaderId::kContact);
  EXPECT_EQ(c0->line_begin, c1->line_begin);
  EXPECT_EQ(c0->line_end, c1->line_end);
}

TEST(Message, ListWithEmptyElementFailsTypedParsing) {
  EXPECT_EQ(check(options_with({"Via: SIP/2.0/UDP a;branch=z9hG4bK1,,SIP/2.0/UDP b;branch=z9hG4bK2", kMandatory[1],
                                kMandatory[2], kMandatory[3], kMandatory[4]})),
            "kBadVia");
  EXPECT_EQ(check(options_with({kMandatory[0], kMandatory[1], kMandatory[2], kMandatory[3], kMandatory[4],
                                "Contact: <sip:a@b>,"})),
            "kBadContact");
  Message m = parse_ok(options_with({kMandatory[0], kMandatory[1], kMandatory[2], kMandatory[3], kMandatory[4],
                                     "Contact: <sip:a@b>, , <sip:c@d>"}));
  EXPECT_EQ(m.header_count(HeaderId::kContact), 3u);
  EXPECT_EQ(err(m.contacts()), "kBadContact");
}

TEST(Message, UnterminatedQuoteInListHeader) {
  const std::string text = options_with({kMandatory[0], kMandatory[1], kMandatory[2], kMandatory[3], kMandatory[4],
                                         "Contact: <sip:a@b>, \"Bob <sip:bob@b>, <sip:c@d>"});
  Message m = parse_ok(text);
  ASSERT_EQ(m.header_count(HeaderId::kContact), 2u);
  EXPECT_EQ(m.headers()[6].value, "\"Bob <sip:bob@b>, <sip:c@d>");
  EXPECT_EQ(check(text), "kBadContact");
}

TEST(Message, RepeatedAndUnknownHeadersKeepOrder) {
  const std::string text = options_with({
      "X-First: 1",
      "Via: SIP/2.0/UDP a;branch=z9hG4bK1",
      "x-second: 2",
      "Via: SIP/2.0/UDP b;branch=z9hG4bK2, SIP/2.0/UDP c;branch=z9hG4bK3",
      "X-First: 3",
      kMandatory[1], kMandatory[2], kMandatory[3], kMandatory[4],
      "P-Custom-Header: with: colons",
      "Via: SIP/2.0/UDP d;branch=z9hG4bK4",
  });
  Message m = parse_ok(text);
  EXPECT_EQ(check(text), "kNone");
  std::vector<std::string_view> names;
  for (const auto& h : m.headers()) names.push_back(h.name);
  EXPECT_EQ(names, (std::vector<std::string_view>{"X-First", "Via", "x-second", "Via", "Via", "X-First", "To", "From",
                                                   "Call-ID", "CSeq", "P-Custom-Header", "Via"}));
  EXPECT_EQ(m.header("x-first")->value, "1");
  EXPECT_EQ(m.header("P-Custom-Header")->value, "with: colons");
  EXPECT_EQ(m.header_count(HeaderId::kVia), 4u);
  EXPECT_EQ(m.header_count(HeaderId::kUnknown), 4u);
  auto vias = m.vias();
  ASSERT_TRUE(vias);
  ASSERT_EQ(vias->size(), 4u);
  EXPECT_EQ((*vias)[0].host, "a");
  EXPECT_EQ((*vias)[1].host, "b");
  EXPECT_EQ((*vias)[2].host, "c");
  EXPECT_EQ((*vias)[3].host, "d");
}

// --- validate(): required, duplicates, CSeq, numbers ---

TEST(Message, MissingRequiredHeaders) {
  for (size_t skip = 0; skip < kMandatory.size(); ++skip) {
    std::vector<std::string_view> hs;
    for (size_t i = 0; i < kMandatory.size(); ++i) {
      if (i != skip) hs.push_back(kMandatory[i]);
    }
    SCOPED_TRACE(kMandatory[skip]);
    std::string text = options_with(hs);
    EXPECT_EQ(parse_error(text), "kNone");  // framing does not care
    EXPECT_EQ(check(text), "kMissingRequiredHeader");
  }
  EXPECT_EQ(check(options_with(kMandatory)), "kNone");  // Max-Forwards, Contact, Content-Length optional
  EXPECT_EQ(check("SIP/2.0 200 OK\r\n\r\n"), "kMissingRequiredHeader");
}

TEST(Message, MissingHeaderAccessors) {
  Message m = parse_ok("OPTIONS sip:bob@biloxi.com SIP/2.0\r\n\r\n");
  EXPECT_EQ(err(m.top_via()), "kMissingHeader");
  EXPECT_EQ(err(m.from()), "kMissingHeader");
  EXPECT_EQ(err(m.to()), "kMissingHeader");
  EXPECT_EQ(err(m.call_id()), "kMissingHeader");
  EXPECT_EQ(err(m.cseq()), "kMissingHeader");
  EXPECT_EQ(err(m.max_forwards()), "kMissingHeader");
  EXPECT_EQ(err(m.expires()), "kMissingHeader");
  EXPECT_EQ(err(m.contact()), "kMissingHeader");
  auto vias = m.vias();
  ASSERT_TRUE(vias);
  EXPECT_TRUE(vias->empty());
  auto contacts = m.contacts();
  ASSERT_TRUE(contacts);
  EXPECT_TRUE(contacts->empty());
  EXPECT_EQ(m.content_type(), "");
  EXPECT_FALSE(m.content_length().has_value());
  EXPECT_EQ(err(m.validate()), "kMissingRequiredHeader");
}

TEST(Message, DuplicateSingleHeaders) {
  const std::string_view dups[] = {
      "To: <sip:carol@chicago.com>",
      "t: <sip:bob@biloxi.com>",
      "From: <sip:alice@atlanta.com>;tag=2",
      "f: <sip:alice@atlanta.com>;tag=1",
      "Call-ID: other@pc33",
      "i: abc@pc33",
      "CSeq: 1 OPTIONS",
      "Max-Forwards: 70\r\nMax-Forwards: 70",
      "Expires: 10\r\nExpires: 10",
  };
  for (auto d : dups) {
    SCOPED_TRACE(d);
    std::vector<std::string_view> hs = kMandatory;
    hs.push_back(d);
    EXPECT_EQ(check(options_with(hs)), "kDuplicateSingleHeader");
  }
  // List headers may repeat.
  std::vector<std::string_view> hs = kMandatory;
  hs.push_back("Via: SIP/2.0/UDP second;branch=z9hG4bK2");
  hs.push_back("Contact: <sip:a@b>");
  hs.push_back("Contact: <sip:c@d>");
  hs.push_back("Route: <sip:r>");
  hs.push_back("Route: <sip:s>");
  EXPECT_EQ(check(options_with(hs)), "kNone");
}

TEST(Message, CSeq) {
  struct Case {
    std::string_view method;
    std::string_view cseq;
    std::string_view error;
    uint32_t number;
  };
  const Case cases[] = {
      {"OPTIONS", "CSeq: 1 OPTIONS", "kNone", 1},
      {"OPTIONS", "CSeq: 0 OPTIONS", "kNone", 0},
      {"OPTIONS", "CSeq:   4294967295   OPTIONS  ", "kNone", 4294967295u},
      {"OPTIONS", "CSeq: 1\tOPTIONS", "kNone", 1},
      {"FOO", "CSeq: 9 FOO", "kNone", 9},
      {"OPTIONS", "CSeq: 1 INVITE", "kCSeqMethodMismatch", 1},
      {"OPTIONS", "CSeq: 1 options", "kCSeqMethodMismatch", 1},  // methods are case-sensitive
      {"FOO", "CSeq: 1 FOOBAR", "kCSeqMethodMismatch", 1},
      {"OPTIONS", "CSeq: 4294967296 OPTIONS", "kBadCSeq", 0},
      {"OPTIONS", "CSeq: 99999999999999999999999 OPTIONS", "kBadCSeq", 0},
      {"OPTIONS", "CSeq: -1 OPTIONS", "kBadCSeq", 0},
      {"OPTIONS", "CSeq: OPTIONS", "kBadCSeq", 0},
      {"OPTIONS", "CSeq: 1", "kBadCSeq", 0},
      {"OPTIONS", "CSeq: 1OPTIONS", "kBadCSeq", 0},
      {"OPTIONS", "CSeq: 1 OPTIONS x", "kBadCSeq", 0},
      {"OPTIONS", "CSeq: 1 OPT@ONS", "kBadCSeq", 0},
      {"OPTIONS", "CSeq: abc OPTIONS", "kBadCSeq", 0},
      {"OPTIONS", "CSeq:", "kBadCSeq", 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.cseq);
    std::string text = std::string(c.method) + " sip:bob@biloxi.com SIP/2.0\r\n" + std::string(kMandatory[0]) +
                       "\r\n" + std::string(kMandatory[1]) + "\r\n" + std::string(kMandatory[2]) + "\r\n" +
                       std::string(kMandatory[3]) + "\r\n" + std::string(c.cseq) + "\r\n\r\n";
    EXPECT_EQ(check(text), c.error);
    Message m = parse_ok(text);
    if (c.error == "kNone" || c.error == "kCSeqMethodMismatch") {
      auto cs = m.cseq();
      ASSERT_TRUE(cs);
      EXPECT_EQ(cs->number, c.number);
    } else {
      EXPECT_EQ(err(m.cseq()), "kBadCSeq");
    }
  }
}

TEST(ParseCSeq, Direct) {
  auto r = parse_cseq(" 42 REGISTER ");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->number, 42u);
  EXPECT_EQ(r->method_name, "REGISTER");
  EXPECT_EQ(r->method, Method::kRegister);
  EXPECT_EQ(err(parse_cseq("")), "kBadCSeq");
  EXPECT_EQ(err(parse_cseq("42 ")), "kBadCSeq");
}

TEST(Message, MaxForwards) {
  struct Case {
    std::string_view value;
    bool ok;
    uint32_t n;
  };
  const Case cases[] = {
      {"0", true, 0},       {"1", true, 1},        {"70", true, 70},      {"255", true, 255},
      {" 70 ", true, 70},   {"00070", true, 70},   {"256", false, 0},     {"-1", false, 0},
      {"abc", false, 0},    {"", false, 0},        {"7 0", false, 0},     {"70;x", false, 0},
      {"+70", false, 0},    {"99999999999999999999999", false, 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.value);
    std::string line = "Max-Forwards: " + std::string(c.value);
    std::vector<std::string_view> hs = kMandatory;
    hs.push_back(line);
    std::string text = options_with(hs);
    Message m = parse_ok(text);
    auto mf = m.max_forwards();
    if (c.ok) {
      ASSERT_TRUE(mf);
      EXPECT_EQ(*mf, c.n);
      EXPECT_EQ(check(text), "kNone");
    } else {
      EXPECT_EQ(err(mf), "kBadMaxForwards");
      EXPECT_EQ(check(text), "kBadMaxForwards");
    }
  }
}

TEST(Message, Expires) {
  struct Case {
    std::string_view value;
    bool ok;
    uint32_t n;
  };
  const Case cases[] = {
      {"0", true, 0},          {"3600", true, 3600},   {"4294967295", true, 4294967295u},
      {"4294967296", false, 0}, {"-1", false, 0},      {"abc", false, 0},
      {"", false, 0},          {"1.5", false, 0},      {"Thu, 01 Dec 1994 16:00:00 GMT", false, 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.value);
    std::string line = "Expires: " + std::string(c.value);
    std::vector<std::string_view> hs = kMandatory;
    hs.push_back(line);
    std::string text = options_with(hs);
    Message m = parse_ok(text);
    auto e = m.expires();
    if (c.ok) {
      ASSERT_TRUE(e);
      EXPECT_EQ(*e, c.n);
      EXPECT_EQ(check(text), "kNone");
    } else {
      EXPECT_EQ(err(e), "kBadExpires");
      EXPECT_EQ(check(text), "kBadExpires");
    }
  }
}

TEST(Message, ContactExpiresParam) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"Contact: <sip:a@b>;expires=3600", "kNone"},
      {"Contact: <sip:a@b>;expires=0", "kNone"},
      {"Contact: <sip:a@b>;expires=abc", "kBadContact"},
      {"Contact: <sip:a@b>;expires=4294967296", "kBadContact"},
      {"Contact: <sip:a@b>;expires", "kBadContact"},
      {"Contact: *", "kNone"},
      {"Contact: <sip:a@b>, <sip:c@d>;expires=x", "kBadContact"},
      {"Contact: <sip:a@b", "kBadContact"},
      {"Contact: sip:a@b?x=y", "kBadContact"},
  };
  for (const auto& [line, error] : cases) {
    SCOPED_TRACE(line);
    std::vector<std::string_view> hs = kMandatory;
    hs.push_back(line);
    EXPECT_EQ(check(options_with(hs)), error);
  }
  Message star = parse_ok(options_with({kMandatory[0], kMandatory[1], kMandatory[2], kMandatory[3], kMandatory[4],
                                        "Contact: *", "Expires: 0"}));
  auto c = star.contact();
  ASSERT_TRUE(c);
  EXPECT_TRUE((*c)->star);
}

TEST(Message, CallId) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"Call-ID: a84b4c76e66710@pc33.atlanta.com", "kNone"},
      {"Call-ID: f81d4fae-7dec-11d0-a765-00a0c91e6bf6@[2001:db8::1]", "kNone"},
      {"Call-ID: just-a-word", "kNone"},
      {"Call-ID: <weird>:{chars}?/\\\"()", "kNone"},
      {"Call-ID: a b", "kBadCallId"},
      {"Call-ID: @host", "kBadCallId"},
      {"Call-ID: local@", "kBadCallId"},
      {"Call-ID: a@b@c", "kBadCallId"},
      {"Call-ID: a;b", "kBadCallId"},
      {"Call-ID:", "kBadCallId"},
  };
  for (const auto& [line, error] : cases) {
    SCOPED_TRACE(line);
    std::string text = options_with({kMandatory[0], kMandatory[1], kMandatory[2], line, kMandatory[4]});
    EXPECT_EQ(check(text), error);
  }
  EXPECT_TRUE(valid_call_id("abc"));
  EXPECT_FALSE(valid_call_id(""));
}

TEST(Message, BadFromToViaRequestUri) {
  struct Case {
    std::string_view uri;
    std::string_view via, to, from;
    std::string_view error;
  };
  const Case cases[] = {
      {"sip:bob@biloxi.com", kMandatory[0], kMandatory[1], kMandatory[2], "kNone"},
      {"sip:bob@biloxi.com", "Via: SIP/2.0/UDP", kMandatory[1], kMandatory[2], "kBadVia"},
      {"sip:bob@biloxi.com", "Via: garbage", kMandatory[1], kMandatory[2], "kBadVia"},
      {"sip:bob@biloxi.com", kMandatory[0], "To: Bob <sip:bob@biloxi.com", kMandatory[2], "kBadTo"},
      {"sip:bob@biloxi.com", kMandatory[0], "To: \"Bob <sip:bob@biloxi.com>", kMandatory[2], "kBadTo"},
      {"sip:bob@biloxi.com", kMandatory[0], kMandatory[1], "From: sip:alice@atlanta.com?x=y", "kBadFrom"},
      {"sip:bob@biloxi.com", kMandatory[0], kMandatory[1], "From: Al@ce <sip:alice@atlanta.com>", "kBadFrom"},
      {"sip:bob@biloxi.com", kMandatory[0], kMandatory[1], "From: *", "kBadFrom"},
      {"sip:bob@biloxi.com:0", kMandatory[0], kMandatory[1], kMandatory[2], "kBadRequestUri"},
      {"sip:bob%zz@biloxi.com", kMandatory[0], kMandatory[1], kMandatory[2], "kBadRequestUri"},
      {"bob@biloxi.com", kMandatory[0], kMandatory[1], kMandatory[2], "kBadRequestUri"},
      {"<sip:bob@biloxi.com>", kMandatory[0], kMandatory[1], kMandatory[2], "kBadRequestUri"},
      {"tel:+12125551212", kMandatory[0], kMandatory[1], kMandatory[2], "kNone"},
      {"urn:service:sos", kMandatory[0], kMandatory[1], kMandatory[2], "kNone"},
      {"sips:[2001:db8::1]:5061;transport=tls", kMandatory[0], kMandatory[1], kMandatory[2], "kNone"},
      // RFC 3261 §19.1.1 table 1: no URI headers in a Request-URI.
      {"sip:bob@biloxi.com?subject=x", kMandatory[0], kMandatory[1], kMandatory[2], "kBadRequestUri"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.uri) + " | " + std::string(c.via) + " | " + std::string(c.to) + " | " +
                 std::string(c.from));
    std::string text = "OPTIONS " + std::string(c.uri) + " SIP/2.0\r\n" + std::string(c.via) + "\r\n" +
                       std::string(c.to) + "\r\n" + std::string(c.from) + "\r\n" + std::string(kMandatory[3]) +
                       "\r\n" + std::string(kMandatory[4]) + "\r\n\r\n";
    EXPECT_EQ(check(text), c.error);
  }
}

TEST(Message, LaterViaValuesAreValidatedToo) {
  std::vector<std::string_view> hs = kMandatory;
  hs.push_back("Via: SIP/2.0/UDP ok;branch=z9hG4bK2, SIP/2.0/UDP bad:99999");
  std::string text = options_with(hs);
  EXPECT_EQ(check(text), "kBadVia");
  Message m = parse_ok(text);
  EXPECT_TRUE(m.top_via());
  EXPECT_EQ(err(m.vias()), "kBadVia");
}

TEST(Message, RequestUriTooLong) {
  std::string uri = "sip:" + std::string(200, 'u') + "@example.com";
  std::string text = request("OPTIONS", {}, uri);
  EXPECT_EQ(check(text), "kNone");
  ParseOptions o;
  o.limits.max_uri_length = 100;
  EXPECT_EQ(parse_error(text, o), "kUriTooLong");
  // A From URI over the limit is reported as kUriTooLong rather than kBadFrom.
  std::string from_line = "From: <" + uri + ">;tag=1";
  std::string text2 = options_with({kMandatory[0], kMandatory[1], from_line, kMandatory[3], kMandatory[4]});
  EXPECT_EQ(check(text2), "kNone");
  EXPECT_EQ(check(text2, o), "kUriTooLong");
}

// --- authentication, user agent, content type ---

TEST(Message, DigestAuthorization) {
  std::string text = request(
      "REGISTER",
      {"Authorization: Digest username=\"alice\", realm=\"atlanta.com\", nonce=\"84a4cc6f3082121f32b42a2187831a9e\", "
       "uri=\"sip:atlanta.com\", response=\"7587245234b3434cc3412213e5f113a5432\", algorithm=MD5, qop=auth, "
       "nc=00000001, cnonce=\"0a4f113b\"",
       "Proxy-Authorization: Digest username=\"bob\", realm=\"proxy\", nonce=\"n\", uri=\"sip:x\", response=\"r\"",
       "User-Agent: Softphone Beta1.5"},
      "sip:atlanta.com");
  Message m = parse_ok(text);
  EXPECT_EQ(check(text), "kNone");
  auto a = m.auth(HeaderId::kAuthorization);
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->is_digest);
  EXPECT_EQ(a->username, "alice");
  EXPECT_EQ(a->realm, "atlanta.com");
  EXPECT_EQ(a->nonce, "84a4cc6f3082121f32b42a2187831a9e");
  EXPECT_EQ(a->uri, "sip:atlanta.com");
  EXPECT_EQ(a->response, "7587245234b3434cc3412213e5f113a5432");
  EXPECT_EQ(a->algorithm, "MD5");
  EXPECT_EQ(a->qop, "auth");
  EXPECT_EQ(a->nc, "00000001");
  EXPECT_EQ(a->cnonce, "0a4f113b");
  // Authorization is not a list header: its commas stay in one field.
  EXPECT_EQ(m.header_count(HeaderId::kAuthorization), 1u);
  auto p = m.auth(HeaderId::kProxyAuthorization);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->username, "bob");
  EXPECT_EQ(p->realm, "proxy");
  EXPECT_EQ(m.user_agent(), "Softphone Beta1.5");
  EXPECT_EQ(err(m.auth(HeaderId::kWwwAuthenticate)), "kMissingHeader");
}

TEST(Message, DigestChallenges) {
  std::string text = join({
      "SIP/2.0 401 Unauthorized",
      "Via: SIP/2.0/UDP bobspc.biloxi.com:5060;branch=z9hG4bKnashds7;received=192.0.2.201",
      "From: Bob <sip:bob@biloxi.com>;tag=a73kszlfl",
      "To: Bob <sip:bob@biloxi.com>;tag=1410948204",
      "Call-ID: 1j9FpLxk3uxtm8tn@biloxi.com",
      "CSeq: 1 REGISTER",
      "WWW-Authenticate: Digest realm=\"atlanta.com\", domain=\"sip:boxesbybob.com\", qop=\"auth\",",
      " nonce=\"f84f1cec41e6cbe5aea9c8e88d359\", opaque=\"\", stale=FALSE, algorithm=MD5",
      "Server: Biloxi-Registrar/2.0",
      "Content-Length: 0",
  });
  Message m = parse_ok(text);
  EXPECT_EQ(check(text), "kNone");
  EXPECT_EQ(m.status_code(), 401);
  EXPECT_EQ(m.reason(), "Unauthorized");
  auto w = m.auth(HeaderId::kWwwAuthenticate);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->realm, "atlanta.com");
  EXPECT_EQ(w->domain, "sip:boxesbybob.com");
  EXPECT_EQ(w->qop, "auth");
  EXPECT_EQ(w->nonce, "f84f1cec41e6cbe5aea9c8e88d359");
  EXPECT_TRUE(w->has_opaque);
  EXPECT_EQ(w->opaque, "");
  EXPECT_EQ(w->stale, "FALSE");
  EXPECT_EQ(w->algorithm, "MD5");
  EXPECT_EQ(m.server(), "Biloxi-Registrar/2.0");

  std::string bad = text;
  bad.replace(bad.find("realm=\"atlanta.com\""), 19, "realm=\"atlanta.com");
  Message mb = parse_ok(bad);
  EXPECT_EQ(err(mb.auth(HeaderId::kWwwAuthenticate)), "kBadAuth");
}

TEST(Message, ContentType) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"Content-Type: application/sdp", "application/sdp"},
      {"Content-Type: application/sdp;charset=utf-8", "application/sdp"},
      {"Content-Type: multipart/mixed ; boundary=unique-boundary-1", "multipart/mixed"},
      {"c: Application/SDP", "Application/SDP"},
      {"Content-Type:", ""},
  };
  for (const auto& [line, type] : cases) {
    SCOPED_TRACE(line);
    Message m = parse_ok(request("MESSAGE", {line}));
    EXPECT_EQ(m.content_type(), type);
  }
}

// --- start line: version, status code, reason ---

TEST(Message, Version) {
  const std::pair<std::string_view, std::string_view> requests[] = {
      {"OPTIONS sip:a@b SIP/2.0", "kNone"},      {"OPTIONS sip:a@b sip/2.0", "kNone"},
      {"OPTIONS sip:a@b SIP/2.1", "kBadVersion"}, {"OPTIONS sip:a@b SIP/1.0", "kBadVersion"},
      {"OPTIONS sip:a@b SIP/7.0", "kBadVersion"}, {"OPTIONS sip:a@b SIP/20.0", "kBadVersion"},
      {"OPTIONS sip:a@b SIP/2.0x", "kBadStartLine"}, {"OPTIONS sip:a@b HTTP/1.1", "kBadStartLine"},
      {"OPTIONS sip:a@b SIP2.0", "kBadStartLine"}, {"OPTIONS sip:a@b SIP/2", "kBadStartLine"},
      {"OPTIONS sip:a@b SIP/.0", "kBadStartLine"}, {"OPTIONS sip:a@b", "kBadStartLine"},
      {"OPTIONS", "kBadStartLine"},              {"OPTIONS sip:a@b SIP/2.0 ", "kBadStartLine"},
  };
  for (const auto& [line, error] : requests) {
    SCOPED_TRACE(line);
    EXPECT_EQ(parse_error(join({line})), error);
  }
  const std::pair<std::string_view, std::string_view> responses[] = {
      {"SIP/2.0 200 OK", "kNone"},     {"sip/2.0 200 OK", "kNone"},
      {"SIP/3.0 200 OK", "kBadVersion"}, {"SIP/2.0x 200 OK", "kBadStartLine"},
      {"SIP/2.0", "kBadStartLine"},    {"SIP/", "kBadStartLine"},
  };
  for (const auto& [line, error] : responses) {
    SCOPED_TRACE(line);
    EXPECT_EQ(parse_error(join({line})), error);
  }
}

TEST(Message, StatusCodes) {
  struct Case {
    std::string_view line;
    std::string_view error;
    int code;
    std::string_view reason;
  };
  const Case cases[] = {
      {"SIP/2.0 100 Trying", "kNone", 100, "Trying"},
      {"SIP/2.0 180 Ringing", "kNone", 180, "Ringing"},
      {"SIP/2.0 199 Early Dialog Terminated", "kNone", 199, "Early Dialog Terminated"},
      {"SIP/2.0 200 OK", "kNone", 200, "OK"},
      {"SIP/2.0 302 Moved Temporarily", "kNone", 302, "Moved Temporarily"},
      {"SIP/2.0 404 Not Found", "kNone", 404, "Not Found"},
      {"SIP/2.0 503 Service Unavailable", "kNone", 503, "Service Unavailable"},
      {"SIP/2.0 699 Custom", "kNone", 699, "Custom"},
      {"SIP/2.0 200 ", "kNone", 200, ""},
      {"SIP/2.0 200", "kNone", 200, ""},
      {"SIP/2.0 200 OK  with  spaces ", "kNone", 200, "OK  with  spaces "},
      {"SIP/2.0 200 Ça va \xe2\x9c\x93", "kNone", 200, "Ça va \xe2\x9c\x93"},
      {"SIP/2.0 200 tab\there", "kNone", 200, "tab\there"},
      {"SIP/2.0 099 Low", "kBadStatusCode", 0, ""},
      {"SIP/2.0 000 Zero", "kBadStatusCode", 0, ""},
      {"SIP/2.0 700 High", "kBadStatusCode", 0, ""},
      {"SIP/2.0 999 High", "kBadStatusCode", 0, ""},
      {"SIP/2.0 1000 Long", "kBadStatusCode", 0, ""},
      {"SIP/2.0 20 Short", "kBadStatusCode", 0, ""},
      {"SIP/2.0 2OO Letters", "kBadStatusCode", 0, ""},
      {"SIP/2.0 -20 Neg", "kBadStatusCode", 0, ""},
      {"SIP/2.0 +20 Plus", "kBadStatusCode", 0, ""},
      {"SIP/2.0  200 Two spaces", "kBadStatusCode", 0, ""},
      {"SIP/2.0 ", "kBadStatusCode", 0, ""},
      {"SIP/2.0 200 Bad\x01" "control", "kBadReasonPhrase", 0, ""},
      {"SIP/2.0 200 Bad\x7f", "kBadReasonPhrase", 0, ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.line);
    std::string text = join({c.line});
    EXPECT_EQ(parse_error(text), c.error);
    if (c.error == "kNone") {
      Message m = parse_ok(text);
      EXPECT_TRUE(m.is_response());
      EXPECT_EQ(m.status_code(), c.code);
      EXPECT_EQ(m.reason(), c.reason);
    }
  }
}

// --- move and caching ---

TEST(Message, ViewsSurviveMove) {
  auto r = Message::parse(kInvite);
  ASSERT_TRUE(r);
  auto from_before = r->from();
  ASSERT_TRUE(from_before);
  Message m = std::move(*r);
  Message n = std::move(m);
  auto from = n.from();
  ASSERT_TRUE(from);
  EXPECT_EQ((*from)->tag(), "1928301774");
  EXPECT_EQ((*from)->uri.host, "atlanta.com");
  EXPECT_EQ(n.headers()[0].value, "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds");
  EXPECT_EQ(n.body(), "v=0\n");
  EXPECT_TRUE(n.validate());
}

TEST(Message, LazyResultsAreCachedIncludingErrors) {
  std::string text = options_with({kMandatory[0], "To: <sip:bob@", kMandatory[2], kMandatory[3], kMandatory[4]});
  Message m = parse_ok(text);
  EXPECT_EQ(err(m.to()), "kBadTo");
  EXPECT_EQ(err(m.to()), "kBadTo");
  auto f1 = m.from();
  auto f2 = m.from();
  ASSERT_TRUE(f1 && f2);
  EXPECT_EQ(*f1, *f2);  // same cached object
}

}  // namespace
}  // namespace vg::sip
