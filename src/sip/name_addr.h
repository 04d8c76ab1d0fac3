// name-addr / addr-spec values of From, To, Contact, Route, Record-Route and similar headers
// (RFC 3261 §20.10, §25.1), as views into the message buffer.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/result.h"
#include "sip/error.h"
#include "sip/params.h"
#include "sip/uri.h"

namespace vg::sip {

struct NameAddr {
  std::string_view raw;
  std::string_view display_name;  // without the surrounding quotes; escapes kept as written
  bool display_quoted = false;
  bool angle_brackets = false;    // name-addr form (<uri>) rather than addr-spec
  bool star = false;              // Contact: *
  Uri uri;
  ParamList params;               // header parameters (after the URI)
  // The tag parameter, found once while parsing: a proxy asks for From and To tags several times
  // per message (transaction and dialog keys, loop hash), and each lookup would scan the params.
  std::optional<std::string_view> tag_param;

  [[nodiscard]] std::optional<std::string_view> tag() const { return tag_param; }
};

// Parses one value (lists already split). allow_star accepts a lone "*" (Contact, RFC 3261 §10.2.2).
Result<NameAddr, ParseError> parse_name_addr(std::string_view text, size_t max_uri_length, bool allow_star = false);
// The same, filling `out` in place; kNone on success.
ParseError parse_name_addr_into(std::string_view text, size_t max_uri_length, bool allow_star, NameAddr& out);

}  // namespace vg::sip
