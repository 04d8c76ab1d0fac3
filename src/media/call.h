// Relay::Call: the relay's record of one call (internal to relay.cc and anchor.cc).
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "events/event.h"
#include "media/relay.h"

namespace vg::media {

// Offer/answer state of one m= line (RFC 3264): what the last offer said, so the answer can be
// checked and the answer to the offerer built to match its offer.
struct StreamNegotiation {
  bool relayed = false;                    // an RTP stream we anchor
  std::string offer_proto;                 // the offerer's m= proto, echoed in our answer to it
  uint32_t offer_tag = 1;                  // the offerer's a=crypto tag (RFC 4568 §5.1.2)
  std::optional<SrtpSuite> offerer_suite;  // set when the offerer uses SRTP
  bool offer_mux = false;                  // the offerer asked for rtcp-mux
  std::optional<SrtpSuite> offered_suite;  // what we offered the answerer (nullopt: plain RTP)
  std::optional<SrtpKey> offered_key;      // our key in that offer, installed when it is accepted
};

// The media thread's entry into one call: decodes the socket tag, runs the session's packet path,
// queues the result. Reports the first injected packet per side as a security event.
class SessionReceiver final : public net::DatagramReceiver {
 public:
  SessionReceiver(std::shared_ptr<Session> s, const Clock& clock, RelayStats& stats, events::EventSink& events,
                  std::string call_id, std::string tenant)
      : session_(std::move(s)), clock_(clock), stats_(stats), events_(events), call_id_(std::move(call_id)),
        tenant_(std::move(tenant)) {}

  static uint32_t tag(size_t stream, Side side, Socket sock) {
    return static_cast<uint32_t>(stream * 4 + idx(side) * 2 + static_cast<size_t>(sock));
  }

  void on_datagram(net::MediaLoop& loop, uint32_t tag, uint8_t* data, size_t size, size_t capacity,
                   const Endpoint& from) override {
    const size_t stream = tag / 4;
    const Side side = (tag & 2) ? Side::kCallee : Side::kCaller;
    const Socket sock = (tag & 1) ? Socket::kRtcp : Socket::kRtp;
    const int64_t now = clock_.mono().time_since_epoch().count();
    Drop why = Drop::kCount;
    auto fwd = session_->on_packet(stream, side, sock, data, size, capacity, from, now, &why);
    if (fwd) {
      ++stats_.forwarded;
      loop.send(fwd->fd, fwd->to, std::string_view(reinterpret_cast<const char*>(data), fwd->size));
      return;
    }
    if (why == Drop::kCount) return;
    ++stats_.drops[static_cast<size_t>(why)];
    if ((why == Drop::kWrongSource || why == Drop::kSrtpAuth) && !reported_[idx(side)]) {
      reported_[idx(side)] = true;  // once per call side: an attacker must not flood the event log
      events::Event e;
      e.time_ms = clock_.unix_seconds() * 1000;
      e.kind = why == Drop::kWrongSource ? "media.rtp_injection" : "media.srtp_auth_failure";
      e.severity = events::Severity::kWarning;
      e.source = from;
      e.transport = "UDP";
      e.tenant = tenant_;
      e.filter = "media";
      e.rule = std::string(drop_name(why));
      e.action = "drop";
      e.evidence = std::string(why == Drop::kWrongSource ? "RTP from an address outside the call's pinhole"
                                                         : "SRTP packet failed authentication");
      e.fields = {{"call_id", call_id_}, {"side", side == Side::kCaller ? "caller" : "callee"}};
      events_.emit(std::move(e));
    }
  }

 private:
  std::shared_ptr<Session> session_;
  const Clock& clock_;
  RelayStats& stats_;
  events::EventSink& events_;
  std::string call_id_, tenant_;
  bool reported_[2] = {false, false};  // media thread only
};

struct Relay::Call {
  std::string call_id, from_tag;
  std::shared_ptr<Session> session;
  std::shared_ptr<SessionReceiver> receiver;
  std::array<LegMode, 2> modes{};
  std::optional<Side> last_offer_from;
  std::vector<StreamNegotiation> neg;  // by stream
  std::array<bool, 2> srtp{};          // the leg uses SRTP (last negotiation)
  bool answered = false;
  bool reported_inactive = false;
  std::string tenant, account;
};

}  // namespace vg::media
