// Message sanity (Kamailio's sanity module's role): answers requests a proxy must refuse that the
// parser does not, and records every parser rejection (Pipeline::on_malformed). Stateless; applies
// to trusted sources too (a broken PBX message is still broken).
#pragma once

#include "filters/filter.h"
#include "filters/sanity/sanity_config.h"

namespace vg::filters::sanity {

class SanityFilter final : public Filter {
 public:
  explicit SanityFilter(const SanityConfig& c) : Filter(c.mode) {}
  [[nodiscard]] std::string_view name() const override { return "sanity"; }
  [[nodiscard]] bool applies_to_trusted() const override { return true; }
  [[nodiscard]] Verdict check(const Context& c, const sip::Message& m) override;
};

}  // namespace vg::filters::sanity
