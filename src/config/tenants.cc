// Readers for upstreams and tenants (routes, accounts and their credentials), with the
// cross-references between them: every upstream named by a tenant must be defined.
#include <algorithm>

#include "config/credentials.h"
#include "config/fraud.h"
#include "config/names.h"
#include "config/sections.h"

namespace vg::config::detail {

namespace {

constexpr Seconds kOneDay{86400};

// Name of an upstream referenced from a tenant; reports it when not defined.
bool read_upstream_ref(Diagnostics& d, const Field& f, const std::vector<Upstream>& upstreams, std::string& out) {
  std::string name;
  if (!read_string(d, f, name)) return false;
  const bool defined =
      std::any_of(upstreams.begin(), upstreams.end(), [&](const Upstream& u) { return u.name == name; });
  if (!defined) {
    d.error(f.mark(), f.path, "upstream " + quote(name) + " is not defined in upstreams");
    return false;
  }
  out = std::move(name);
  return true;
}

void read_health_check(Diagnostics& d, const Field& f, HealthCheck& out) {
  MapReader m(d, f);
  auto interval = seconds_field(d, m, "interval", Seconds(0), kOneDay, out.interval);
  auto timeout = seconds_field(d, m, "timeout", Seconds(1), Seconds(3600), out.timeout);
  if (out.enabled() && out.timeout >= out.interval && !(m.has("interval") && !interval) &&
      !(m.has("timeout") && !timeout)) {
    if (timeout) {
      d.error(timeout->mark(), timeout->path, "must be shorter than interval (" + format_duration(out.interval) + ")");
    } else {
      d.error(interval->mark(), interval->path, "must be longer than timeout (" + format_duration(out.timeout) + ")");
    }
  }
  m.finish();
}

void read_routes(Diagnostics& d, const Field& f, const std::vector<Upstream>& upstreams, std::vector<Route>& out) {
  std::vector<int> lines;  // parallel to `out`
  for (const Field& item : read_sequence(d, f)) {
    MapReader m(d, item);
    if (!m.is_map()) continue;
    Route r;
    bool ok = true;
    auto prefix = m.require("prefix");
    if (prefix && read_string(d, *prefix, r.prefix)) {
      if (!is_sip_user(r.prefix)) {
        d.error(prefix->mark(), prefix->path,
                "must be 1-64 characters allowed in a SIP user part (e.g. \"+44\", \"0800\")");
        ok = false;
      } else {
        for (size_t i = 0; i < out.size(); ++i) {
          if (out[i].prefix == r.prefix) {
            d.error(prefix->mark(), prefix->path,
                    "duplicate prefix " + quote(r.prefix) + " (first at line " + std::to_string(lines[i]) + ")");
            ok = false;
          }
        }
      }
    } else {
      ok = false;
    }
    auto upstream = m.require("upstream");
    ok = upstream && read_upstream_ref(d, *upstream, upstreams, r.upstream) && ok;
    m.finish();
    if (!ok) continue;
    out.push_back(std::move(r));
    lines.push_back(line_of(prefix->mark()));
  }
}

// An HA1 given in the file: exactly `digits` hex digits, stored lower case. Never echoed.
bool read_ha1(Diagnostics& d, Field f, size_t digits, std::string_view algorithm, std::string& out) {
  f.secret = true;
  std::string v;
  if (!read_string(d, f, v)) return false;
  if (!is_hex(v, digits)) {
    d.error(f.mark(), f.path,
            "must be " + std::to_string(digits) + " hexadecimal digits (" + std::string(algorithm) +
                " of username:realm:password)");
    wipe(v);
    return false;
  }
  out = to_lower(v);
  wipe(v);
  return true;
}

}  // namespace

void read_allow_from(Diagnostics& d, const Field& f, std::vector<Cidr>& out) {
  for (const Field& item : read_sequence(d, f)) {
    std::string text;
    if (!read_string(d, item, text)) continue;
    // Strict: "10.0.0.1/8" is most likely a typo for a host or for 10.0.0.0/8.
    auto cidr = Cidr::parse(text, /*strict=*/true);
    if (cidr) {
      out.push_back(*cidr);
      continue;
    }
    switch (cidr.error()) {
      case IpError::kBadPrefix:
        d.error(item.mark(), item.path, "has a bad prefix length (0-32 for IPv4, 0-128 for IPv6): " + quote(text));
        break;
      case IpError::kHostBitsSet:
        d.error(item.mark(), item.path, "has bits set beyond its prefix length: " + quote(text));
        break;
      default:
        d.error(item.mark(), item.path, "must be an IP address or CIDR such as 192.0.2.0/24, got " + quote(text));
        break;
    }
  }
}

namespace {

struct AccountContext {
  const Config& cfg;
  const std::string& domain;  // empty when the tenant's domain is invalid
};

// Reads one account into `a`; returns false when it has errors. `username` is set to the
// username field when it was present and valid, for duplicate detection by the caller.
bool read_account(Diagnostics& d, const Field& item, const AccountContext& ctx, Account& a,
                  std::optional<Field>& username) {
  MapReader m(d, item);
  if (!m.is_map()) return false;
  bool ok = true;
  username = m.require("username");
  if (username && read_string(d, *username, a.username)) {
    if (!is_sip_user(a.username)) {
      d.error(username->mark(), username->path,
              "must be 1-64 characters allowed in a SIP user part (letters, digits and -_.!~*'()&=+$,;?/)");
      a.username.clear();
      username.reset();
      ok = false;
    }
  } else {
    username.reset();
    ok = false;
  }

  // Exactly one credential source; those after the first (in file order) are reported.
  auto password = m.get("password");
  auto ha1_md5 = m.get("ha1_md5");
  auto ha1_sha256 = m.get("ha1_sha256");
  auto generate = m.get("generate_password");
  bool generate_value = false;
  const bool generate_bad = generate && !read_bool(d, *generate, generate_value);
  if (generate_bad) ok = false;
  std::vector<const Field*> given;
  if (password) given.push_back(&*password);
  if (ha1_md5 || ha1_sha256) given.push_back(ha1_md5 ? &*ha1_md5 : &*ha1_sha256);
  if (generate && generate_value) given.push_back(&*generate);
  std::sort(given.begin(), given.end(),
            [](const Field* x, const Field* y) { return x->key_mark.pos < y->key_mark.pos; });
  constexpr std::string_view kChoices = "password, ha1_md5/ha1_sha256 or generate_password: true";
  if (given.empty() && !generate_bad) {
    d.error(item.mark(), item.path, "needs exactly one of " + std::string(kChoices));
    ok = false;
  }
  for (size_t i = 1; i < given.size(); ++i) {
    const std::string& first = given[0]->path;
    d.error(given[i]->key_mark, given[i]->path,
            "conflicts with " + first.substr(first.rfind('.') + 1) + ": give exactly one of " + std::string(kChoices));
    ok = false;
  }
  const bool single_source = given.size() == 1;

  if (auto weak = m.get("allow_weak_password"); weak && !read_bool(d, *weak, a.allow_weak_password)) ok = false;
  if (password) {
    Field f = *password;
    f.secret = true;
    std::string secret;
    if (read_string(d, f, secret)) {
      // The same checker as `voipguard account` and the admin API (auth/password_policy.h).
      const auth::PasswordContext pc{a.username, {}, ctx.domain, {}};
      for (auto& v : auth::check_password(secret, pc, ctx.cfg.auth.password_policy)) {
        if (a.allow_weak_password && v.rule != auth::PasswordRule::kTooLong &&
            v.rule != auth::PasswordRule::kControlCharacter) {
          d.warning(f.mark(), f.path, v.message + " (accepted: allow_weak_password is set)");
          continue;
        }
        d.error(f.mark(), f.path, std::move(v.message));
        ok = false;
      }
      if (ok && single_source) {
        a.credential = CredentialSource::kPassword;
        a.ha1_md5 = compute_ha1(DigestAlgorithm::kMd5, a.username, ctx.domain, secret);
        a.ha1_sha256 = compute_ha1(DigestAlgorithm::kSha256, a.username, ctx.domain, secret);
      }
      wipe(secret);
    } else {
      ok = false;
    }
  }
  if (ha1_md5 && !read_ha1(d, *ha1_md5, 32, "MD5", a.ha1_md5)) ok = false;
  if (ha1_sha256 && !read_ha1(d, *ha1_sha256, 64, "SHA-256", a.ha1_sha256)) ok = false;
  if ((ha1_md5 || ha1_sha256) && ok && single_source) {
    a.credential = CredentialSource::kHa1;
    // An HA1 is only useful if a challenge with its algorithm is offered.
    const bool usable = (ha1_md5 && ctx.cfg.auth.offers(DigestAlgorithm::kMd5)) ||
                        (ha1_sha256 && ctx.cfg.auth.offers(DigestAlgorithm::kSha256));
    if (!usable) {
      const Field& f = ha1_md5 ? *ha1_md5 : *ha1_sha256;
      d.error(f.key_mark, f.path,
              std::string("cannot be used: auth.algorithms does not offer ") + (ha1_md5 ? "MD5" : "SHA-256"));
      ok = false;
    }
  }
  if (generate && generate_value && single_source) a.credential = CredentialSource::kGenerate;
  read_srtp_policy(d, m, a.srtp);
  if (auto v = m.get("require_tls"); v && !read_bool(d, *v, a.require_tls)) ok = false;
  if (auto allow = m.get("allow_from")) {
    const size_t before = d.count();
    read_allow_from(d, *allow, a.allow_from);
    if (d.count() != before) ok = false;
  }
  m.finish();
  return ok;
}

void read_accounts(Diagnostics& d, const Field& f, const AccountContext& ctx, std::vector<Account>& out) {
  struct Seen {
    std::string username;
    int line;
  };
  std::vector<Seen> seen;
  for (const Field& item : read_sequence(d, f)) {
    Account a;
    std::optional<Field> username;
    bool ok = read_account(d, item, ctx, a, username);
    if (!username) continue;
    for (const Seen& s : seen) {
      if (s.username == a.username) {
        d.error(username->mark(), username->path,
                "duplicate username " + quote(a.username) + " (first at line " + std::to_string(s.line) + ")");
        ok = false;
      }
    }
    seen.push_back(Seen{a.username, line_of(username->mark())});
    if (ok) out.push_back(std::move(a));
  }
}

}  // namespace

void read_upstreams(Diagnostics& d, const Field& f, std::vector<Upstream>& out) {
  std::vector<int> lines;  // parallel to `out`
  for (const Field& item : read_sequence(d, f)) {
    MapReader m(d, item);
    if (!m.is_map()) continue;
    Upstream u;
    bool ok = true;
    auto name = m.require("name");
    if (name && read_string(d, *name, u.name)) {
      if (!is_name_token(u.name)) {
        d.error(name->mark(), name->path,
                "must be 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit");
        ok = false;
      } else {
        for (size_t i = 0; i < out.size(); ++i) {
          if (out[i].name == u.name) {
            d.error(name->mark(), name->path,
                    "duplicate upstream name " + quote(u.name) + " (first at line " + std::to_string(lines[i]) + ")");
            ok = false;
          }
        }
      }
    } else {
      ok = false;
    }
    auto host = m.require("host");
    std::string text;
    if (host && read_string(d, *host, text)) {
      if (auto ip = IpAddress::parse(text)) {
        u.host = ip->to_string();
        u.host_is_ip = true;
      } else if (is_hostname(text)) {
        u.host = to_lower(text);
      } else {
        d.error(host->mark(), host->path, "must be an IP address literal or a host name, got " + quote(text));
        ok = false;
      }
    } else {
      ok = false;
    }
    if (auto port = m.get("port")) ok = read_uint(d, *port, 1, 65535, u.port) && ok;
    if (auto transport = m.get("transport")) ok = read_transport(d, *transport, u.transport) && ok;
    if (u.transport == Transport::kTls && !m.has("port")) u.port = 5061;  // RFC 3261 §19.1.2
    if (auto hc = m.get("health_check")) read_health_check(d, *hc, u.health_check);
    read_upstream_tls_field(d, m, u);
    m.finish();
    // A name that failed other checks is still recorded so that references to it do not pile up
    // "not defined" errors on top of the real one.
    if (!ok && u.name.empty()) continue;
    out.push_back(std::move(u));
    lines.push_back(name ? line_of(name->mark()) : line_of(item.mark()));
  }
}

void read_tenants(Diagnostics& d, const Field& f, const Config& cfg, std::vector<Tenant>& out) {
  std::vector<int> lines;  // parallel to `out`
  for (const Field& item : read_sequence(d, f)) {
    MapReader m(d, item);
    if (!m.is_map()) continue;
    Tenant t;
    t.mode = cfg.mode;
    auto domain = m.require("domain");
    std::string text;
    if (domain && read_string(d, *domain, text)) {
      if (!is_hostname(text)) {
        d.error(domain->mark(), domain->path, "must be a host name such as example.com, got " + quote(text));
      } else {
        t.domain = to_lower(text);
        for (size_t i = 0; i < out.size(); ++i) {
          if (out[i].domain == t.domain) {
            d.error(domain->mark(), domain->path,
                    "duplicate tenant domain " + quote(t.domain) + " (first at line " + std::to_string(lines[i]) + ")");
          }
        }
      }
    }
    auto mode = m.get("mode");
    if (mode) (void)read_mode(d, *mode, t.mode);
    if (auto v = m.get("require_tls")) (void)read_bool(d, *v, t.require_tls);
    auto default_upstream = m.get("default_upstream");
    if (default_upstream) (void)read_upstream_ref(d, *default_upstream, cfg.upstreams, t.default_upstream);
    if (auto routes = m.get("routes")) read_routes(d, *routes, cfg.upstreams, t.routes);
    read_srtp_policy(d, m, t.srtp);
    auto accounts = m.get("accounts");
    if (accounts) read_accounts(d, *accounts, AccountContext{cfg, t.domain}, t.accounts);
    read_tenant_fraud(d, m, t);  // after the accounts: the policy's overrides name them
    if (t.mode == Mode::kEdge) {
      // The PBX behind an edge tenant keeps its accounts and answers authentication itself.
      if (accounts && accounts->value.IsSequence() && accounts->value.size() > 0) {
        d.error(accounts->key_mark, accounts->path, "must be empty in edge mode (the PBX keeps the accounts)");
      }
      if (!default_upstream) {
        d.error(item.mark(), join_path(item.path, "default_upstream"),
                "is required in edge mode (where requests are forwarded)");
      }
    }
    m.finish();
    if (t.domain.empty()) continue;
    out.push_back(std::move(t));
    lines.push_back(line_of(domain->mark()));
  }
}

}  // namespace vg::config::detail
