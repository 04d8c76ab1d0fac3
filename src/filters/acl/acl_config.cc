#include "filters/acl/acl_config.h"

#include "config/config.h"
#include "filters/config_readers.h"

namespace vg::filters::acl {

namespace {

using detail::Diagnostics;
using detail::Field;
using detail::MapReader;

// `- {listener|tenant: NAME, allow: [...], deny: [...]}`; NAME must exist (`known`).
template <class Known>
void read_named(Diagnostics& d, const Field& f, std::string_view key, Known known, std::vector<NamedRules>& out) {
  for (const Field& item : config::detail::read_sequence(d, f)) {
    MapReader m(d, item);
    NamedRules r;
    if (auto n = m.require(key)) {
      if (config::detail::read_string(d, *n, r.name)) {
        if (!known(r.name)) d.error(n->mark(), n->path, "names no configured " + std::string(key) + ": " +
                                                           config::detail::quote(r.name));
      }
    }
    if (auto a = m.get("allow")) config::detail::read_allow_from(d, *a, r.rules.allow);
    if (auto a = m.get("deny")) config::detail::read_allow_from(d, *a, r.rules.deny);
    m.finish();
    out.push_back(std::move(r));
  }
}

}  // namespace

void read_acl_config(Diagnostics& d, const Field& f, const config::Config& cfg, AclConfig& out) {
  MapReader m(d, f);
  detail::read_mode(d, m, out.mode);
  if (auto l = m.get("listeners")) {
    read_named(d, *l, "listener", [&](const std::string& n) {
      for (const auto& x : cfg.listeners) if (x.name == n) return true;
      return false;
    }, out.listeners);
  }
  if (auto t = m.get("tenants")) {
    read_named(d, *t, "tenant", [&](const std::string& n) { return cfg.find_tenant(n) != nullptr; }, out.tenants);
  }
  m.finish();
}

}  // namespace vg::filters::acl
