// Shared helpers of the media unit tests: RTP/RTCP packet builders.
#pragma once

#include <cstdint>
#include <vector>

namespace vg::media::test {

// An RTP packet (V=2, PT 0) with `payload` bytes of a pattern derived from seq; room for SRTP growth.
inline std::vector<uint8_t> rtp_packet(uint16_t seq, uint32_t ts, uint32_t ssrc, size_t payload = 160,
                                       uint8_t pt = 0) {
  std::vector<uint8_t> p(12 + payload + 200, 0);
  p[0] = 0x80;
  p[1] = pt;
  p[2] = static_cast<uint8_t>(seq >> 8);
  p[3] = static_cast<uint8_t>(seq);
  for (int i = 0; i < 4; ++i) p[4 + i] = static_cast<uint8_t>(ts >> (24 - 8 * i));
  for (int i = 0; i < 4; ++i) p[8 + i] = static_cast<uint8_t>(ssrc >> (24 - 8 * i));
  for (size_t i = 0; i < payload; ++i) p[12 + i] = static_cast<uint8_t>(seq * 7 + i);
  p.resize(12 + payload);
  p.reserve(12 + payload + 200);
  return p;
}

// An RTCP receiver report without report blocks (PT 201).
inline std::vector<uint8_t> rtcp_rr(uint32_t ssrc) {
  std::vector<uint8_t> p = {0x80, 201, 0, 1, 0, 0, 0, 0};
  for (int i = 0; i < 4; ++i) p[4 + i] = static_cast<uint8_t>(ssrc >> (24 - 8 * i));
  return p;
}

}  // namespace vg::media::test
