#include "sip/framer.h"

#include <cstring>

#include "sip/header_id.h"
#include "sip/scan.h"

namespace vg::sip {

namespace {

Frame malformed(ParseError e) {
  Frame f;
  f.status = FrameStatus::kMalformed;
  f.error = e;
  return f;
}

// Finds the end of the header section (index just past the empty line) starting at from; npos when
// not yet present. Accepts CRLF and bare LF line ends.
size_t find_header_end(std::string_view s, size_t from) {
  size_t i = from;
  while (true) {
    const void* nl = std::memchr(s.data() + i, '\n', s.size() - i);
    if (!nl) return std::string_view::npos;
    size_t p = static_cast<size_t>(static_cast<const char*>(nl) - s.data());
    size_t next = p + 1;
    if (next < s.size() && s[next] == '\n') return next + 1;
    if (next + 1 < s.size() && s[next] == '\r' && s[next + 1] == '\n') return next + 2;
    if (next + 1 >= s.size()) return std::string_view::npos;
    i = next;
  }
}

}  // namespace

Frame frame_stream(std::string_view buffer, const Limits& limits_in, size_t search_from) {
  const Limits limits = limits_in.clamped();
  Frame f;
  size_t lead = 0;
  while (lead < buffer.size() && (buffer[lead] == '\r' || buffer[lead] == '\n')) ++lead;
  if (lead == buffer.size()) {
    if (lead == 0) return f;  // empty buffer
    f.status = FrameStatus::kKeepalive;
    f.consumed = lead;
    f.ping = buffer.find("\r\n\r\n") != std::string_view::npos || buffer.find("\n\n") != std::string_view::npos;
    return f;
  }
  if (lead > 0) {
    // RFC 5626 §4.4.1: a ping coalesced with the start of the next message still needs its pong.
    std::string_view crlfs = buffer.substr(0, lead);
    if (crlfs.find("\r\n\r\n") != std::string_view::npos || crlfs.find("\n\n") != std::string_view::npos) {
      f.status = FrameStatus::kKeepalive;
      f.consumed = lead;
      f.ping = true;
      return f;
    }
  }
  size_t end = find_header_end(buffer, search_from > lead && search_from < buffer.size() ? search_from : lead);
  if (end == std::string_view::npos) {
    if (buffer.size() - lead > limits.max_message_size) return malformed(ParseError::kTooLarge);
    return f;  // need more
  }
  if (end - lead > limits.max_message_size) return malformed(ParseError::kTooLarge);
  // NUL bytes are left to Message::parse: a NUL is valid as a quoted-pair (RFC 3261 §25.1), and a
  // stray one cannot shift the boundaries found here.

  // Content-Length from the header section (first line is the start line; skip it).
  std::string_view headers = buffer.substr(lead, end - lead);
  bool have_length = false;
  uint64_t length = 0;
  size_t pos = headers.find('\n');
  while (pos != std::string_view::npos && pos + 1 < headers.size()) {
    size_t line_start = pos + 1;
    size_t nl = headers.find('\n', line_start);
    if (nl == std::string_view::npos) break;
    std::string_view line = headers.substr(line_start, nl - line_start);
    pos = nl;
    if (line.empty() || scan::is_ws(line[0])) continue;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;  // Message::parse reports it
    std::string_view name = scan::trim(line.substr(0, colon));
    if (lookup_header(name) != HeaderId::kContentLength) continue;
    if (have_length) return malformed(ParseError::kContentLengthConflict);
    auto n = scan::parse_uint<uint64_t>(scan::trim(line.substr(colon + 1)), UINT64_MAX);
    if (!n) return malformed(ParseError::kBadContentLength);
    have_length = true;
    length = *n;
  }
  // RFC 3261 §18.3: Content-Length MUST be used with stream transports.
  if (!have_length) return malformed(ParseError::kMissingRequiredHeader);
  if (length > limits.max_message_size || (end - lead) + length > limits.max_message_size) {
    return malformed(ParseError::kTooLarge);
  }
  if (buffer.size() < end + length) {
    f.header_end = end;
    return f;  // need more
  }
  f.status = FrameStatus::kComplete;
  f.skipped = lead;
  f.consumed = end + static_cast<size_t>(length);
  return f;
}

}  // namespace vg::sip
