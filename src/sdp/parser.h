// SDP parser (RFC 8866, formerly RFC 4566) over a buffer the caller keeps alive. Sans-I/O.
// Strict where a gateway acts on the content (structure, o=, c=, m=, ports, and every attribute it
// understands, SDES keys included); unknown attributes are kept as name/value.
#pragma once

#include <string_view>

#include "core/result.h"
#include "sdp/error.h"
#include "sdp/limits.h"
#include "sdp/session.h"

namespace vg::sdp {

// Parses a session description. LF or CRLF line endings; trailing empty lines are ignored.
// `text` must outlive the result (every view points into it). Limits above the hard ceilings in
// limits.h are clamped down to them.
Result<SessionDescription, Error> parse(std::string_view text, const Limits& limits = {});

namespace detail {
// As parse(), without clamping body, line and attribute limits (the media table stays fixed).
// For the rewriter's check of its own output, which may legitimately grow past the wire limits.
Result<SessionDescription, Error> parse_unclamped(std::string_view text, const Limits& limits);
}  // namespace detail

}  // namespace vg::sdp
