// Pure request checks a proxy must make that the parser's validate() leaves to it (no state, no
// I/O). validate() already enforces the message limits, required headers (Via, From, To, Call-ID,
// CSeq), CSeq method matching, Max-Forwards range and Content-Length consistency; these are the rest.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sip/message.h"

namespace vg::filters::sanity {

struct Problem {
  uint16_t status;
  std::string_view reason;  // reason phrase
  std::string_view rule;    // stable rule name
  std::string evidence;
  std::string_view header_name;  // extra response header (420's Unsupported), or empty
  std::string header_value;
};

// The first problem found in a parsed, validated request, or nullopt.
std::optional<Problem> check_request(const sip::Message& m);

}  // namespace vg::filters::sanity
