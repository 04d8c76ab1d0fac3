// Country blocking: the source address's country (src/geo) against the listener's policy before
// parsing and the tenant's policy after. A blocked source is dropped silently, like an ACL denial:
// a scanner learns nothing. Fails open: until geo data is loaded nothing is blocked. Immutable
// after construction apart from the database, which the watcher swaps atomically.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "filters/filter.h"
#include "filters/geo/geo_config.h"
#include "geo/watcher.h"

namespace vg::filters::geo {

class GeoFilter final : public Filter {
 public:
  // listener_names: the configured listeners in order (the Inbound's listener index). `data` must
  // outlive the filter (the server owns it, across pipeline rebuilds).
  GeoFilter(const GeoConfig& c, const std::vector<std::string>& listener_names, const vg::geo::Watcher& data);
  [[nodiscard]] std::string_view name() const override { return "geo"; }
  [[nodiscard]] bool pre_parse() const override { return has_listener_rules_; }
  [[nodiscard]] Verdict check_source(const SourceInfo& s) override;
  [[nodiscard]] Verdict check(const Context& c, const sip::Message& m) override;

 private:
  Verdict decide(const vg::geo::CountryPolicy& p, const IpAddress& source, std::string_view rule,
                 std::string_view where) const;
  std::vector<std::optional<vg::geo::CountryPolicy>> by_listener_;  // index = listener
  std::vector<std::string> listener_names_;
  std::vector<NamedPolicy> tenants_;
  const vg::geo::Watcher& data_;
  bool has_listener_rules_ = false;
};

}  // namespace vg::filters::geo
