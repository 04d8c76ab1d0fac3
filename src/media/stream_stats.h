// Receive statistics of one RTP stream as RFC 3550 Appendix A computes them: extended highest
// sequence number with wrap counting (A.1), expected and lost packets (A.3), interarrival jitter
// (A.8). Fed with arrival times in nanoseconds from the injected clock; owned by one session.
#pragma once

#include <cstdint>

#include "media/rtp.h"

namespace vg::media {

class StreamStats {
 public:
  // clock_rate: RTP timestamp units per second of the stream's payload format (8000 for G.711).
  explicit StreamStats(uint32_t clock_rate = 8000) : clock_rate_(clock_rate) {}
  void set_clock_rate(uint32_t rate) { if (rate > 0) clock_rate_ = rate; }

  // One RTP packet (already authenticated and decrypted); arrival_ns from a monotonic clock.
  void on_packet(const RtpHeader& h, size_t bytes, int64_t arrival_ns);

  [[nodiscard]] uint64_t packets() const { return packets_; }
  [[nodiscard]] uint64_t bytes() const { return bytes_; }
  // A.3: expected = extended max - base + 1; lost = expected - received (negative with duplicates,
  // clamped at 0 here).
  [[nodiscard]] uint64_t expected() const;
  [[nodiscard]] uint64_t lost() const;
  // A.8 jitter estimate, in timestamp units and in microseconds.
  [[nodiscard]] uint32_t jitter_units() const { return static_cast<uint32_t>(jitter_ + 0.5); }
  [[nodiscard]] double jitter_ms() const { return clock_rate_ ? jitter_ / clock_rate_ * 1000.0 : 0.0; }
  [[nodiscard]] uint32_t extended_max() const { return cycles_ + max_seq_; }

 private:
  uint32_t clock_rate_;
  uint64_t packets_ = 0, bytes_ = 0;
  bool started_ = false;
  uint32_t ssrc_ = 0;
  uint16_t max_seq_ = 0;
  uint32_t cycles_ = 0;     // count of sequence wraps << 16
  uint32_t base_seq_ = 0;
  uint64_t received_ = 0;   // of the current SSRC
  double jitter_ = 0;       // J(i) in timestamp units
  int64_t last_transit_ = 0;
  bool have_transit_ = false;
};

}  // namespace vg::media
