// SDP rewriter: builds a new description from a parsed one, for a gateway that relays media:
// connection addresses (c=, o=, a=rtcp), media ports and protos, attributes removed or added.
// Unchanged lines are copied as they are; the output always has CRLF line endings and is checked
// by parsing it again. The caller updates Content-Length.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sdp/error.h"
#include "sdp/session.h"

namespace vg::sdp {

// a=<name>:<value>, or a=<name> when value is empty.
struct NewAttribute {
  std::string_view name{};
  std::string_view value{};
};

struct MediaRewrite {
  // New media-level c= address (IPv4 or IPv6 literal): replaces the section's c= line, or adds
  // one when the section used the session-level address. Written as "c=IN IP4|IP6 <address>".
  std::optional<std::string_view> address{};
  // New m= port (a port count, if any, is kept).
  std::optional<uint16_t> port{};
  // New a=rtcp port (RFC 3605). When unset but `port` is set, an existing a=rtcp gets port + 1
  // (RFC 3550 §11), or 0 when port is 0. An a=rtcp address, if present, follows the section's
  // new address.
  std::optional<uint16_t> rtcp_port{};
  // New m= proto, e.g. "RTP/SAVP" for an RTP→SRTP bridge.
  std::optional<std::string_view> proto{};
  // Attribute names to drop from this section; "name*" matches a prefix, case-insensitively.
  std::vector<std::string_view> remove_attributes{};
  // Attributes appended at the end of this section.
  std::vector<NewAttribute> add_attributes{};
};

struct Rewrite {
  // New session-level c= address: replaces it, or adds one when the session part has none. Media
  // sections without their own c= follow it.
  std::optional<std::string_view> session_address{};
  // New o= address; when unset, o= follows session_address (if that is set).
  std::optional<std::string_view> origin_address{};
  // Attribute names to drop at every level ("crypto", "candidate", "ice-*", ...).
  std::vector<std::string_view> remove_attributes{};
  // Attributes appended at the end of the session part.
  std::vector<NewAttribute> add_session_attributes{};
  // Per media section, by index; may be shorter than the media list (the rest stay unchanged).
  std::vector<MediaRewrite> media{};
};

// Builds the rewritten text (the views in `rw` need only live for the call). Errors: kBadAddress, kBadPort, kBadProto, kBadAttribute,
// kBadMediaIndex for bad arguments; a parse error if the result would not parse (an added
// attribute that is malformed or duplicates a singleton, for example).
Result<std::string, Error> rewrite(const SessionDescription& sd, const Rewrite& rw);

}  // namespace vg::sdp
