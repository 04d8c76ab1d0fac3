// Lookups the server uses on a loaded Config: tenants by domain, upstreams by name, routes by
// longest prefix.
#include <algorithm>

#include "config/config.h"
#include "config/names.h"

namespace vg::config {

bool AuthConfig::offers(DigestAlgorithm a) const {
  return std::find(algorithms.begin(), algorithms.end(), a) != algorithms.end();
}

const Route* Tenant::route_for(std::string_view user) const {
  const Route* best = nullptr;
  for (const Route& r : routes) {
    if (user.substr(0, r.prefix.size()) == r.prefix && (best == nullptr || r.prefix.size() > best->prefix.size())) {
      best = &r;
    }
  }
  return best;
}

const Account* Tenant::find_account(std::string_view username) const {
  // RFC 3261 §19.1.4: the user part compares case-sensitively.
  for (const Account& a : accounts) {
    if (a.username == username) return &a;
  }
  return nullptr;
}

const Tenant* Config::find_tenant(std::string_view domain) const {
  // Host names compare case-insensitively (RFC 3261 §19.1.4); stored domains are lower case.
  for (const Tenant& t : tenants) {
    if (detail::iequals(t.domain, domain)) return &t;
  }
  return nullptr;
}

const Upstream* Config::find_upstream(std::string_view name) const {
  for (const Upstream& u : upstreams) {
    if (u.name == name) return &u;
  }
  return nullptr;
}

}  // namespace vg::config
