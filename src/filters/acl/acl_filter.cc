#include "filters/acl/acl_filter.h"

#include "filters/acl/cidr_rules.h"

namespace vg::filters::acl {

AclFilter::AclFilter(const AclConfig& c, const std::vector<std::string>& listener_names)
    : Filter(c.mode), by_listener_(listener_names.size()), tenants_(c.tenants) {
  for (const auto& r : c.listeners) {
    for (size_t i = 0; i < listener_names.size(); ++i) {
      if (listener_names[i] != r.name) continue;
      auto& dst = by_listener_[i];
      dst.allow.insert(dst.allow.end(), r.rules.allow.begin(), r.rules.allow.end());
      dst.deny.insert(dst.deny.end(), r.rules.deny.begin(), r.rules.deny.end());
      has_listener_rules_ = true;
    }
  }
}

Verdict AclFilter::check_source(const SourceInfo& s) {
  if (s.listener >= by_listener_.size() || allowed(by_listener_[s.listener], s.source.address)) return Verdict::pass();
  return Verdict::drop("listener", "source " + s.source.address.to_string() + " not allowed on listener " +
                                       std::to_string(s.listener));
}

Verdict AclFilter::check(const Context& c, const sip::Message& /*m*/) {
  if (!c.tenant) return Verdict::pass();
  for (const auto& t : tenants_) {
    if (t.name == c.tenant->domain && !allowed(t.rules, c.source.address)) {
      return Verdict::drop("tenant", "source " + c.source.address.to_string() + " not allowed for tenant " + t.name);
    }
  }
  if (c.account.empty()) return Verdict::pass();
  const config::Account* a = c.tenant->find_account(c.account);
  if (a && !a->allow_from.empty() && !contains_any(a->allow_from, c.source.address)) {
    return Verdict::reply(403, "Forbidden (source network not allowed for this account)", "account_allow_from",
                          "source " + c.source.address.to_string() + " not in allow_from of " + a->username);
  }
  return Verdict::pass();
}

}  // namespace vg::filters::acl
