// The call flow of bench/proxy_vs_kamailio (INVITE, 180, 200, ACK, BYE, 200 through an edge tenant,
// record-routed and transaction-stateful) driven straight into ProxyCore::on_message with a fake
// clock and a sender that keeps the last message per side: no sockets, no SIPp. Shared by the
// in-process benchmarks (proxy_core_bench, proxy_events_bench) so they measure the same work.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "auth/nonce.h"
#include "config/config.h"
#include "core/clock.h"
#include "core/random.h"
#include "net/transport.h"
#include "proxy/dialogs.h"
#include "proxy/digest_guard.h"
#include "proxy/location.h"
#include "proxy/proxy.h"
#include "proxy/settings.h"
#include "proxy/transactions.h"

namespace vg::bench {

using namespace std::chrono_literals;

inline constexpr std::string_view kDriverYaml = R"(mode: edge
listeners:
  - { name: udp, transport: udp, address: 127.0.0.1, port: 35060 }
upstreams:
  - { name: uas, host: 127.0.0.5, port: 35062, health_check: { interval: 0 } }
tenants:
  - domain: bench.example
    mode: edge
    default_upstream: uas
)";

inline const Endpoint kUac{*IpAddress::parse("127.0.0.2"), 35061};
inline const Endpoint kUas{*IpAddress::parse("127.0.0.5"), 35062};
inline const Endpoint kProxy{*IpAddress::parse("127.0.0.1"), 35060};

inline proxy::SettingsPtr make_driver_settings() {
  auto r = config::load_config_string(kDriverYaml, "bench.yaml");
  if (!r) {
    std::fprintf(stderr, "bench config: %s\n", r.error().front().to_string().c_str());
    std::exit(1);
  }
  auto s = std::make_shared<proxy::Settings>();
  for (const auto& u : r->upstreams) {
    net::Outbound out;
    out.destination = Endpoint{*IpAddress::parse(u.host), u.port};
    s->upstreams[u.name] = out;
  }
  for (const auto& l : r->listeners) {
    proxy::ListenerInfo li;
    li.bound = l.endpoint();
    li.advertised = li.bound.to_string();
    s->listeners.push_back(li);
  }
  s->config = std::move(*r);
  return s;
}

// Keeps the last message sent to each side.
class LastSender final : public net::Sender {
 public:
  net::SendError send(const net::Outbound& to, std::string_view bytes) override {
    (to.destination == kUas ? to_uas : to_uac).assign(bytes);
    ++count;
    return net::SendError::kNone;
  }
  std::string to_uas, to_uac;
  uint64_t count = 0;
};

// What a benchmark may do with each message after the proxy core handled it: `what` is the method
// or the status code, `call_id` the message's Call-ID (both known to the driver, so the hook pays
// no parsing the proxy has already done).
class MessageHook {
 public:
  virtual ~MessageHook() = default;
  virtual void on_message(const net::Inbound& in, std::string_view what, std::string_view call_id) = 0;
};

// The header lines of `msg` whose name is `name` (full form, as the proxy and this driver write
// them), each with its CRLF.
inline void copy_lines(std::string_view msg, std::string_view name, std::string& out) {
  size_t pos = msg.find("\r\n") + 2;
  while (pos < msg.size()) {
    size_t end = msg.find("\r\n", pos);
    if (end == std::string_view::npos || end == pos) break;
    std::string_view line = msg.substr(pos, end - pos);
    if (line.size() > name.size() && line.compare(0, name.size(), name) == 0 && line[name.size()] == ':') {
      out.append(line).append("\r\n");
    }
    pos = end + 2;
  }
}

inline std::string_view value_of(std::string_view msg, std::string_view name) {
  std::string probe = "\r\n" + std::string(name) + ": ";
  size_t p = msg.find(probe);
  if (p == std::string_view::npos) return {};
  p += probe.size();
  return msg.substr(p, msg.find("\r\n", p) - p);
}

inline constexpr std::string_view kSdp =
    "v=0\r\no=x 1 1 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\n"
    "a=rtpmap:0 PCMU/8000\r\n";

class Driver {
 public:
  // call_id_suffix follows the call number in every Call-ID ("@bench" keeps proxy_core_bench's
  // historical messages; a softphone's Call-ID is usually 30-40 characters).
  explicit Driver(std::string call_id_suffix = "@bench", MessageHook* hook = nullptr)
      : suffix_(std::move(call_id_suffix)),
        hook_(hook),
        settings_(make_driver_settings()),
        dialogs_(proxy::DialogTimeouts{settings_->config.dialogs.early_timeout,
                                       settings_->config.dialogs.max_duration}),
        txns_(proxy::TimerConfig{500ms, 4000ms, 180000ms}),
        digest_(secret(), settings_->config.auth.nonce_lifetime, clock_, random_),
        core_(settings_, location_, dialogs_, txns_, digest_, clock_, random_) {}

  // One whole call; `deliver_to_proxy` false runs only the driver's string work (its cost alone).
  bool call(uint64_t n, bool deliver_to_proxy) {
    const std::string id = std::to_string(n);
    const std::string call_id = id + suffix_;
    std::string invite = "INVITE sip:service@bench.example SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:35061;branch=z9hG4bK-" +
                         id + "-1;rport\r\nFrom: <sip:caller@bench.example>;tag=c" + id +
                         "\r\nTo: <sip:service@bench.example>\r\nCall-ID: " + call_id +
                         "\r\nCSeq: 1 INVITE\r\nContact: <sip:caller@127.0.0.2:35061>\r\nMax-Forwards: "
                         "70\r\nContent-Type: application/sdp\r\nContent-Length: " +
                         std::to_string(kSdp.size()) + "\r\n\r\n" + std::string(kSdp);
    deliver(kUac, invite, "INVITE", call_id, deliver_to_proxy);
    const std::string fwd_invite = deliver_to_proxy ? sender_.to_uas : fake_forward(invite);
    if (fwd_invite.empty()) return false;

    std::string head;
    copy_lines(fwd_invite, "Via", head);
    head += "From: " + std::string(value_of(fwd_invite, "From")) + "\r\nTo: " +
            std::string(value_of(fwd_invite, "To")) + ";tag=s" + id + "\r\nCall-ID: " +
            std::string(value_of(fwd_invite, "Call-ID")) + "\r\nCSeq: " +
            std::string(value_of(fwd_invite, "CSeq")) + "\r\n";
    copy_lines(fwd_invite, "Record-Route", head);
    head += "Contact: <sip:callee@127.0.0.5:35062>\r\n";
    deliver(kUas, "SIP/2.0 180 Ringing\r\n" + head + "Content-Length: 0\r\n\r\n", "180", call_id, deliver_to_proxy);
    std::string ok = "SIP/2.0 200 OK\r\n" + head + "Content-Type: application/sdp\r\nContent-Length: " +
                     std::to_string(kSdp.size()) + "\r\n\r\n" + std::string(kSdp);
    deliver(kUas, ok, "200", call_id, deliver_to_proxy);
    const std::string got_ok = deliver_to_proxy ? sender_.to_uac : ok;

    std::string dialog = "From: <sip:caller@bench.example>;tag=c" + id + "\r\nTo: " +
                         std::string(value_of(got_ok, "To")) + "\r\nCall-ID: " + call_id + "\r\n";
    std::string routes;
    if (std::string_view rr = value_of(got_ok, "Record-Route"); !rr.empty()) routes = "Route: " + std::string(rr) + "\r\n";
    auto in_dialog = [&](std::string_view method, int cseq, std::string_view branch) {
      return std::string(method) + " sip:callee@127.0.0.5:35062 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:35061;branch=z9hG4bK-" +
             id + std::string(branch) + ";rport\r\n" + dialog + "CSeq: " + std::to_string(cseq) + " " +
             std::string(method) + "\r\n" + routes + "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    };
    deliver(kUac, in_dialog("ACK", 1, "-2"), "ACK", call_id, deliver_to_proxy);
    std::string bye = in_dialog("BYE", 2, "-3");
    deliver(kUac, bye, "BYE", call_id, deliver_to_proxy);
    const std::string fwd_bye = deliver_to_proxy ? sender_.to_uas : fake_forward(bye);
    std::string bye_ok = "SIP/2.0 200 OK\r\n";
    copy_lines(fwd_bye, "Via", bye_ok);
    bye_ok += "From: " + std::string(value_of(fwd_bye, "From")) + "\r\nTo: " + std::string(value_of(fwd_bye, "To")) +
              "\r\nCall-ID: " + std::string(value_of(fwd_bye, "Call-ID")) + "\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n";
    deliver(kUas, bye_ok, "200", call_id, deliver_to_proxy);

    // Fake time per call (1 ms by default: a steady 1000 calls/s), a tick every 10 calls.
    clock_.advance(per_call_);
    if (n % 10 == 0 && deliver_to_proxy) core_.on_tick(clock_.mono(), sender_);
    return true;
  }

  void set_time_per_call(std::chrono::microseconds d) { per_call_ = d; }
  [[nodiscard]] const proxy::ProxyStats& stats() const { return core_.stats(); }
  [[nodiscard]] uint64_t sent() const { return sender_.count; }
  [[nodiscard]] const Clock& clock() const { return clock_; }

 private:
  static auth::Secret secret() {
    auth::Secret s{};
    for (size_t i = 0; i < s.size(); ++i) s[i] = static_cast<uint8_t>(i * 7 + 1);
    return s;
  }

  // What the proxy would forward, approximately (our Via and Record-Route added), for the
  // driver-only run.
  static std::string fake_forward(const std::string& req) {
    size_t first = req.find("\r\n") + 2;
    return req.substr(0, first) + "Via: SIP/2.0/UDP 127.0.0.1:35060;branch=z9hG4bKvg0123456789abcdef\r\n" +
           "Record-Route: <sip:127.0.0.1:35060;lr>\r\n" + req.substr(first);
  }

  void deliver(const Endpoint& from, std::string_view bytes, std::string_view what, std::string_view call_id,
               bool really) {
    if (!really) return;
    net::Inbound in;
    in.data = bytes;
    in.source = from;
    in.local = kProxy;
    in.received_at = clock_.mono();
    core_.on_message(in, sender_);
    if (hook_ != nullptr) hook_->on_message(in, what, call_id);
  }

  std::string suffix_;
  MessageHook* hook_;
  std::chrono::microseconds per_call_{1000};
  FakeClock clock_;
  SeededRandom random_{42};
  proxy::SettingsPtr settings_;
  proxy::LocationService location_{nullptr};
  proxy::DialogTracker dialogs_;
  proxy::TransactionTable txns_;
  proxy::DigestGuard digest_;
  LastSender sender_;
  proxy::ProxyCore core_;
};

}  // namespace vg::bench
