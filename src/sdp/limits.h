// Hard limits of the SDP parser. These are ceilings; configuration may lower them, never raise them.
#pragma once

#include <cstddef>
#include <cstdint>

namespace vg::sdp {

// Largest session description accepted (a SIP body carried in one UDP datagram stays below 64 KiB).
inline constexpr size_t kMaxBodySize = 65535;
// Lines in one description; a WebRTC offer with many candidates stays well below 500.
inline constexpr size_t kMaxLines = 2048;
// m= sections; also the size of the fixed media table (no allocation per section).
inline constexpr size_t kMaxMediaSections = 32;
// a= lines in the whole description, session and media levels together.
inline constexpr size_t kMaxAttributes = 1024;
// m=<media> <port>/<count>: a gateway opens pinholes per port, so the count is capped hard.
inline constexpr uint16_t kMaxPortCount = 16;
// c=<..>/<ttl>/<count>: multicast address count.
inline constexpr uint16_t kMaxAddressCount = 256;
// a=crypto lines in one media section (RFC 4568 offers carry a handful).
inline constexpr size_t kMaxCryptosPerMedia = 16;
// inline: key parameters in one a=crypto line (RFC 4568 §9.1 key-params list).
inline constexpr size_t kMaxKeyParams = 4;

struct Limits {
  size_t max_body_size = kMaxBodySize;
  size_t max_lines = kMaxLines;
  size_t max_media_sections = kMaxMediaSections;
  size_t max_attributes = kMaxAttributes;

  // Returns limits with every field clamped to the hard ceiling.
  [[nodiscard]] constexpr Limits clamped() const {
    Limits l = *this;
    if (l.max_body_size > kMaxBodySize) l.max_body_size = kMaxBodySize;
    if (l.max_lines > kMaxLines) l.max_lines = kMaxLines;
    if (l.max_media_sections > kMaxMediaSections) l.max_media_sections = kMaxMediaSections;
    if (l.max_attributes > kMaxAttributes) l.max_attributes = kMaxAttributes;
    return l;
  }
};

}  // namespace vg::sdp
