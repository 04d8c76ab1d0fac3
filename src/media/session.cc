#include "media/session.h"

#include <algorithm>

#include "media/rtp.h"

namespace vg::media {

std::string_view drop_name(Drop d) {
  switch (d) {
    case Drop::kWrongSource: return "wrong_source";
    case Drop::kNotRtp: return "not_rtp";
    case Drop::kSrtpAuth: return "srtp_auth";
    case Drop::kSrtpReplay: return "srtp_replay";
    case Drop::kSrtpOther: return "srtp_other";
    case Drop::kNoDestination: return "no_destination";
    case Drop::kProtectFailed: return "protect_failed";
    case Drop::kCount: break;
  }
  return "";
}

uint64_t LegCounters::dropped() const {
  uint64_t n = 0;
  for (auto d : drops) n += d;
  return n;
}

namespace {

Drop drop_for(SrtpError e) {
  switch (e) {
    case SrtpError::kAuthFailed: return Drop::kSrtpAuth;
    case SrtpError::kReplay: return Drop::kSrtpReplay;
    default: return Drop::kSrtpOther;
  }
}

bool same_key(const std::optional<SrtpKey>& a, const std::optional<SrtpKey>& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) return true;
  return a->suite() == b->suite() && a->size() == b->size() && std::equal(a->data(), a->data() + a->size(), b->data());
}

}  // namespace

void Session::set_remote(Leg& leg, LegRemote r) {
  // A new address (re-INVITE to another phone, hold/resume from elsewhere) must latch afresh; the
  // same address keeps its latch (a NATed endpoint's public port is not in its SDP).
  if (leg.remote.rtp != r.rtp || leg.remote.rtcp_mux != r.rtcp_mux || leg.remote.latch_from != r.latch_from) {
    leg.latched[0].reset();
    leg.latched[1].reset();
  }
  leg.stats.set_clock_rate(r.clock_rate);
  leg.remote = std::move(r);
}

bool Session::set_keys(Leg& leg, const std::optional<SrtpKey>& recv, const std::optional<SrtpKey>& send) {
  if (!same_key(leg.recv_key, recv)) {
    leg.recv_key = recv;
    leg.inbound = recv ? SrtpContext::create(*recv, SrtpContext::Direction::kInbound) : nullptr;
    if (recv && !leg.inbound) return false;
  }
  if (!same_key(leg.send_key, send)) {
    leg.send_key = send;
    leg.outbound = send ? SrtpContext::create(*send, SrtpContext::Direction::kOutbound) : nullptr;
    if (send && !leg.outbound) return false;
  }
  return true;
}

std::optional<Forward> Session::on_packet(size_t stream, Side side, Socket sock, uint8_t* data, size_t size,
                                          size_t capacity, const Endpoint& from, int64_t now_ns, Drop* why) {
  std::lock_guard lock(mu_);
  if (stream >= streams_.size()) return std::nullopt;
  Leg& in = streams_[stream].legs[idx(side)];
  Leg& out = streams_[stream].legs[idx(other(side))];
  const size_t s = static_cast<size_t>(sock);
  auto drop = [&](Drop d) -> std::optional<Forward> {
    ++in.counters.drops[static_cast<size_t>(d)];
    if (why) *why = d;
    return std::nullopt;
  };

  // Pinhole: once latched, only the latched address may send on this socket. Before that, a plain
  // leg latches only on an address signalling told us about (RFC 4961 symmetric RTP; anything else
  // is RTP bleed/injection); an SRTP leg latches on the first packet that authenticates, from
  // wherever it comes (a NAT may change the source, a forger cannot produce the tag).
  if (in.latched[s]) {
    if (*in.latched[s] != from) return drop(Drop::kWrongSource);
  } else if (!in.remote.latch_any && !in.inbound &&
             std::find(in.remote.latch_from.begin(), in.remote.latch_from.end(), from.address) ==
                 in.remote.latch_from.end()) {
    return drop(Drop::kWrongSource);
  }
  if (size < kRtcpHeaderSize || (data[0] >> 6) != 2) return drop(Drop::kNotRtp);
  // RFC 5761 §4: RTCP on the RTP socket only when multiplexed; the RTCP socket carries only RTCP.
  const bool rtcp = sock == Socket::kRtcp || looks_like_rtcp(data, size);
  if (sock == Socket::kRtcp && !looks_like_rtcp(data, size)) return drop(Drop::kNotRtp);

  size_t len = size;
  if (in.inbound) {
    auto r = rtcp ? in.inbound->unprotect_rtcp(data, len) : in.inbound->unprotect_rtp(data, len);
    if (!r) return drop(drop_for(r.error()));
    len = *r;
  }
  std::optional<RtpHeader> h;
  if (!rtcp) {
    h = parse_rtp(data, len);
    if (!h) return drop(Drop::kNotRtp);
  }
  // Latch only now: for SRTP the packet has authenticated, so a forged packet cannot steer media.
  if (!in.latched[s]) in.latched[s] = from;
  last_activity_ns_.store(now_ns, std::memory_order_relaxed);
  if (rtcp) {
    ++in.counters.rtcp_in;
  } else {
    ++in.counters.packets_in;
    in.counters.bytes_in += len - h->header_size;
    in.stats.on_packet(*h, len - h->header_size, now_ns);
  }

  // Destination on the other leg: where it latched, else what its SDP says (symmetric RTP).
  const bool to_rtp_socket = !rtcp || out.remote.rtcp_mux;
  const size_t os = to_rtp_socket ? 0 : 1;
  std::optional<Endpoint> to = out.latched[os];
  if (!to) to = to_rtp_socket ? out.remote.rtp : out.remote.rtcp;
  if (!to || out.fds[os] < 0) return drop(Drop::kNoDestination);
  if (out.outbound) {
    auto r = rtcp ? out.outbound->protect_rtcp(data, len, capacity) : out.outbound->protect_rtp(data, len, capacity);
    if (!r) return drop(Drop::kProtectFailed);
    len = *r;
  }
  ++out.counters.packets_out;
  out.counters.bytes_out += len;
  return Forward{out.fds[os], *to, len};
}

std::array<LegCounters, 2> Session::counters() {
  std::lock_guard lock(mu_);
  std::array<LegCounters, 2> sum{};
  for (auto& st : streams_) {
    for (size_t i = 0; i < 2; ++i) {
      const auto& c = st.legs[i].counters;
      auto& t = sum[i];
      t.packets_in += c.packets_in;
      t.bytes_in += c.bytes_in;
      t.rtcp_in += c.rtcp_in;
      t.packets_out += c.packets_out;
      t.bytes_out += c.bytes_out;
      for (size_t d = 0; d < t.drops.size(); ++d) t.drops[d] += c.drops[d];
      t.lost += st.legs[i].stats.lost();
      t.jitter_ms = std::max(t.jitter_ms, st.legs[i].stats.jitter_ms());
    }
  }
  return sum;
}

}  // namespace vg::media
