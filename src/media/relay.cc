#include "media/relay.h"

#include <cerrno>

#include "log/log.h"
#include "media/call.h"

namespace vg::media {

std::string_view describe(MediaError e) {
  switch (e) {
    case MediaError::kBadSdp: return "unusable SDP";
    case MediaError::kSrtpRequired: return "SRTP required";
    case MediaError::kNotAcceptable: return "no media stream voipguard can relay";
    case MediaError::kNoPorts: return "media ports exhausted";
    case MediaError::kNoSession: return "answer without an offer";
  }
  return "";
}

Relay::Relay(RelayConfig cfg, const Clock& clock, events::EventSink& events)
    : cfg_(std::move(cfg)),
      advertised_(cfg_.advertised.empty() ? cfg_.address.to_string() : cfg_.advertised),
      clock_(clock),
      events_(events),
      ports_(cfg_.port_min, cfg_.port_max) {
  loop_.every(std::chrono::seconds(1), [this] { check_inactivity(); });
}

Relay::~Relay() { stop(); }

void Relay::start() {
  if (started_) return;
  started_ = true;
  loop_.start();
}

void Relay::stop() {
  if (!started_) return;
  started_ = false;
  loop_.stop();
}

Result<void, MediaError> Relay::ensure_streams(Call& call, size_t count) {
  auto& streams = call.session->streams();
  while (streams.size() < count) {
    Session::Stream st;
    for (size_t side = 0; side < 2; ++side) {
      Session::Leg& leg = st.legs[side];
      // A port someone else holds is skipped (and goes back to the end of the queue).
      bool bound = false;
      for (int attempt = 0; attempt < 16 && !bound; ++attempt) {
        auto port = ports_.allocate();
        if (!port) break;
        auto rtp = net::MediaLoop::bind_udp(Endpoint{cfg_.address, *port});
        auto rtcp = rtp ? net::MediaLoop::bind_udp(Endpoint{cfg_.address, static_cast<uint16_t>(*port + 1)})
                        : Result<net::UniqueFd, int>(unexpected(0));
        if (!rtp || !rtcp) {
          ports_.release(*port);
          continue;
        }
        leg.port = *port;
        leg.fds[0] = rtp->get();
        leg.fds[1] = rtcp->get();
        const size_t index = streams.size();
        const Side s = side == 0 ? Side::kCaller : Side::kCallee;
        loop_.attach(std::move(*rtp), call.receiver, SessionReceiver::tag(index, s, Socket::kRtp));
        loop_.attach(std::move(*rtcp), call.receiver, SessionReceiver::tag(index, s, Socket::kRtcp));
        bound = true;
      }
      if (!bound) {
        // Give back what this stream already took; streams before it stay with the call.
        if (side == 1) {
          loop_.detach(st.legs[0].fds[0]);
          loop_.detach(st.legs[0].fds[1]);
          ports_.release(st.legs[0].port);
        }
        ++stats_.no_ports;
        return unexpected(MediaError::kNoPorts);
      }
    }
    streams.push_back(std::move(st));
    call.neg.emplace_back();
  }
  return {};
}

void Relay::close_call(Call& call) {
  std::lock_guard lock(call.session->mutex());
  for (auto& st : call.session->streams()) {
    for (auto& leg : st.legs) {
      for (int& fd : leg.fds) {
        if (fd >= 0) loop_.detach(fd);
        fd = -1;
      }
      ports_.release(leg.port);
    }
  }
}

std::optional<CallMediaStats> Relay::end(std::string_view call_id, std::string_view from_tag) {
  std::shared_ptr<Call> call;
  {
    std::lock_guard lock(mu_);
    auto it = calls_.find(std::string(call_id) + '\x1f' + std::string(from_tag));
    if (it == calls_.end()) return std::nullopt;
    call = it->second;
    calls_.erase(it);
  }
  ++stats_.ended;
  CallMediaStats out;
  out.legs = call->session->counters();
  out.srtp[0] = call->srtp[0];
  out.srtp[1] = call->srtp[1];
  close_call(*call);
  // One line per call with what each side sent us (the CDR gets the same numbers).
  const auto& a = out.legs[0];
  const auto& b = out.legs[1];
  auto drops = [](const LegCounters& l) {
    std::string t;
    for (size_t i = 0; i < l.drops.size(); ++i) {
      if (l.drops[i] == 0) continue;
      if (!t.empty()) t += ',';
      t += std::string(drop_name(static_cast<Drop>(i))) + "=" + std::to_string(l.drops[i]);
    }
    return t.empty() ? std::string("none") : t;
  };
  log::write(log::Level::kInfo,
             "media: call {} ended: caller {} packets in, {} lost, jitter {:.1f} ms, {}, dropped {}; "
             "callee {} packets in, {} lost, jitter {:.1f} ms, {}, dropped {}",
             call->call_id, a.packets_in, a.lost, a.jitter_ms, out.srtp[0] ? "srtp" : "rtp", drops(a), b.packets_in,
             b.lost, b.jitter_ms, out.srtp[1] ? "srtp" : "rtp", drops(b));
  return out;
}

std::optional<CallMediaStats> Relay::call_stats(std::string_view call_id, std::string_view from_tag) const {
  std::shared_ptr<Call> call;
  {
    std::lock_guard lock(mu_);
    auto it = calls_.find(std::string(call_id) + '\x1f' + std::string(from_tag));
    if (it == calls_.end()) return std::nullopt;
    call = it->second;
  }
  CallMediaStats out;
  out.legs = call->session->counters();
  out.srtp[0] = call->srtp[0];
  out.srtp[1] = call->srtp[1];
  return out;
}

size_t Relay::session_count() const {
  std::lock_guard lock(mu_);
  return calls_.size();
}

void Relay::check_inactivity() {
  if (cfg_.inactivity_timeout.count() <= 0) return;
  const int64_t now = clock_.mono().time_since_epoch().count();
  const int64_t limit = std::chrono::duration_cast<std::chrono::nanoseconds>(cfg_.inactivity_timeout).count();
  std::lock_guard lock(mu_);
  for (auto& [key, call] : calls_) {
    if (!call->answered || call->reported_inactive) continue;
    if (now - call->session->last_activity_ns() < limit) continue;
    call->reported_inactive = true;
    ++stats_.inactive;
    inactive_.emplace_back(call->call_id, call->from_tag);
  }
}

std::vector<std::pair<std::string, std::string>> Relay::take_inactive() {
  std::lock_guard lock(mu_);
  return std::exchange(inactive_, {});
}

}  // namespace vg::media
