// ACL filter settings: CIDR allow and deny lists per listener and per tenant (per-account lists are
// the accounts' allow_from in the tenants section).
#pragma once

#include <string>
#include <vector>

#include "core/ip.h"
#include "filters/config_fwd.h"
#include "filters/mode.h"

namespace vg::filters::acl {

// Deny wins over allow; an empty allow list allows every source not denied.
struct CidrRules {
  std::vector<Cidr> allow;
  std::vector<Cidr> deny;
};

struct NamedRules {
  std::string name;  // listener name or tenant domain
  CidrRules rules;
};

struct AclConfig {
  FilterMode mode = FilterMode::kEnforce;
  std::vector<NamedRules> listeners;
  std::vector<NamedRules> tenants;
};

// Reads `filters.acl` (compiled into vg_config; errors with file:line:col).
void read_acl_config(config::detail::Diagnostics& d, const config::detail::Field& f, const config::Config& cfg,
                       AclConfig& out);

}  // namespace vg::filters::acl
