// The proxy's side of toll-fraud prevention: the engine's verdict on each outgoing INVITE, and the
// calls it wants ended, ended with BYE to both parties (or CANCEL while early).
#include "fraud/engine.h"
#include "proxy/proxy.h"
#include "proxy/proxy_ctx.h"

namespace vg::proxy {

using sip::HeaderId;

bool ProxyCore::fraud_admits(Ctx& c, const std::string& caller_account, const std::string& tenant) {
  // A call from a trunk or PBX is inbound: it costs our customer nothing.
  if (c.settings->is_upstream(c.in.source)) return true;
  const sip::Message& m = c.m;
  auto from = m.from();
  const std::string_view from_user = from ? (*from)->uri.user : std::string_view{};
  fraud::CallRequest r;
  r.tenant = tenant;
  // Edge mode: the PBX behind us authenticates; the From user names the account.
  r.account = caller_account.empty() ? from_user : std::string_view(caller_account);
  r.call_id = *m.call_id();
  r.from_tag = from ? (*from)->tag().value_or("") : std::string_view{};
  r.dialled = fraud::dialled_part(m.request_uri_text());
  r.caller = from_user;
  r.source = c.in.source;
  if (const auto* ua = m.header(HeaderId::kUserAgent)) r.user_agent = ua->value;
  const fraud::Decision d = fraud_->on_invite(r);
  if (d.allowed()) return true;
  // A neutral reason: the caller learns nothing about which rule refused the call.
  reply(c, 403, fraud::Decision::reason_phrase());
  return false;
}

void ProxyCore::run_fraud(net::Sender& out) {
  if (!fraud_) return;
  for (const auto& t : fraud_->due()) teardown(t.call_id, t.from_tag, t.reason, out);
  const auto now = clock_.mono();
  if (now >= next_fraud_expiry_) {
    next_fraud_expiry_ = now + std::chrono::seconds(60);
    fraud_->expire();
  }
}

}  // namespace vg::proxy
