// One relayed call: for each media stream (m= line) two legs — the caller's and the callee's — each
// with voipguard's own RTP/RTCP sockets, what signalling told us about the endpoint (SDP address,
// rtcp-mux, SRTP keys), the address it latched to, and counters. on_packet() is the whole packet
// path: pinhole check, latching, SRTP unprotect, counters, SRTP protect for the other leg, and the
// destination. Updates from signalling threads and packets from the media thread meet under the
// session's own mutex (never a global one).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "core/ip.h"
#include "media/srtp.h"
#include "media/stream_stats.h"

namespace vg::media {

enum class Side : uint8_t { kCaller = 0, kCallee = 1 };
inline Side other(Side s) { return s == Side::kCaller ? Side::kCallee : Side::kCaller; }
inline size_t idx(Side s) { return static_cast<size_t>(s); }

// Which of a leg's two sockets a packet arrived on.
enum class Socket : uint8_t { kRtp = 0, kRtcp = 1 };

enum class Drop : uint8_t {
  kWrongSource,   // pinhole: not the latched address, or not one allowed to latch (RTP bleed/injection)
  kNotRtp,        // not RTP/RTCP version 2
  kSrtpAuth,      // SRTP/SRTCP authentication failed (tampered, plain RTP sent to an SRTP leg)
  kSrtpReplay,    // replayed or too old
  kSrtpOther,
  kNoDestination, // the other leg has no address yet (no answer)
  kProtectFailed, // could not encrypt for the other leg (e.g. a repeated sequence number)
  kCount,
};
std::string_view drop_name(Drop d);

// What signalling says about one leg's endpoint.
struct LegRemote {
  std::optional<Endpoint> rtp;       // SDP c= address and m= port; nullopt on hold (0.0.0.0) or unknown
  std::optional<Endpoint> rtcp;      // a=rtcp or m= port + 1
  bool rtcp_mux = false;             // RFC 5761: RTCP on the RTP port
  std::vector<IpAddress> latch_from; // sources allowed to latch: the SDP address, the SIP source
  bool latch_any = false;            // latch on any source (endpoints behind unknown NATs)
  uint32_t clock_rate = 8000;
};

struct LegCounters {
  uint64_t packets_in = 0, bytes_in = 0, rtcp_in = 0, packets_out = 0, bytes_out = 0;
  std::array<uint64_t, static_cast<size_t>(Drop::kCount)> drops{};
  uint64_t lost = 0;
  double jitter_ms = 0;
  [[nodiscard]] uint64_t dropped() const;
};

struct Forward {
  int fd = -1;      // our socket to send from (the other leg's)
  Endpoint to;
  size_t size = 0;  // bytes of the (re-encrypted) packet at the start of the buffer
};

class Session {
 public:
  struct Leg {
    uint16_t port = 0;          // our RTP port (RTCP is port + 1)
    int fds[2] = {-1, -1};      // our RTP and RTCP sockets
    LegRemote remote;
    std::optional<Endpoint> latched[2];
    std::optional<SrtpKey> recv_key, send_key;  // the endpoint's / ours
    std::unique_ptr<SrtpContext> inbound, outbound;
    StreamStats stats;
    LegCounters counters;
  };
  struct Stream {
    std::array<Leg, 2> legs;
  };

  Session() = default;

  // Signalling threads (under the lock).
  std::mutex& mutex() { return mu_; }
  std::vector<Stream>& streams() { return streams_; }  // lock held
  // Sets what signalling says about a leg; a changed address resets its latch (re-INVITE).
  static void set_remote(Leg& leg, LegRemote r);
  // Installs SRTP for a leg: nullopt keys mean plain RTP. Contexts are rebuilt only when a key changes.
  static bool set_keys(Leg& leg, const std::optional<SrtpKey>& recv, const std::optional<SrtpKey>& send);

  // Media thread: one datagram that arrived on (stream, side, socket) from `from`, in `data`
  // (capacity bytes writable). Returns where to send the result, or nullopt (dropped and counted).
  // `why` (optional) receives the reason of a drop.
  std::optional<Forward> on_packet(size_t stream, Side side, Socket sock, uint8_t* data, size_t size,
                                   size_t capacity, const Endpoint& from, int64_t now_ns, Drop* why = nullptr);

  [[nodiscard]] int64_t last_activity_ns() const { return last_activity_ns_.load(std::memory_order_relaxed); }
  void touch(int64_t now_ns) { last_activity_ns_.store(now_ns, std::memory_order_relaxed); }
  // Counters per side, summed over streams (lock taken).
  std::array<LegCounters, 2> counters();

 private:
  std::mutex mu_;
  std::vector<Stream> streams_;
  std::atomic<int64_t> last_activity_ns_{0};
};

}  // namespace vg::media
