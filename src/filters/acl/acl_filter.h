// Network access lists: CIDR allow/deny per listener (checked before parsing), per tenant and per
// account (the account's allow_from, "IP pinning" / "voice VLAN"). Listener and tenant denials
// are silent drops (a scanner learns nothing); an account's credentials used from a network it
// may not use get 403 before any digest work. Immutable after construction.
#pragma once

#include <string>
#include <vector>

#include "filters/acl/acl_config.h"
#include "filters/filter.h"

namespace vg::filters::acl {

class AclFilter final : public Filter {
 public:
  // listener_names: the configured listeners in order (the Inbound's listener index).
  AclFilter(const AclConfig& c, const std::vector<std::string>& listener_names);
  [[nodiscard]] std::string_view name() const override { return "acl"; }
  [[nodiscard]] bool pre_parse() const override { return has_listener_rules_; }
  [[nodiscard]] Verdict check_source(const SourceInfo& s) override;
  [[nodiscard]] Verdict check(const Context& c, const sip::Message& m) override;

 private:
  std::vector<CidrRules> by_listener_;  // index = listener
  std::vector<NamedRules> tenants_;
  bool has_listener_rules_ = false;
};

}  // namespace vg::filters::acl
