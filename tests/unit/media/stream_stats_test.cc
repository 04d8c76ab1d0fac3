#include "media/stream_stats.h"

#include <gtest/gtest.h>

namespace vg::media {
namespace {

RtpHeader hdr(uint16_t seq, uint32_t ts, uint32_t ssrc = 1) {
  RtpHeader h;
  h.sequence = seq;
  h.timestamp = ts;
  h.ssrc = ssrc;
  h.header_size = 12;
  return h;
}

constexpr int64_t kMs = 1'000'000;

TEST(MediaStreamStats, PerfectStreamHasNoLossAndNoJitter) {
  StreamStats s(8000);
  for (uint16_t i = 0; i < 100; ++i) s.on_packet(hdr(i, i * 160u), 160, int64_t{i} * 20 * kMs);
  EXPECT_EQ(s.packets(), 100u);
  EXPECT_EQ(s.bytes(), 16000u);
  EXPECT_EQ(s.expected(), 100u);
  EXPECT_EQ(s.lost(), 0u);
  EXPECT_EQ(s.jitter_units(), 0u);
}

TEST(MediaStreamStats, CountsLossAcrossASequenceWrap) {
  StreamStats s(8000);
  uint16_t seq = 65500;
  int n = 0;
  for (int i = 0; i < 100; ++i, ++seq) {
    if (i % 10 == 5) continue;  // every tenth packet lost
    s.on_packet(hdr(seq, static_cast<uint32_t>(i) * 160u), 160, int64_t{i} * 20 * kMs);
    ++n;
  }
  EXPECT_EQ(s.packets(), static_cast<uint64_t>(n));
  EXPECT_EQ(s.expected(), 100u);
  EXPECT_EQ(s.lost(), 10u);
  EXPECT_EQ(s.extended_max(), 65536u + static_cast<uint16_t>(65500 + 99));
}

TEST(MediaStreamStats, JitterFollowsRfc3550A8) {
  // Packets alternately 10 ms late: |D| = 80 units every packet after the first; J converges to
  // 80 (J += (80 - J) / 16).
  StreamStats s(8000);
  double j = 0;
  for (uint16_t i = 0; i < 200; ++i) {
    const int64_t late = (i % 2) ? 10 * kMs : 0;
    s.on_packet(hdr(i, i * 160u), 160, int64_t{i} * 20 * kMs + late);
    if (i > 0) j += (80.0 - j) / 16.0;
  }
  EXPECT_NEAR(s.jitter_units(), j, 1.0);
  EXPECT_NEAR(s.jitter_ms(), 10.0, 0.2);
}

TEST(MediaStreamStats, NewSsrcRestartsSequenceState) {
  StreamStats s(8000);
  for (uint16_t i = 0; i < 10; ++i) s.on_packet(hdr(i, i * 160u, 1), 160, int64_t{i} * 20 * kMs);
  for (uint16_t i = 0; i < 10; ++i) s.on_packet(hdr(static_cast<uint16_t>(40000 + i), i * 160u, 2), 160, int64_t{i + 10} * 20 * kMs);
  EXPECT_EQ(s.expected(), 10u);
  EXPECT_EQ(s.lost(), 0u);
  EXPECT_EQ(s.packets(), 20u);
}

}  // namespace
}  // namespace vg::media
