// Hard limits of the SIP parser. These are ceilings; configuration may lower them, never raise them.
#pragma once

#include <cstddef>

namespace vg::sip {

// Largest message accepted on any transport (a UDP datagram cannot exceed 65,535 bytes).
inline constexpr size_t kMaxMessageSize = 65535;
// Header fields (after splitting comma lists) in one message; real traffic stays under ~40.
inline constexpr size_t kMaxHeaders = 256;
// One header line including folded continuations.
inline constexpr size_t kMaxHeaderLineLength = 8192;
// Request-URI and any URI inside a header.
inline constexpr size_t kMaxUriLength = 4096;

struct Limits {
  size_t max_message_size = kMaxMessageSize;
  size_t max_headers = kMaxHeaders;
  size_t max_header_line_length = kMaxHeaderLineLength;
  size_t max_uri_length = kMaxUriLength;

  // Returns limits with every field clamped to the hard ceiling.
  [[nodiscard]] Limits clamped() const {
    Limits l = *this;
    if (l.max_message_size > kMaxMessageSize) l.max_message_size = kMaxMessageSize;
    if (l.max_headers > kMaxHeaders) l.max_headers = kMaxHeaders;
    if (l.max_header_line_length > kMaxHeaderLineLength) l.max_header_line_length = kMaxHeaderLineLength;
    if (l.max_uri_length > kMaxUriLength) l.max_uri_length = kMaxUriLength;
    return l;
  }
};

}  // namespace vg::sip
