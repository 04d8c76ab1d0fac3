// Transport-security rules of the proxy core:
//  * require_tls (tenant or account, docs/tls.md): REGISTER and calls that did not arrive over TLS
//    get 403 and a "policy.require_tls" event. The tenant rule is checked before any challenge, so a
//    phone of such a tenant never sends credentials in the clear; the account rule is checked once
//    the digest identifies the account (checking it earlier would tell an unauthenticated sender
//    which usernames exist).
//  * sips: URIs (RFC 3261 §26.2.2, RFC 5630): every hop of a request for a sips Request-URI is TLS.
//    One that reached us over another transport is refused with 416; one we could only forward
//    over a non-TLS hop (a callee registered over UDP/TCP, a non-TLS upstream) gets 480
//    (RFC 5630 §3.1.3: no contact reachable with the required security).
#include "events/event.h"
#include "events/sink.h"
#include "proxy/proxy.h"
#include "proxy/proxy_ctx.h"

namespace vg::proxy {

bool ProxyCore::tls_required_ok(Ctx& c, const config::Tenant& tenant, std::string_view account) {
  if (c.in.transport == net::Transport::kTls) return true;
  const config::Account* a = account.empty() ? nullptr : tenant.find_account(account);
  const bool by_tenant = tenant.require_tls;
  if (!by_tenant && !(a && a->require_tls)) return true;
  if (events_) {
    events::Event e;
    e.time_ms = clock_.unix_seconds() * 1000;
    e.kind = "policy.require_tls";
    e.severity = events::Severity::kWarning;
    e.source = c.in.source;
    e.transport = std::string(net::transport_name(c.in.transport));
    e.tenant = tenant.domain;
    e.account = std::string(account);
    e.filter = "policy";
    e.rule = by_tenant ? "tenant.require_tls" : "account.require_tls";
    e.action = "reply:403";
    e.evidence = std::string(c.m.method_name()) + " over " + e.transport + "; " +
                 (by_tenant ? "the tenant" : "the account") + " requires TLS";
    events_->emit(std::move(e));
  }
  reply(c, 403, "Forbidden (TLS required)");
  return false;
}

bool ProxyCore::sips_target_ok(Ctx& c, const net::Outbound& to) {
  auto ruri = c.m.request_uri();
  if (!ruri || (*ruri)->scheme != sip::UriScheme::kSips) return true;
  if (c.in.transport != net::Transport::kTls) {
    reply(c, 416, "Unsupported URI Scheme (sips: requires TLS on every hop)");
    return false;
  }
  if (to.transport != net::Transport::kTls) {
    reply(c, 480, "Temporarily Unavailable (no TLS path to the sips: target)");
    return false;
  }
  return true;
}

}  // namespace vg::proxy
