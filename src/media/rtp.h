// RTP and RTCP header views (RFC 3550 §5.1, §6.4) for the relay: just enough to tell RTP from RTCP on
// a multiplexed port (RFC 5761 §4), follow sequence numbers and timestamps, and reject what is not
// RTP at all. No allocation; the packet stays in the caller's buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace vg::media {

inline constexpr size_t kRtpHeaderSize = 12;
inline constexpr size_t kRtcpHeaderSize = 8;

struct RtpHeader {
  uint8_t payload_type = 0;
  bool marker = false;
  uint16_t sequence = 0;
  uint32_t timestamp = 0;
  uint32_t ssrc = 0;
  size_t header_size = 0;  // fixed header + CSRCs + extension
};

// nullopt when the bytes are not a well-formed RTP version 2 packet (short, bad version, CSRC list
// or extension running past the end, padding larger than the payload).
std::optional<RtpHeader> parse_rtp(const uint8_t* data, size_t size);

// RFC 5761 §4: on a multiplexed port, packet types 192..223 (second byte) are RTCP (SR 200, RR 201,
// SDES, BYE, APP, feedback 205/206, ...); RTP payload types stay outside that range.
bool looks_like_rtcp(const uint8_t* data, size_t size);

// Sender SSRC of an RTCP packet (bytes 4..7), for counters; nullopt when too short.
std::optional<uint32_t> rtcp_ssrc(const uint8_t* data, size_t size);

}  // namespace vg::media
