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
// registry is used). The filters of the current pipeline are exported; their counters live in the
// gateway's filters::PipelineCounters, so a reload continues them instead of resetting them.
void register_filter_metrics(metrics::Registry& registry, const std::atomic<filters::Pipeline*>& current);

}  // namespace vg::server
