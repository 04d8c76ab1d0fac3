#include "filters/acl/cidr_rules.h"

#include <algorithm>

namespace vg::filters::acl {

bool contains_any(std::span<const Cidr> nets, const IpAddress& a) {
  return std::any_of(nets.begin(), nets.end(), [&](const Cidr& c) { return c.contains(a); });
}

bool allowed(const CidrRules& rules, const IpAddress& a) {
  if (contains_any(rules.deny, a)) return false;
  return rules.allow.empty() || contains_any(rules.allow, a);
}

}  // namespace vg::filters::acl
