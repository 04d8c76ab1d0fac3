// Relay::process: SDP offer/answer handling (RFC 3264) for the relay. Each side gets voipguard's
// address and its own leg's ports; a=crypto lines (RFC 4568) are never passed through: every leg
// gets a key voipguard generated, and the endpoint's key is only used to decrypt what it sends.
// ICE attributes are removed (voipguard is the media anchor; RFC 8839 §3.3 lets an intermediary
// that rewrites addresses drop them) and DTLS-SRTP sections are refused (not implemented).
#include <algorithm>
#include <string>

#include "media/call.h"
#include "sdp/parser.h"
#include "sdp/rewriter.h"

namespace vg::media {

namespace {

constexpr std::string_view kRemoveAlways[] = {"crypto", "candidate", "ice-*", "end-of-candidates",
                                              "remote-candidates", "fingerprint", "setup", "tls-id"};

bool is_plain_rtp_proto(std::string_view p) { return p == "RTP/AVP" || p == "RTP/AVPF"; }
bool is_sdes_proto(std::string_view p) { return p == "RTP/SAVP" || p == "RTP/SAVPF"; }
bool has_feedback(std::string_view p) { return !p.empty() && p.back() == 'F'; }

uint32_t clock_rate_of(const sdp::MediaDescription& m) {
  for (auto fmt : m.format_list()) {
    uint8_t pt = 0;
    auto [ptr, ec] = std::from_chars(fmt.data(), fmt.data() + fmt.size(), pt);
    if (ec != std::errc()) break;
    if (auto rm = m.rtpmap(pt)) return rm->clock_rate;
    break;  // static payload types 0..34 of RFC 3551 are 8000 Hz audio except a few video ones
  }
  return 8000;
}

// The endpoint's address for a stream: c= (media or session) and m= port; a=rtcp or port + 1.
LegRemote remote_of(const sdp::MediaDescription& m, const Endpoint& signalling, bool latch_any) {
  LegRemote r;
  r.latch_any = latch_any;
  r.rtcp_mux = m.rtcp_mux();
  r.clock_rate = clock_rate_of(m);
  const auto& c = m.effective_connection();
  if (c && !c->ip.is_unspecified() && m.port() != 0) {
    r.rtp = Endpoint{c->ip, m.port()};
    r.rtcp = Endpoint{c->ip, static_cast<uint16_t>(m.port() + 1)};
    if (auto rc = m.rtcp()) {
      IpAddress a = c->ip;
      if (!rc->address.empty()) {
        if (auto p = IpAddress::parse(rc->address)) a = *p;
      }
      r.rtcp = Endpoint{a, rc->port};
    }
    if (r.rtcp_mux) r.rtcp = r.rtp;
    r.latch_from.push_back(c->ip);
  }
  // RFC 4961 practice behind NAT: the packets come from the address the SIP came from, not from the
  // private address in the SDP. Only these two addresses may latch unless latch_any is configured.
  if (std::find(r.latch_from.begin(), r.latch_from.end(), signalling.address) == r.latch_from.end()) {
    r.latch_from.push_back(signalling.address);
  }
  return r;
}

// The first a=crypto of a section with a suite and key we support.
std::optional<std::pair<sdp::Crypto, SrtpKey>> pick_crypto(const sdp::MediaDescription& m,
                                                           std::optional<SrtpSuite> want = std::nullopt) {
  for (const sdp::Crypto& c : m.cryptos()) {
    auto key = SrtpKey::from_crypto(c);
    if (!key) continue;
    if (want && key->suite() != *want) continue;
    return std::make_pair(c, std::move(*key));
  }
  return std::nullopt;
}

std::string crypto_value(uint32_t tag, const SrtpKey& key) {
  return std::to_string(tag) + " " + std::string(suite_name(key.suite())) + " " + key.inline_param();
}

// Our key of `suite` for the leg: the one it has when the suite matches (re-INVITEs keep keys,
// RFC 4568 §7.1.4 allows it), else a new one. Installed by Session::set_keys.
SrtpKey our_key(const Session::Leg& leg, SrtpSuite suite) {
  if (leg.send_key && leg.send_key->suite() == suite) return *leg.send_key;
  return SrtpKey::generate(suite);
}

}  // namespace

Result<std::string, MediaError> Relay::process(const SdpInput& in, std::string_view body) {
  auto parsed = sdp::parse(body);
  if (!parsed) return unexpected(MediaError::kBadSdp);
  const sdp::SessionDescription& sd = *parsed;
  const std::string key = std::string(in.call_id) + '\x1f' + std::string(in.from_tag);

  std::shared_ptr<Call> call;
  {
    std::lock_guard lock(mu_);
    auto it = calls_.find(key);
    if (it != calls_.end()) {
      call = it->second;
    } else {
      if (in.origin != SdpOrigin::kRequest && in.origin != SdpOrigin::kResponse) return unexpected(MediaError::kNoSession);
      call = std::make_shared<Call>();
      call->call_id = std::string(in.call_id);
      call->from_tag = std::string(in.from_tag);
      call->modes = in.modes;
      call->tenant = in.tenant;
      call->account = in.account;
      call->session = std::make_shared<Session>();
      call->receiver = std::make_shared<SessionReceiver>(call->session, clock_, stats_, events_, call->call_id, in.tenant);
      calls_.emplace(key, call);
      ++stats_.sessions;
    }
  }
  const Side S = in.sender, O = other(in.sender);
  const bool is_answer = in.origin == SdpOrigin::kAck ||
                         (in.origin == SdpOrigin::kResponse && call->last_offer_from == O);
  if (in.origin == SdpOrigin::kAck && call->last_offer_from != O) return unexpected(MediaError::kNoSession);

  auto reject = [&](MediaError e) -> Result<std::string, MediaError> {
    ++stats_.rejected;
    events::Event ev;
    ev.time_ms = clock_.unix_seconds() * 1000;
    ev.kind = e == MediaError::kSrtpRequired ? "media.srtp_required" : "media.not_acceptable";
    ev.severity = events::Severity::kNotice;
    ev.source = in.signalling_source;
    ev.tenant = in.tenant;
    ev.account = in.account;
    ev.filter = "media";
    ev.rule = e == MediaError::kSrtpRequired ? "require_srtp" : "relay";
    ev.action = "reply:488";
    ev.evidence = std::string(describe(e));
    ev.fields = {{"call_id", std::string(in.call_id)}};
    events_.emit(std::move(ev));
    return unexpected(e);
  };

  std::lock_guard slock(call->session->mutex());
  const size_t count = sd.media().size();
  if (!is_answer) {
    if (auto r = ensure_streams(*call, count); !r) return unexpected(r.error());
  }
  auto& streams = call->session->streams();

  sdp::Rewrite rw;
  rw.session_address = advertised_;
  rw.remove_attributes.assign(std::begin(kRemoveAlways), std::end(kRemoveAlways));
  std::vector<std::string> crypto_values(count);  // owned text for the NewAttribute views
  rw.media.resize(count);
  size_t relayed = 0;
  bool sender_srtp = false, receiver_srtp = false;

  for (size_t i = 0; i < count; ++i) {
    const sdp::MediaDescription& m = sd.media()[i];
    sdp::MediaRewrite& mr = rw.media[i];
    if (is_answer && i >= call->neg.size()) {
      mr.port = 0;
      continue;
    }
    StreamNegotiation& neg = call->neg[i];
    Session::Leg& sl = streams[i].legs[idx(S)];
    Session::Leg& ol = streams[i].legs[idx(O)];
    const std::string_view proto = m.proto();
    const bool usable = m.port() != 0 && (is_plain_rtp_proto(proto) || is_sdes_proto(proto));
    if (!is_answer) {
      neg = StreamNegotiation{};
      if (!usable) {
        // Port 0 stays port 0; anything else we cannot relay (DTLS-SRTP, T.38 over UDPTL, ...) is
        // refused rather than passed around the relay's pinholes.
        mr.port = 0;
        continue;
      }
      std::optional<std::pair<sdp::Crypto, SrtpKey>> crypto;
      if (is_sdes_proto(proto)) {
        crypto = pick_crypto(m);
        if (!crypto) {
          mr.port = 0;  // SAVP without a suite/key we support
          continue;
        }
      }
      if (!crypto && call->modes[idx(S)] == LegMode::kSrtp) return reject(MediaError::kSrtpRequired);
      neg.relayed = true;
      neg.offer_proto = std::string(proto);
      neg.offer_mux = m.rtcp_mux();
      if (crypto) {
        neg.offer_tag = crypto->first.tag;
        neg.offerer_suite = crypto->second.suite();
      }
      const bool to_srtp = call->modes[idx(O)] == LegMode::kSrtp ||
                           (call->modes[idx(O)] == LegMode::kMirror && crypto.has_value());
      Session::set_remote(sl, remote_of(m, in.signalling_source, cfg_.latch_any));
      // The offerer's key decrypts what it sends; its send key (ours) comes with our answer.
      if (!Session::set_keys(sl, crypto ? std::optional<SrtpKey>(crypto->second) : std::nullopt, sl.send_key)) {
        return unexpected(MediaError::kBadSdp);
      }
      mr.address = advertised_;
      mr.port = ol.port;
      mr.rtcp_port = static_cast<uint16_t>(ol.port + 1);
      const std::string fb = has_feedback(proto) ? "F" : "";
      if (to_srtp) {
        const SrtpSuite suite = neg.offerer_suite.value_or(SrtpSuite::kAesCm128Sha1_80);
        neg.offered_suite = suite;
        neg.offered_key = our_key(ol, suite);
        crypto_values[i] = crypto_value(1, *neg.offered_key);
        mr.add_attributes.push_back({"crypto", crypto_values[i]});
        mr.proto = fb.empty() ? "RTP/SAVP" : "RTP/SAVPF";
        receiver_srtp = true;
      } else {
        mr.proto = fb.empty() ? "RTP/AVP" : "RTP/AVPF";
      }
      sender_srtp = sender_srtp || crypto.has_value();
      ++relayed;
      continue;
    }

    // An answer: S (the sender) answers the offer O made. al: the answerer's leg, fl: the offerer's.
    Session::Leg& al = sl;
    Session::Leg& fl = ol;
    if (!neg.relayed) {
      mr.port = 0;
      continue;
    }
    bool accepted = m.port() != 0;
    std::optional<SrtpKey> a_key;
    if (accepted && neg.offered_suite) {
      if (auto c = pick_crypto(m, neg.offered_suite)) {
        a_key = std::move(c->second);
      } else if (call->modes[idx(S)] == LegMode::kSrtp || !is_plain_rtp_proto(m.proto())) {
        accepted = false;  // SRTP was required of it, or an SAVP answer without a usable key
      }
    }
    if (!accepted) {
      Session::set_remote(al, LegRemote{});
      mr.port = 0;
      continue;
    }
    Session::set_remote(al, remote_of(m, in.signalling_source, cfg_.latch_any));
    const std::optional<SrtpKey> a_send = a_key ? neg.offered_key : std::nullopt;
    if (!Session::set_keys(al, a_key, a_send)) return unexpected(MediaError::kBadSdp);
    // Our answer to the offerer: its own proto back (RFC 3264 §6), our key for it under its suite
    // and tag (RFC 4568 §5.1.2).
    std::optional<SrtpKey> f_send;
    if (neg.offerer_suite) {
      f_send = our_key(fl, *neg.offerer_suite);
      crypto_values[i] = crypto_value(neg.offer_tag, *f_send);
      mr.add_attributes.push_back({"crypto", crypto_values[i]});
    }
    if (!Session::set_keys(fl, fl.recv_key, f_send)) return unexpected(MediaError::kBadSdp);
    // rtcp-mux towards the offerer follows its offer (we handle either); the answerer's choice is
    // in its remote.
    mr.remove_attributes.push_back("rtcp-mux");
    if (neg.offer_mux) mr.add_attributes.push_back({"rtcp-mux", {}});
    fl.remote.rtcp_mux = neg.offer_mux;
    if (neg.offer_mux && fl.remote.rtp) fl.remote.rtcp = fl.remote.rtp;
    mr.address = advertised_;
    mr.port = fl.port;
    mr.rtcp_port = static_cast<uint16_t>(fl.port + 1);
    mr.proto = neg.offer_proto;
    sender_srtp = sender_srtp || a_key.has_value();
    receiver_srtp = receiver_srtp || f_send.has_value();
    ++relayed;
  }
  if (relayed == 0 && !is_answer) return reject(MediaError::kNotAcceptable);

  auto out = sdp::rewrite(sd, rw);
  if (!out) return unexpected(MediaError::kBadSdp);
  if (is_answer) {
    call->answered = true;
    call->srtp[idx(S)] = sender_srtp;
    call->srtp[idx(O)] = receiver_srtp;
    // The inactivity clock (re)starts at each answer: a call that never sends media is a zombie too.
    call->session->touch(clock_.mono().time_since_epoch().count());
  } else {
    call->last_offer_from = S;
  }
  return std::move(*out);
}

}  // namespace vg::media
