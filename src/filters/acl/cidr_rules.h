// Pure allow/deny evaluation of CIDR lists (ACL filter, per listener, tenant or account).
#pragma once

#include <span>

#include "core/ip.h"
#include "filters/acl/acl_config.h"

namespace vg::filters::acl {

// Deny wins; then an empty allow list allows, a non-empty one must contain the address.
bool allowed(const CidrRules& rules, const IpAddress& a);
// True if any network of `nets` contains `a`.
bool contains_any(std::span<const Cidr> nets, const IpAddress& a);

}  // namespace vg::filters::acl
