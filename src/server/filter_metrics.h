// Exports the security pipeline's counters to a metrics::Registry, read at scrape time: decisions
// per filter and action, suppressed events, datagrams dropped for banned sources.
#pragma once

#include <atomic>

#include "metrics/registry.h"

namespace vg::filters {
class Pipeline;
}

namespace vg::server {

// `current` points at the pipeline in use (swapped on reload; every version stays alive while the
// registry is used). A reload starts the counters afresh, which Prometheus reads as a counter reset.
void register_filter_metrics(metrics::Registry& registry, const std::atomic<filters::Pipeline*>& current);

}  // namespace vg::server
