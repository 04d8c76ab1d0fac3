#include "server/filter_observer.h"

#include "filters/bruteforce/bruteforce_filter.h"

namespace vg::server {

void FilterObserver::on_upstream_auth_failure(const Endpoint& source, std::string_view user, int /*status*/) {
  // The proxy reports only refusals: a 403, or a 401/407 answering credentials (not the first challenge).
  if (auto* p = pipeline_.load(std::memory_order_acquire)) filters::bruteforce::report_failure(*p, source, user, clock_.mono());
}

void FilterObserver::on_auth_failure(const Endpoint& source, std::string_view user, std::string_view /*why*/) {
  if (auto* p = pipeline_.load(std::memory_order_acquire)) filters::bruteforce::report_failure(*p, source, user, clock_.mono());
}

}  // namespace vg::server
