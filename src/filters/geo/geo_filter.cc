#include "filters/geo/geo_filter.h"

#include <cctype>

namespace vg::filters::geo {

GeoFilter::GeoFilter(const GeoConfig& c, const std::vector<std::string>& listener_names, const vg::geo::Watcher& data)
    : Filter(c.mode),
      by_listener_(listener_names.size()),
      listener_names_(listener_names),
      tenants_(c.tenants),
      data_(data) {
  // Tenant domains are stored lower case (config::Tenant::domain); the config may spell them otherwise.
  for (auto& t : tenants_) {
    for (auto& ch : t.name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  for (const auto& l : c.listeners) {
    for (size_t i = 0; i < listener_names.size(); ++i) {
      if (listener_names[i] == l.name) {
        by_listener_[i] = l.policy;
        has_listener_rules_ = true;
      }
    }
  }
}

Verdict GeoFilter::decide(const vg::geo::CountryPolicy& p, const IpAddress& source, std::string_view rule,
                          std::string_view where) const {
  const auto db = data_.current();
  if (!db) return Verdict::pass();
  const vg::geo::Answer a = db->lookup(source);
  if (!p.blocks(a.country)) return Verdict::pass();
  // Evidence: the country and where the answer came from (override file, local range, database).
  std::string evidence = "country " + a.country.to_string() + " (" + std::string(vg::geo::to_string(a.origin)) +
                         ") " + (p.type == vg::geo::ListType::kAllow ? "not allowed" : "denied") + " on " +
                         std::string(where);
  return Verdict::drop(rule, std::move(evidence));
}

Verdict GeoFilter::check_source(const SourceInfo& s) {
  if (s.listener >= by_listener_.size() || !by_listener_[s.listener]) return Verdict::pass();
  return decide(*by_listener_[s.listener], s.source.address, "listener", "listener " + listener_names_[s.listener]);
}

Verdict GeoFilter::check(const Context& c, const sip::Message& /*m*/) {
  if (!c.tenant || tenants_.empty()) return Verdict::pass();
  for (const auto& t : tenants_) {
    if (t.name == c.tenant->domain) return decide(t.policy, c.source.address, "tenant", "tenant " + t.name);
  }
  return Verdict::pass();
}

}  // namespace vg::filters::geo
