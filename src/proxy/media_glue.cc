// The proxy's use of the media relay (src/media): every SDP body of an INVITE dialog — the INVITE's
// offer, 183/200 answers, re-INVITEs and UPDATEs, late offers in a 2xx — goes through
// media::Relay::process so media flows through voipguard; a refused offer gets 488 (RFC 3261
// §21.4.26) and the relay's event; ended dialogs release their ports and leave their media counters
// in the Dialog for the CDR; calls whose media went silent are torn down.
#include "media/relay.h"
#include "proxy/proxy.h"
#include "proxy/proxy_ctx.h"
#include "sip/editor.h"

namespace vg::proxy {

namespace {

using media::LegMode;

struct Policy {
  config::SrtpMode mode = config::SrtpMode::kOffer;
};

Policy policy_of(const config::Tenant* t, const config::Account* a) {
  config::SrtpPolicy p;
  if (t) p = t->srtp;
  if (a && a->srtp.mode) p.mode = a->srtp.mode;
  if (a && a->srtp.require) p.require = a->srtp.require;
  Policy out;
  out.mode = p.mode.value_or(config::SrtpMode::kOffer);
  if (p.require.value_or(false) && out.mode == config::SrtpMode::kOffer) out.mode = config::SrtpMode::kRequire;
  return out;
}

LegMode leg_mode(const Policy& p) { return p.mode == config::SrtpMode::kOffer ? LegMode::kMirror : LegMode::kSrtp; }

// Leg modes of a call: a local account's leg follows its policy; when only one side is governed by
// a tenant policy (a phone calling out, or a call from the upstream to a phone), `bridge` makes the
// other side — the PBX or trunk — plain RTP.
std::array<LegMode, 2> call_modes(const Settings& s, std::string_view tenant_name, std::string_view caller_account,
                                  std::string_view callee_account, bool caller_is_upstream) {
  const config::Tenant* t = s.config.find_tenant(tenant_name);
  std::array<LegMode, 2> m{LegMode::kMirror, LegMode::kMirror};
  if (!t) return m;
  const config::Account* ca = caller_account.empty() ? nullptr : t->find_account(caller_account);
  const config::Account* ce = callee_account.empty() ? nullptr : t->find_account(callee_account);
  if (ca || ce) {
    if (ca) m[0] = leg_mode(policy_of(t, ca));
    if (ce) m[1] = leg_mode(policy_of(t, ce));
    if (ca && !ce && policy_of(t, ca).mode == config::SrtpMode::kBridge) m[1] = LegMode::kPlain;
    if (ce && !ca && policy_of(t, ce).mode == config::SrtpMode::kBridge) m[0] = LegMode::kPlain;
    return m;
  }
  // No local account (edge mode): the tenant's policy governs the side that is not the upstream.
  const Policy p = policy_of(t, nullptr);
  const size_t outside = caller_is_upstream ? 1 : 0;
  m[outside] = leg_mode(p);
  if (p.mode == config::SrtpMode::kBridge) m[1 - outside] = LegMode::kPlain;
  return m;
}

bool has_sdp(const sip::Message& m) { return !m.body().empty() && m.content_type() == "application/sdp"; }

}  // namespace

void ProxyCore::set_media(media::Relay* r) {
  media_ = r;
  if (!r) return;
  dialogs_.set_before_end([r](Dialog& d) {
    auto st = r->end(d.call_id, d.from_tag);
    if (!st) return;
    for (size_t i = 0; i < 2; ++i) {
      const auto& l = st->legs[i];
      d.media.packets[i] = l.packets_in;
      d.media.bytes[i] = l.bytes_in;
      d.media.lost[i] = l.lost;
      d.media.jitter_ms[i] = l.jitter_ms;
      d.media.dropped[i] = l.dropped();
      d.media.srtp[i] = st->srtp[i];
    }
    d.media.relayed = true;
  });
}

bool ProxyCore::anchor_request_media(Ctx& c, sip::Editor& e, const std::string& caller_account,
                                     const std::string& callee_account, const std::string& tenant) {
  const sip::Message& m = c.m;
  if (!media_ || !has_sdp(m)) return true;
  const bool offer = m.method() == sip::Method::kInvite || m.method() == sip::Method::kUpdate;
  const bool ack = m.method() == sip::Method::kAck;
  if (!offer && !ack) return true;
  const std::string_view call_id = *m.call_id();
  const std::string_view from_tag = (*m.from())->tag().value_or("");
  media::SdpInput in;
  in.call_id = call_id;
  in.signalling_source = c.in.source;
  in.origin = ack ? media::SdpOrigin::kAck : media::SdpOrigin::kRequest;
  const bool in_dialog = (*m.to())->tag().has_value();
  std::optional<Dialog> d;
  if (in_dialog) {
    // The dialog is keyed by the caller's tag: a request from the callee carries it in To.
    const std::string_view to_tag = *(*m.to())->tag();
    d = dialogs_.find(call_id, from_tag);
    if (!d || d->to_tag != to_tag) d = dialogs_.find(call_id, to_tag);
    if (!d) return true;  // not an INVITE dialog we track (upstream-only traffic): left alone
    in.from_tag = d->from_tag;
    in.sender = d->from_tag == from_tag ? media::Side::kCaller : media::Side::kCallee;
    in.tenant = d->tenant;
    in.modes = call_modes(*c.settings, d->tenant, d->caller_account, d->callee_account,
                          c.settings->is_upstream(d->caller_source));
  } else {
    if (m.method() != sip::Method::kInvite) return true;
    in.from_tag = from_tag;
    in.sender = media::Side::kCaller;
    in.tenant = tenant;
    in.account = caller_account;
    in.modes = call_modes(*c.settings, tenant, caller_account, callee_account, c.settings->is_upstream(c.in.source));
  }
  auto body = media_->process(in, m.body());
  if (body) {
    e.set_body(*body);
    return true;
  }
  if (ack) return true;  // nothing to answer; the call's media simply does not flow
  if (!in_dialog) (void)media_->end(call_id, from_tag);
  switch (body.error()) {
    case media::MediaError::kSrtpRequired: reply(c, 488, "Not Acceptable Here (SRTP required)"); break;
    case media::MediaError::kNoPorts: reply(c, 503, "Service Unavailable (no media ports)"); break;
    default: reply(c, 488, "Not Acceptable Here"); break;
  }
  return false;
}

void ProxyCore::anchor_response_media(Ctx& c, sip::Editor& e) {
  const sip::Message& m = c.m;
  if (!media_ || !has_sdp(m)) return;
  auto cseq = m.cseq();
  if (!cseq || (cseq->method != sip::Method::kInvite && cseq->method != sip::Method::kUpdate)) return;
  const int status = m.status_code();
  if (status < 180 || status >= 300) return;
  const std::string_view call_id = *m.call_id();
  const std::string_view from_tag = (*m.from())->tag().value_or("");
  // A response travels opposite to its request: From names the request's sender.
  auto d = dialogs_.find(call_id, from_tag);
  const bool request_from_caller = d.has_value();
  if (!d) {
    if (auto to_tag = (*m.to())->tag()) d = dialogs_.find(call_id, *to_tag);
  }
  if (!d) return;
  media::SdpInput in;
  in.call_id = call_id;
  in.from_tag = d->from_tag;
  in.sender = request_from_caller ? media::Side::kCallee : media::Side::kCaller;
  in.origin = media::SdpOrigin::kResponse;
  in.signalling_source = c.in.source;
  in.tenant = d->tenant;
  in.modes = call_modes(*c.settings, d->tenant, d->caller_account, d->callee_account,
                        c.settings->is_upstream(d->caller_source));
  auto body = media_->process(in, m.body());
  if (body) {
    e.set_body(*body);
  } else {
    // An answer we cannot anchor must not reach the other side with the endpoint's own address
    // (media would bypass the pinholes): its SDP is dropped; the call then fails or runs without media.
    e.set_body({});
    e.remove(sip::HeaderId::kContentType);
  }
}

void ProxyCore::check_media(net::Sender& out) {
  if (!media_) return;
  for (auto& [call_id, from_tag] : media_->take_inactive()) {
    teardown(call_id, from_tag, "media inactivity timeout", out);
  }
}

}  // namespace vg::proxy
