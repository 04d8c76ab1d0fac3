// Registrar of the proxy core (RFC 3261 §10.3): authenticated REGISTER, contact bindings with
// configurable expiry bounds, wildcard removal and binding fetches.
#include <algorithm>

#include "proxy/proxy.h"
#include "proxy/proxy_ctx.h"
#include "sip/scan.h"

namespace vg::proxy {

using sip::HeaderId;

void ProxyCore::handle_register(Ctx& c, const config::Tenant& tenant) {
  const auto& m = c.m;
  const auto& cfg = c.settings->config;
  // §10.3 step 3: authenticate. Unknown users get the same challenge as known ones.
  auto v = digest_.verify(m, HeaderId::kAuthorization, tenant, [&](std::string_view h, uint16_t p) { return c.settings->is_us(h, p); });
  if (v.outcome == DigestGuard::Outcome::kNoCredentials || v.outcome == DigestGuard::Outcome::kStale) {
    ++stats_.auth_challenges;
    return send_challenge(c, 401, digest_.challenges(tenant.domain, cfg.auth, v.outcome == DigestGuard::Outcome::kStale));
  }
  if (v.outcome == DigestGuard::Outcome::kFailed) {
    ++stats_.auth_failures;
    if (observer_) observer_->on_auth_failure(c.in.source, v.username, v.why);
    return reply(c, 403, "Forbidden");
  }
  if (!source_allowed(tenant, v.username, c.in.source)) {
    ++stats_.auth_failures;
    if (observer_) observer_->on_auth_failure(c.in.source, v.username, "source not in the account's allow_from");
    return reply(c, 403, "Forbidden (source network not allowed for this account)");
  }
  // §10.3 step 4/5: an account registers only its own address of record.
  const std::string user((*m.to())->uri.user);
  if (user != v.username) return reply(c, 403, "Forbidden (credentials do not match the address of record)");
  if (!tls_required_ok(c, tenant, v.username)) return;
  const std::string aor = user + "@" + tenant.domain;

  auto contacts = m.contacts();
  const auto header_expires = m.expires();
  const int64_t now = clock_.unix_seconds();
  const auto min_e = cfg.registrar.min_expires.count();
  const auto max_e = cfg.registrar.max_expires.count();

  const bool wildcard = std::any_of(contacts->begin(), contacts->end(), [](const sip::NameAddr& n) { return n.star; });
  if (wildcard) {
    // §10.3 step 6: "*" only alone and with Expires: 0.
    if (contacts->size() != 1 || !header_expires || *header_expires != 0) {
      return reply(c, 400, "Bad Request (wildcard Contact needs Expires: 0 and no other contact)");
    }
    location_.remove_all(aor);
    return reply(c, 200, "OK");
  }

  struct Change {
    std::string contact;
    int64_t expires;
  };
  std::vector<Change> changes;
  for (const auto& ct : *contacts) {
    int64_t e = cfg.registrar.default_expires.count();
    if (auto p = ct.params.get("expires")) {
      e = sip::scan::parse_uint<uint32_t>(*p, UINT32_MAX).value_or(static_cast<uint32_t>(e));
    } else if (header_expires) {
      e = *header_expires;
    }
    if (e != 0 && e < min_e) {
      // §10.3 step 7: too brief: 423 with our minimum.
      std::string block = "Min-Expires: " + std::to_string(min_e) + "\r\n";
      return reply_block(c, 423, "Interval Too Brief", block);
    }
    changes.push_back({std::string(ct.uri.raw), std::min<int64_t>(e, max_e)});
  }
  // §10.3 step 7: a REGISTER is applied all or nothing, so the contact limit is checked up front.
  std::vector<std::string> after;
  for (const auto& b : location_.lookup(aor, now)) after.push_back(b.contact);
  for (const auto& ch : changes) {
    auto it = std::find(after.begin(), after.end(), ch.contact);
    if (ch.expires == 0 && it != after.end()) after.erase(it);
    if (ch.expires != 0 && it == after.end()) after.push_back(ch.contact);
  }
  if (after.size() > cfg.registrar.max_contacts) return reply(c, 403, "Forbidden (too many registered contacts)");
  for (const auto& ch : changes) {
    if (ch.expires == 0) {
      location_.remove(aor, ch.contact);
      continue;
    }
    Binding b;
    b.aor = aor;
    b.contact = ch.contact;
    b.call_id = std::string(*m.call_id());
    b.cseq = m.cseq()->number;
    b.expires_at = now + ch.expires;
    b.registered_at = now;
    b.source = c.in.source;
    b.transport = c.in.transport;
    b.connection = c.in.connection;
    b.listener = c.in.listener;
    b.user_agent = std::string(m.user_agent().substr(0, 256));
    if (auto u = sip::parse_uri(ch.contact, sip::kMaxUriLength)) {
      b.behind_nat = u->host_bare() != c.in.source.address.to_string() || (u->port ? u->port : 5060) != c.in.source.port;
    }
    if (!location_.upsert(std::move(b), cfg.registrar.max_contacts)) {
      return reply(c, 403, "Forbidden (too many registered contacts)");
    }
  }
  ++stats_.registrations_ok;
  // §10.3 step 8: 200 OK lists every current binding with its remaining time.
  std::string block;
  for (const auto& b : location_.lookup(aor, now)) {
    block.append("Contact: <");
    block.append(b.contact);
    block.append(">;expires=");
    block.append(std::to_string(b.expires_at - now));
    block.append("\r\n");
  }
  reply_block(c, 200, "OK", block);
}

}  // namespace vg::proxy
