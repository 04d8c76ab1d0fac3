// Exports the storage writer's counters (src/store/store_writer.h) to a metrics::Registry, read at
// scrape time: queue depth, records written and lost by reason, outages, availability.
#pragma once

#include "metrics/registry.h"

namespace vg::store {
class StoreWriter;
}

namespace vg::server {

// `writer` must outlive the registry's use (the Gateway owns both).
void register_store_metrics(metrics::Registry& registry, const store::StoreWriter& writer);

}  // namespace vg::server
