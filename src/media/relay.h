// The media relay: anchors the media of calls through voipguard. The proxy hands it every SDP body
// of an INVITE dialog (offers and answers, in requests and responses, re-INVITEs included); it
// allocates ports, rewrites the SDP to point at them (with voipguard's own SRTP keys per leg), and
// relays the packets on its media thread (net::MediaLoop). Ends with the dialog (end()); a call whose
// media stopped is reported by take_inactive() so the proxy can tear it down.
// Thread-safe: signalling threads call process()/end()/take_inactive(); packets stay on the media thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/ip.h"
#include "core/result.h"
#include "events/sink.h"
#include "media/port_pool.h"
#include "media/session.h"
#include "net/media_loop.h"

namespace vg::media {

// How voipguard treats one leg's media encryption (see docs/media.md).
enum class LegMode : uint8_t {
  kMirror,  // SRTP if the endpoint offers/accepts it; offers what the other party offered
  kSrtp,    // SRTP required: a plain offer from this endpoint is refused (488); SRTP offered to it
  kPlain,   // plain RTP towards this endpoint (the inside of an RTP<->SRTP bridge)
};

struct RelayConfig {
  IpAddress address = IpAddress::v4(0x7f000001);  // media sockets bind here
  std::string advertised;                          // written in SDP; empty = address
  uint16_t port_min = 30000, port_max = 30999;
  std::chrono::seconds inactivity_timeout{60};     // 0 disables the zombie-call check
  bool latch_any = false;                          // latch on any source (unknown NATs)
};

enum class MediaError : uint8_t {
  kBadSdp,          // unparseable or unusable SDP
  kSrtpRequired,    // policy needs SRTP and the endpoint offered plain RTP (488)
  kNotAcceptable,   // nothing we can relay (e.g. DTLS-SRTP only) (488)
  kNoPorts,         // the port range is exhausted (503 / 488)
  kNoSession,       // an answer for a call we have no offer of
};
std::string_view describe(MediaError e);

// What the proxy tells process() about one SDP body.
enum class SdpOrigin : uint8_t {
  kRequest,   // INVITE / UPDATE: an offer
  kResponse,  // to INVITE / UPDATE: the answer to a pending offer, else an offer (late offer)
  kAck,       // the answer to an offer made in a 2xx
};

struct SdpInput {
  std::string_view call_id;
  std::string_view from_tag;  // the dialog's From tag (the caller's)
  Side sender = Side::kCaller;
  SdpOrigin origin = SdpOrigin::kRequest;
  Endpoint signalling_source;  // where the SIP message came from (a NATed endpoint's real address)
  std::array<LegMode, 2> modes{LegMode::kMirror, LegMode::kMirror};  // by Side; fixed by the first call
  std::string tenant, account;  // for events
};

// Per call, for the CDR: per side (caller, callee) what it sent us.
struct CallMediaStats {
  std::array<LegCounters, 2> legs{};
  bool srtp[2] = {false, false};
};

struct RelayStats {
  std::atomic<uint64_t> sessions{0}, ended{0}, inactive{0}, no_ports{0}, rejected{0};
  std::atomic<uint64_t> forwarded{0};
  std::array<std::atomic<uint64_t>, static_cast<size_t>(Drop::kCount)> drops{};
};

class Relay {
 public:
  Relay(RelayConfig cfg, const Clock& clock, events::EventSink& events);
  ~Relay();
  void start();
  void stop();

  // Rewrites one SDP body so media flows through us; the new body, or why it cannot be relayed.
  Result<std::string, MediaError> process(const SdpInput& in, std::string_view body);
  // The dialog ended: sockets closed, ports back in the pool; its counters (if it had media).
  std::optional<CallMediaStats> end(std::string_view call_id, std::string_view from_tag);
  // Calls whose media has been silent longer than the inactivity timeout (each reported once):
  // (call_id, from_tag).
  std::vector<std::pair<std::string, std::string>> take_inactive();
  // Checks inactivity now (the media thread does it every second; tests call it directly).
  void check_inactivity();

  [[nodiscard]] const RelayStats& stats() const { return stats_; }
  [[nodiscard]] const PortPool& ports() const { return ports_; }
  [[nodiscard]] size_t session_count() const;
  [[nodiscard]] std::optional<CallMediaStats> call_stats(std::string_view call_id, std::string_view from_tag) const;
  [[nodiscard]] const RelayConfig& config() const { return cfg_; }
  [[nodiscard]] net::MediaLoop& loop() { return loop_; }

  struct Call;  // relay.cc / anchor.cc

 private:
  Result<void, MediaError> ensure_streams(Call& call, size_t count);
  void close_call(Call& call);

  RelayConfig cfg_;
  std::string advertised_;
  const Clock& clock_;
  events::EventSink& events_;
  PortPool ports_;
  net::MediaLoop loop_;
  RelayStats stats_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<Call>> calls_;
  std::vector<std::pair<std::string, std::string>> inactive_;
  bool started_ = false;
};

}  // namespace vg::media
