#include "filters/sanity/sanity_filter.h"

#include "filters/sanity/sanity_checks.h"

namespace vg::filters::sanity {

Verdict SanityFilter::check(const Context& /*c*/, const sip::Message& m) {
  auto p = check_request(m);
  if (!p) return Verdict::pass();
  Verdict v = Verdict::reply(p->status, p->reason, p->rule, std::move(p->evidence));
  v.header_name = p->header_name;
  v.header_value = std::move(p->header_value);
  return v;
}

}  // namespace vg::filters::sanity
