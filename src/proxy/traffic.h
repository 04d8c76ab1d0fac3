// Per-message traffic accounting of the proxy core: requests by method and responses by status
// class, in and out, per transport; the processing-time histogram; and the debug-level log line of
// every message received and sent (method or status, peer, transport, Call-ID — never a header that
// may carry credentials, never the Request-URI, which may carry a password). Lock-free: relaxed
// atomics, updated on worker threads.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string_view>

#include "core/clock.h"
#include "metrics/registry.h"
#include "net/transport.h"
#include "sip/message.h"

namespace vg::proxy {

class TrafficStats {
 public:
  static constexpr std::size_t kMethods = 15;  // sip::Method values; 0 = extension methods
  static constexpr std::size_t kClasses = 6;   // 1xx..6xx
  enum Direction : std::size_t { kIn = 0, kOut = 1 };

  TrafficStats();

  void received(const sip::Message& m, const net::Inbound& in);
  void sent(std::string_view bytes, const net::Outbound& to);
  // Processing time of one message by on_message.
  void processed(Clock::Duration d) { latency_.observe_ns(static_cast<uint64_t>(d.count())); }

  [[nodiscard]] uint64_t requests(Direction d, net::Transport t, std::size_t method) const {
    return requests_[d][static_cast<std::size_t>(t)][method].load(std::memory_order_relaxed);
  }
  [[nodiscard]] uint64_t responses(Direction d, net::Transport t, std::size_t status_class) const {
    return responses_[d][static_cast<std::size_t>(t)][status_class].load(std::memory_order_relaxed);
  }
  [[nodiscard]] const metrics::Histogram& latency() const { return latency_; }

  // Reports the counters (voipguard_sip_requests_total, voipguard_sip_responses_total) and the
  // histogram (voipguard_message_processing_seconds).
  void collect(metrics::Writer& w) const;

 private:
  using PerTransport = std::array<std::atomic<uint64_t>, kMethods>;
  std::array<std::array<PerTransport, net::kTransportCount>, 2> requests_{};
  std::array<std::array<std::array<std::atomic<uint64_t>, kClasses>, net::kTransportCount>, 2> responses_{};
  metrics::Histogram latency_;
};

// The Call-ID of a serialized message (header "Call-ID" or compact "i"), or empty.
std::string_view scan_call_id(std::string_view bytes);

}  // namespace vg::proxy
