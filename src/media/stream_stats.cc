#include "media/stream_stats.h"

#include <cmath>
#include <cstdlib>

namespace vg::media {

namespace {
// RFC 3550 A.1: a jump of at most kMaxDropout ahead is loss; kMaxMisorder behind is reordering;
// anything else is a restart of the sequence (a new sender or a source that skipped).
constexpr uint16_t kMaxDropout = 3000;
constexpr uint16_t kMaxMisorder = 100;
}  // namespace

void StreamStats::on_packet(const RtpHeader& h, size_t bytes, int64_t arrival_ns) {
  ++packets_;
  bytes_ += bytes;
  if (!started_ || h.ssrc != ssrc_) {
    // New source (or SSRC change after a re-INVITE / transfer): restart the sequence state.
    started_ = true;
    ssrc_ = h.ssrc;
    max_seq_ = h.sequence;
    base_seq_ = h.sequence;
    cycles_ = 0;
    received_ = 1;
    have_transit_ = false;
  } else {
    const uint16_t delta = static_cast<uint16_t>(h.sequence - max_seq_);
    if (delta < kMaxDropout) {
      if (h.sequence < max_seq_) cycles_ += 1u << 16;  // wrapped
      max_seq_ = h.sequence;
    } else if (delta <= 65535 - kMaxMisorder) {
      // A very large jump: treat as a restart of the sequence (RFC 3550 A.1 resyncs after two such
      // packets; one is enough for counters that are informational).
      max_seq_ = h.sequence;
      base_seq_ = static_cast<uint32_t>(cycles_ + h.sequence);
      received_ = 0;
    }  // else: duplicate or reordered, counted as received below
    ++received_;
  }
  // A.8: transit = arrival (in timestamp units) - RTP timestamp; D = difference of transits;
  // J += (|D| - J) / 16.
  const int64_t arrival_units =
      static_cast<int64_t>(static_cast<double>(arrival_ns) * clock_rate_ / 1e9);
  const int64_t transit = arrival_units - static_cast<int64_t>(h.timestamp);
  if (have_transit_) {
    int64_t d = transit - last_transit_;
    // Timestamps wrap at 2^32: take the difference modulo 2^32 as a signed value.
    d = static_cast<int32_t>(static_cast<uint32_t>(d));
    jitter_ += (static_cast<double>(std::llabs(d)) - jitter_) / 16.0;
  }
  last_transit_ = transit;
  have_transit_ = true;
}

uint64_t StreamStats::expected() const {
  if (!started_) return 0;
  const uint64_t ext = uint64_t{cycles_} + max_seq_;
  return ext >= base_seq_ ? ext - base_seq_ + 1 : 0;
}

uint64_t StreamStats::lost() const {
  const uint64_t e = expected();
  return e > received_ ? e - received_ : 0;
}

}  // namespace vg::media
