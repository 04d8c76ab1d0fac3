// Helpers shared by the SIP unit tests: building messages line by line and parsing them.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <random>
#include <string>
#include <string_view>

#include "sip/message.h"

namespace vg::sip::test {

// Random strings over the characters a grammar uses (plus a few others), for robustness tests.
inline std::string random_text(std::mt19937& rng, std::string_view alphabet, size_t max_len) {
  std::uniform_int_distribution<size_t> len(0, max_len);
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::string s(len(rng), ' ');
  for (auto& ch : s) ch = alphabet[pick(rng)];
  return s;
}

// True when the view `inner` lies inside `outer` (parsed fields must point into the input).
inline bool within(std::string_view outer, std::string_view inner) {
  return inner.empty() || (inner.data() >= outer.data() && inner.data() + inner.size() <= outer.data() + outer.size());
}

// Joins the start line and header lines with CRLF, adds the empty line, then the body.
inline std::string join(std::initializer_list<std::string_view> lines, std::string_view body = "",
                        std::string_view eol = "\r\n") {
  std::string out;
  for (std::string_view l : lines) {
    out.append(l);
    out.append(eol);
  }
  out.append(eol);
  out.append(body);
  return out;
}

// RFC 3261 §24.2 F1, with a 4-byte body.
inline const std::string kInvite = join(
    {
        "INVITE sip:bob@biloxi.com SIP/2.0",
        "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds",
        "Max-Forwards: 70",
        "To: Bob <sip:bob@biloxi.com>",
        "From: Alice <sip:alice@atlanta.com>;tag=1928301774",
        "Call-ID: a84b4c76e66710@pc33.atlanta.com",
        "CSeq: 314159 INVITE",
        "Contact: <sip:alice@pc33.atlanta.com>",
        "Content-Type: application/sdp",
        "Content-Length: 4",
    },
    "v=0\n");

// RFC 3261 §24.2 F9 style response, no body.
inline const std::string kOk = join({
    "SIP/2.0 200 OK",
    "Via: SIP/2.0/UDP server10.biloxi.com;branch=z9hG4bKnashds8;received=192.0.2.3",
    "Via: SIP/2.0/UDP bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1;received=192.0.2.2",
    "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds;received=192.0.2.1",
    "To: Bob <sip:bob@biloxi.com>;tag=a6c85cf",
    "From: Alice <sip:alice@atlanta.com>;tag=1928301774",
    "Call-ID: a84b4c76e66710@pc33.atlanta.com",
    "CSeq: 314159 INVITE",
    "Contact: <sip:bob@192.0.2.4>",
    "Content-Length: 0",
});

inline Message parse_ok(std::string_view bytes, const ParseOptions& o = {}) {
  auto r = Message::parse(bytes, o);
  if (!r) {
    ADD_FAILURE() << "parse failed: " << error_name(r.error()) << "\n" << bytes;
    // A minimal valid message keeps the caller going.
    auto fallback = Message::parse("OPTIONS sip:x SIP/2.0\r\n\r\n");
    return std::move(*fallback);
  }
  return std::move(*r);
}

// Errors are compared by their stable names ("kBadVia") so failures print readably.
// Name of the parse error, or "kNone" when parsing succeeds.
inline std::string_view parse_error(std::string_view bytes, const ParseOptions& o = {}) {
  auto r = Message::parse(bytes, o);
  return error_name(r ? ParseError::kNone : r.error());
}

// Name of the first error of parse + validate, or "kNone".
inline std::string_view check(std::string_view bytes, const ParseOptions& o = {}) {
  auto r = Message::parse(bytes, o);
  if (!r) return error_name(r.error());
  auto v = r->validate();
  return error_name(v ? ParseError::kNone : v.error());
}

template <class T>
std::string_view err(const Result<T, ParseError>& r) {
  return error_name(r ? ParseError::kNone : r.error());
}

}  // namespace vg::sip::test
