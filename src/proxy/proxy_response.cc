// Response path, ACK and CANCEL handling, timers and teardown of the proxy core.
#include <charconv>

#include "filters/pipeline.h"
#include "proxy/build.h"
#include "proxy/proxy.h"
#include "proxy/proxy_ctx.h"
#include "sip/auth.h"
#include "sip/editor.h"
#include "sip/response.h"
#include "sip/scan.h"

namespace vg::proxy {

using sip::HeaderId;
using sip::Method;


namespace {

// Edge mode: did the next hop (the PBX) refuse credentials? A 403 always says so. A 401/407 is the
// first challenge (RFC 3261 §22.2) unless the request already carried credentials: then the PBX
// re-challenges because they were wrong (Asterisk's PJSIP and Kamailio answer a wrong password that
// way) — except when its challenge says stale=true (the nonce had expired, RFC 2617 §3.2.1).
bool is_upstream_auth_failure(const sip::Message& m, int status, bool had_credentials) {
  if (status == 403) return true;
  if ((status != 401 && status != 407) || !had_credentials) return false;
  const HeaderId challenge = status == 401 ? HeaderId::kWwwAuthenticate : HeaderId::kProxyAuthenticate;
  for (const auto& h : m.headers()) {
    if (h.id != challenge) continue;
    auto p = sip::parse_auth(h.value);
    if (p && p->has_stale && sip::scan::iequals(p->stale, "true")) return false;
  }
  return true;
}

}  // namespace

void ProxyCore::reply_block(Ctx& c, int status, std::string_view reason, std::string_view block) {
  std::string bytes = sip::build_response(c.m, status, reason, instance_ + random_.hex(4));
  // Extra header lines go just before Content-Length, the last header build_response writes.
  bytes.insert(bytes.rfind("Content-Length:"), block);
  ++stats_.replies_sent;
  send(c.out, c.source(), bytes);
  if (!c.key.empty()) txns_.server_responded(c.key, status, bytes, c.in.transport != net::Transport::kUdp, c.now);
}

void ProxyCore::send_challenge(Ctx& c, int status, const std::vector<std::string>& challenges) {
  const std::string_view name = status == 401 ? "WWW-Authenticate" : "Proxy-Authenticate";
  std::string block;
  for (const auto& v : challenges) {
    block.append(name);
    block.append(": ");
    block.append(v);
    block.append("\r\n");
  }
  reply_block(c, status, {}, block);
}

void ProxyCore::handle_response(Ctx& c) {
  const auto& m = c.m;
  auto via = m.top_via();
  const std::string_view branch = (*via)->branch;
  const auto cseq = *m.cseq();
  const int status = m.status_code();
  // Our branch is the client key, except for CANCEL (which shares the INVITE's branch).
  const bool is_cancel = cseq.method == Method::kCancel;
  auto txn = txns_.client_response(is_cancel ? std::string_view(client_key(branch, "CANCEL")) : branch, status,
                                   c.now);
  if (!txn) {
    // No transaction: a 2xx retransmission for an INVITE is forwarded (§16.7 / RFC 6026), but only
    // for a dialog we track and only to that dialog's caller — never to whatever address a forged
    // response's Via names (that would make voipguard a reflector). Anything else is dropped.
    std::optional<Dialog> d;
    if (cseq.method == Method::kInvite && status >= 200 && status < 300) {
      if (auto f = m.from()) d = dialogs_.find(*m.call_id(), (*f)->tag().value_or(""));
    }
    if (d && d->state != DialogState::kEarly && m.header_count(HeaderId::kVia) >= 2) {
      sip::Editor e(m);
      e.pop_via();
      anchor_response_media(c, e);  // the retransmitted 2xx carries the same anchored SDP
      send(c.out, d->caller.out, e.serialize());
      ++stats_.forwarded_responses;
    } else {
      ++stats_.responses_dropped;
    }
    return;
  }
  if (txn->own) {
    if (status >= 200 && txn->state != TxnState::kCompleted && txn->on_final) txn->on_final(status);
    return;
  }
  // The forwarded INVITE is parsed only when an ACK or CANCEL must be built from it (the copy carries
  // its bytes only then).
  auto inv = !txn->request.empty() ? sip::Message::parse(txn->request) : sip::Message::parse(std::string_view{});
  if (txn->state == TxnState::kCompleted) {
    // A retransmitted final: re-ACK a non-2xx (hop by hop); pass a 2xx on (end to end).
    if (txn->invite && status >= 300 && inv) send(c.out, txn->to, build_ack(*inv, m));
    if (!(txn->invite && status >= 200 && status < 300)) return;
  }
  if (txn->invite && status >= 300 && inv) send(c.out, txn->to, build_ack(*inv, m));
  if (txn->invite && status < 200 && txn->state == TxnState::kTrying && txn->cancel_requested && inv) {
    // CANCEL arrived before any provisional: now it may go (§9.1; 100 Trying counts), once.
    std::string cancel = build_cancel(*inv);
    send_own_request(c.out, txn->to, std::move(cancel), client_key(branch, "CANCEL"), false);
  }
  if (status == 100) return;  // §16.7 step 5: 100 Trying is hop by hop, never forwarded

  auto server = txns_.server_info(txn->server_key);
  if (!server) {
    ++stats_.responses_dropped;
    return;
  }
  // The caller already has a final answer (our 408 after Timer C, §16.8): a later non-2xx final from
  // downstream (the 487 to our CANCEL) was ACKed above and goes no further (§16.7 step 10 lets only
  // 2xx follow a final response).
  if (server->last_status >= 200 && status >= 300) {
    ++stats_.responses_dropped;
    return;
  }
  sip::Editor e(m);
  e.pop_via();
  // The callee answered directly from behind NAT: fix its Contact so in-dialog requests reach it.
  std::optional<std::string> nat_contact;
  if (cseq.method == Method::kInvite && m.header_count(HeaderId::kVia) == 2) {
    nat_contact = nat_fixed_contact(m, c.in);
    if (nat_contact) e.replace(HeaderId::kContact, *nat_contact);
  }
  anchor_response_media(c, e);
  std::string bytes = e.serialize();
  send(c.out, server->reply_to, bytes);
  ++stats_.forwarded_responses;
  txns_.server_responded(txn->server_key, status, std::move(bytes),
                         server->reply_to.transport != net::Transport::kUdp, c.now);

  if (cseq.method == Method::kInvite) {
    auto to = m.to();
    const std::string_view to_tag = (*to)->tag().value_or(std::string_view{});
    std::string nat_target;  // only when the Contact was fixed
    std::string_view contact;
    if (auto ct = m.contact()) {
      if (nat_contact) {
        nat_target = contact_uri_of(*nat_contact);
        contact = nat_target;
      } else {
        contact = (*ct)->uri.raw;
      }
    }
    net::Outbound callee_out = txn->to;
    dialogs_.on_invite_response(*m.call_id(), (*m.from())->tag().value_or(""), status,
                                m.header(HeaderId::kTo)->value, to_tag,
                                contact, &callee_out, clock_.unix_seconds() * 1000, c.now);
  }
  if ((cseq.method == Method::kSubscribe || cseq.method == Method::kRefer) && status >= 200) {
    std::optional<std::chrono::seconds> expires;
    if (auto granted = m.expires()) expires = std::chrono::seconds(*granted);
    subscriptions_.on_response(*m.call_id(), (*m.from())->tag().value_or(""), status,
                               (*m.to())->tag().value_or(""), expires, c.now);
  }
  if (is_upstream_auth_failure(m, status, txn->credentials)) {
    // Counted whether or not an observer is attached (metrics must not depend on the filters).
    ++stats_.upstream_auth_failures;
    auto from = m.from();
    if (observer_) observer_->on_upstream_auth_failure(server->reply_to.destination, (*from)->uri.user, status);
  }
}

void ProxyCore::handle_ack(Ctx& c) {
  const auto key = server_key(c.m, "INVITE");
  auto server = txns_.server_info(key);
  if (server && server->last_status >= 300) {
    // ACK for a non-2xx final: ends the server transaction here (§17.2.1), not forwarded.
    txns_.server_acked(key, c.now);
    return;
  }
  if (server && server->last_status < 200) return;  // an ACK before any final: stray
  // ACK for a 2xx: its own transaction, routed end to end like any in-dialog request — only for a
  // dialog we track (no relaying of forged ACKs).
  const Settings& s = *c.settings;
  if (!s.is_upstream(c.in.source) && !known_dialog(c.m, false)) {
    ++stats_.responses_dropped;
    return;
  }
  routes_of(c);
  std::optional<net::Outbound> hop;
  if (c.routes.ok) hop = c.routes.other_hop;
  if (!hop) hop = next_hop_for_uri(**c.m.request_uri(), s);
  if (!hop) {
    ++stats_.responses_dropped;
    return;
  }
  forward_stateless(c, *hop);
}

void ProxyCore::forward_stateless(Ctx& c, const net::Outbound& to_in) {
  const Settings& s = *c.settings;
  net::Outbound to = to_in;
  size_t idx = 0;
  if (!s.listener_for(to, &idx)) return;
  to.listener = idx;
  sip::Editor e(c.m);
  if (auto mf = c.m.max_forwards()) {
    if (*mf == 0) return;
    char digits[4];
    auto r = std::to_chars(digits, digits + sizeof digits, *mf - 1);
    e.replace(HeaderId::kMaxForwards, std::string_view(digits, static_cast<size_t>(r.ptr - digits)));
  }
  routes_of(c);
  if (c.routes.ok) {
    for (size_t i = 0; i < c.routes.ours; ++i) e.remove_first(HeaderId::kRoute);
  }
  e.push_via(our_via(to, s, new_branch(c).view()));
  ++stats_.forwarded_requests;
  send(c.out, to, e.serialize());
}

void ProxyCore::handle_cancel(Ctx& c) {
  const auto invite_key = server_key(c.m, "INVITE");
  auto server = txns_.server_info(invite_key, /*want_branch=*/true);
  // The CANCEL itself is answered here (§16.10): 481 if we know no such INVITE.
  std::string bytes = sip::build_response(c.m, server ? 200 : 481, {}, instance_ + random_.hex(4));
  send(c.out, c.source(), bytes);
  if (!server) return;
  auto f = c.m.from();
  dialogs_.on_cancel(*c.m.call_id(), (*f)->tag().value_or(""), clock_.unix_seconds() * 1000);
  if (server->last_status >= 200 || server->client_branch.empty()) return;
  cancel_early(server->client_branch, c.out);
}

void ProxyCore::send_own_request(net::Sender& out, const net::Outbound& to, std::string bytes,
                                 const std::string& key, bool invite) {
  ClientTxn t;
  t.own = true;
  t.invite = invite;
  t.to = to;
  t.request = bytes;
  txns_.add_client(key, std::move(t), clock_.mono());
  send(out, to, bytes);
}

bool ProxyCore::teardown(std::string_view call_id, std::string_view from_tag, std::string_view reason,
                         net::Sender& out) {
  auto d = dialogs_.terminate(call_id, from_tag, reason, clock_.unix_seconds() * 1000);
  if (!d) return false;
  ++stats_.teardowns;
  SettingsPtr s = settings();
  if (d->state == DialogState::kConfirmed) {
    for (bool to_callee : {true, false}) {
      const DialogParty& p = to_callee ? d->callee : d->caller;
      net::Outbound to = p.out;
      size_t idx = 0;
      if (!s->listener_for(to, &idx)) continue;
      to.listener = idx;
      std::string branch = "z9hG4bKvg" + instance_ + random_.hex(8);
      std::string bye = build_bye(*d, to_callee, our_via(to, *s, branch), reason);
      send_own_request(out, to, std::move(bye), branch, false);
    }
    return true;
  }
  cancel_early(d->invite_branch, out);
  return true;
}

void ProxyCore::cancel_early(std::string_view invite_branch, net::Sender& out) {
  // Proceeding: CANCEL now; still trying: the table marks it, and the first provisional sends it.
  auto target = txns_.cancel_target(invite_branch);
  if (!target) return;
  auto inv = sip::Message::parse(target->request);
  if (inv) send_own_request(out, target->to, build_cancel(*inv), client_key(invite_branch, "CANCEL"), false);
}

void ProxyCore::on_tick(Clock::MonoTime now, net::Sender& out) {
  check_media(out);
  for (auto& a : txns_.tick(now)) {
    switch (a.kind) {
      case TimerAction::Kind::kSend:
        send(out, a.to, a.bytes);
        break;
      case TimerAction::Kind::kClientTimeout: {
        ++stats_.timeouts;
        if (a.on_final) a.on_final(408);
        if (a.server_key.empty()) break;
        auto fwd = sip::Message::parse(a.bytes);
        if (!fwd) break;
        if (a.invite && a.proceeding) {
          // Timer C fired on a ringing branch: CANCEL it (§16.8).
          send_own_request(out, a.to, build_cancel(*fwd), client_key(a.branch, "CANCEL"), false);
        }
        // §16.8: no final response from the next hop: answer 408 upstream ourselves.
        auto server = txns_.find_server(a.server_key);
        if (!server || server->last_status >= 200) break;
        sip::Editor e(*fwd);
        e.pop_via();
        auto original = sip::Message::parse(e.serialize());
        if (!original) break;
        std::string bytes = sip::build_response(*original, 408, {}, instance_ + random_.hex(4));
        send(out, server->reply_to, bytes);
        txns_.server_responded(a.server_key, 408, std::move(bytes),
                               server->reply_to.transport != net::Transport::kUdp, now);
        // The call attempt is over: its dialog must not keep counting as an active call.
        if (auto f = original->from(); a.invite && f && (*f)->tag()) {
          dialogs_.on_invite_response(*original->call_id(), *(*f)->tag(), 408, {}, {}, {}, nullptr,
                                      clock_.unix_seconds() * 1000, now);
        }
        break;
      }
      case TimerAction::Kind::kServerTimeout:
        ++stats_.timeouts;
        break;
    }
  }
  // Dialog and binding expiry scan whole tables: a few times a second is plenty (their deadlines are
  // in seconds), and keeps the per-tick cost independent of the number of calls.
  if (now < next_housekeeping_) return run_maintenance(now, out);
  next_housekeeping_ = now + std::chrono::milliseconds(250);
  const int64_t now_ms = clock_.unix_seconds() * 1000;
  for (auto& d : dialogs_.expire(now, now_ms)) {
    if (d.state == DialogState::kConfirmed) {
      // Maximum duration: end the call for both parties. The tracker already marked it ended.
      SettingsPtr s = settings();
      for (bool to_callee : {true, false}) {
        const DialogParty& p = to_callee ? d.callee : d.caller;
        net::Outbound to = p.out;
        size_t idx = 0;
        if (!s->listener_for(to, &idx)) continue;
        to.listener = idx;
        std::string branch = "z9hG4bKvg" + instance_ + random_.hex(8);
        send_own_request(out, to, build_bye(d, to_callee, our_via(to, *s, branch), "maximum duration reached"),
                         branch, false);
      }
    } else if (d.state == DialogState::kEarly) {
      // No answer within early_timeout: the tracker dropped the dialog, so the call must go too (a
      // late answer would make an untracked call that max_duration never ends).
      cancel_early(d.invite_branch, out);
    }
  }
  location_.expire(clock_.unix_seconds());
  subscriptions_.expire(now);
  run_fraud(out);  // live toll-fraud limits (fraud_hook.cc)
  if (auto* pipe = pipeline_.load(std::memory_order_acquire)) pipe->on_tick(now);  // ban and bucket expiry
  run_maintenance(now, out);
}

}  // namespace vg::proxy
