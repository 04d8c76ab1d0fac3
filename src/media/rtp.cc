#include "media/rtp.h"

namespace vg::media {

namespace {
uint16_t be16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }
uint32_t be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}
}  // namespace

std::optional<RtpHeader> parse_rtp(const uint8_t* data, size_t size) {
  if (size < kRtpHeaderSize || (data[0] >> 6) != 2) return std::nullopt;
  RtpHeader h;
  const size_t csrc_count = data[0] & 0x0f;
  const bool extension = (data[0] & 0x10) != 0;
  const bool padding = (data[0] & 0x20) != 0;
  h.marker = (data[1] & 0x80) != 0;
  h.payload_type = data[1] & 0x7f;
  h.sequence = be16(data + 2);
  h.timestamp = be32(data + 4);
  h.ssrc = be32(data + 8);
  size_t off = kRtpHeaderSize + 4 * csrc_count;
  if (off > size) return std::nullopt;
  if (extension) {
    // RFC 3550 §5.3.1: 16-bit profile-defined id, 16-bit length in 32-bit words.
    if (off + 4 > size) return std::nullopt;
    off += 4 + 4 * size_t{be16(data + off + 2)};
    if (off > size) return std::nullopt;
  }
  if (padding) {
    // RFC 3550 §5.1: the last octet counts the padding, itself included. (Under SRTP the padding is
    // encrypted; callers check it only on plain RTP.)
    const size_t pad = data[size - 1];
    if (pad == 0 || off + pad > size) return std::nullopt;
  }
  h.header_size = off;
  return h;
}

bool looks_like_rtcp(const uint8_t* data, size_t size) {
  if (size < kRtcpHeaderSize || (data[0] >> 6) != 2) return false;
  return data[1] >= 192 && data[1] <= 223;
}

std::optional<uint32_t> rtcp_ssrc(const uint8_t* data, size_t size) {
  if (size < kRtcpHeaderSize) return std::nullopt;
  return be32(data + 4);
}

}  // namespace vg::media
