// Readers for Asterisk's chan_pjsip (pjsip.conf) and chan_sip (sip.conf) configurations.
#include <algorithm>
#include <map>

#include "audit/checks.h"
#include "audit/conf_file.h"

namespace vg::audit {

namespace {

std::string value_of(const ConfSection& s, std::string_view key, std::string_view fallback = {}) {
  const ConfOption* o = s.get(key);
  return o ? o->value : std::string(fallback);
}

int line_of(const ConfSection& s, std::string_view key) {
  const ConfOption* o = s.get(key);
  return o ? o->line : s.line;
}

bool yes(std::string_view v) { return v == "yes" || v == "true" || v == "on" || v == "1"; }

// permit=/deny= lines (and, for pjsip, those of the acl sections it names): "open" when a permit
// lets every address in, "none" when no rule exists at all.
enum class Acl { kNone, kOpen, kRestricted };

Acl acl_of(const ConfSection& s, const std::vector<ConfSection>& all) {
  bool any = false, open = false;
  auto scan = [&](const ConfSection& sec) {
    for (const auto& o : sec.options) {
      if (o.key == "permit" || o.key == "deny" || o.key == "contact_permit" || o.key == "contact_deny") any = true;
      if ((o.key == "permit" || o.key == "contact_permit") && Collector::is_open_network(o.value)) open = true;
    }
  };
  scan(s);
  for (const auto& o : s.options) {
    if (o.key != "acl" && o.key != "contact_acl") continue;
    auto it = std::find_if(all.begin(), all.end(), [&](const ConfSection& c) { return c.name == o.value; });
    if (it != all.end()) scan(*it);
  }
  return open ? Acl::kOpen : any ? Acl::kRestricted : Acl::kNone;
}

void report_acl(Collector& c, const Input& in, const ConfSection& s, const std::vector<ConfSection>& all) {
  switch (acl_of(s, all)) {
    case Acl::kOpen:
      c.add(in.name, line_of(s, "permit"), s.name, "permissive_acl", Severity::kMedium,
            "ACL permits every address (0.0.0.0/0): calls and registrations from anywhere");
      break;
    case Acl::kNone:
      c.add(in.name, s.line, s.name, "no_acl", Severity::kLow,
            "no permit/deny or acl: the account is usable from any network");
      break;
    case Acl::kRestricted: break;
  }
}

}  // namespace

void audit_pjsip(const Input& in, Collector& c) {
  const auto raw = parse_conf(in.text);
  std::vector<ConfSection> all;
  for (const auto& s : raw) all.push_back(resolve_templates(s, raw));
  std::map<std::string, std::string> transport_protocol;
  bool has_tls = false;
  for (const auto& s : all) {
    if (s.is_template || value_of(s, "type") != "transport") continue;
    const std::string p = value_of(s, "protocol", "udp");
    transport_protocol[s.name] = p;
    has_tls = has_tls || p == "tls" || p == "wss";
  }
  std::map<std::string, std::vector<std::string>> auth_users;  // auth section -> endpoints using it
  for (const auto& s : all) {
    if (s.is_template || value_of(s, "type") != "endpoint") continue;
    ++c.report.accounts;
    const std::string auth = value_of(s, "auth");
    if (s.name == "anonymous") {
      c.add(in.name, s.line, s.name, "anonymous_endpoint", Severity::kHigh,
            "the anonymous endpoint takes unauthenticated calls (toll fraud if its context reaches a trunk)");
    } else if (auth.empty()) {
      const bool identified = std::any_of(all.begin(), all.end(), [&](const ConfSection& i) {
        return value_of(i, "type") == "identify" && value_of(i, "endpoint") == s.name;
      });
      if (!identified) {
        c.add(in.name, s.line, s.name, "no_authentication", Severity::kHigh,
              "endpoint without auth= or identify: requests matching it are not authenticated");
      }
    } else {
      auth_users[auth].push_back(s.name);
    }
    const std::string enc = value_of(s, "media_encryption", "no");
    if (enc == "no") {
      c.add(in.name, line_of(s, "media_encryption"), s.name, "no_srtp", Severity::kMedium,
            "media_encryption is not sdes or dtls: calls can be recorded off the wire");
    }
    const std::string transport = value_of(s, "transport");
    const std::string proto = transport.empty() ? "" : transport_protocol[transport];
    if (proto != "tls" && proto != "wss" && !(transport.empty() && has_tls && transport_protocol.size() == 1)) {
      c.add(in.name, transport.empty() ? s.line : line_of(s, "transport"), s.name, "no_tls", Severity::kMedium,
            transport.empty() ? "no TLS transport bound: signalling (and digest exchanges) in clear text"
                              : "transport " + transport + " is " + (proto.empty() ? "undefined" : proto) +
                                    ", not TLS: signalling in clear text");
    }
    report_acl(c, in, s, all);
  }
  for (const auto& s : all) {
    if (s.is_template || value_of(s, "type") != "auth") continue;
    const std::string type = value_of(s, "auth_type", "userpass");
    if (type != "userpass" && type != "digest") continue;  // md5 credentials: nothing to read
    const auto users = auth_users[s.name];
    const std::string account = users.empty() ? s.name : users.front();
    c.check_password(Credential{in.name, line_of(s, "password"), account, value_of(s, "username", account),
                                value_of(s, "password")});
  }
}

void audit_chan_sip(const Input& in, Collector& c) {
  const auto raw = parse_conf(in.text);
  std::vector<ConfSection> all;
  for (const auto& s : raw) all.push_back(resolve_templates(s, raw));
  const ConfSection* general = nullptr;
  for (const auto& s : all) {
    if (s.name == "general") general = &s;
  }
  static const ConfSection kEmpty{};
  const ConfSection& g = general ? *general : kEmpty;
  // chan_sip's defaults: allowguest=yes, alwaysauthreject=yes (since 1.8), transport=udp.
  if (value_of(g, "allowguest", "yes") != "no") {
    c.add(in.name, line_of(g, "allowguest"), "", "allowguest", Severity::kHigh,
          "allowguest is not \"no\" (chan_sip's default is yes): unauthenticated calls reach the default context");
  }
  if (!yes(value_of(g, "alwaysauthreject", "yes"))) {
    c.add(in.name, line_of(g, "alwaysauthreject"), "", "user_enumeration", Severity::kMedium,
          "alwaysauthreject=no: different answers for unknown users let scanners enumerate extensions");
  }
  const std::string general_transport = value_of(g, "transport", "udp");
  const std::string general_encryption = value_of(g, "encryption", "no");
  for (const auto& s : all) {
    if (s.is_template || s.name == "general" || s.name.empty() || s.name == "authentication") continue;
    const std::string type = value_of(s, "type");
    if (type != "friend" && type != "peer" && type != "user") continue;
    ++c.report.accounts;
    const std::string host = value_of(s, "host", "dynamic");
    const bool has_secret = s.get("secret") != nullptr;
    if (has_secret) {
      c.check_password(Credential{in.name, line_of(s, "secret"), s.name,
                                  value_of(s, "defaultuser", value_of(s, "username", s.name)), value_of(s, "secret")});
    } else if (!s.get("md5secret") && host == "dynamic") {
      c.add(in.name, s.line, s.name, "no_password", Severity::kHigh,
            "no secret or md5secret: anyone can register as this account");
    }
    const std::string insecure = value_of(s, "insecure");
    if (insecure.find("invite") != std::string::npos || insecure == "very") {
      c.add(in.name, line_of(s, "insecure"), s.name, "insecure_invite", Severity::kHigh,
            "insecure=" + insecure + ": INVITEs matching this peer are not authenticated");
    } else if (insecure.find("port") != std::string::npos) {
      c.add(in.name, line_of(s, "insecure"), s.name, "insecure_port", Severity::kMedium,
            "insecure=port: matched by IP address alone, whatever the source port");
    }
    const std::string transport = value_of(s, "transport", general_transport);
    if (transport.rfind("tls", 0) != 0) {
      c.add(in.name, s.get("transport") ? line_of(s, "transport") : s.line, s.name, "no_tls", Severity::kMedium,
            "transport " + transport + " first, not TLS: signalling in clear text");
    }
    if (!yes(value_of(s, "encryption", general_encryption))) {
      c.add(in.name, s.get("encryption") ? line_of(s, "encryption") : s.line, s.name, "no_srtp", Severity::kMedium,
            "encryption is not yes: media without SRTP");
    }
    report_acl(c, in, s, all);
  }
}

}  // namespace vg::audit
