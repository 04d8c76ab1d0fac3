// Exports the proxy core's counters (ProxyStats, TrafficStats) and the sizes of its tables
// (bindings, dialogs, transactions) to a metrics::Registry, read at scrape time.
#pragma once

#include "metrics/registry.h"

namespace vg::proxy {
class ProxyCore;
class LocationService;
class DialogTracker;
class TransactionTable;
}  // namespace vg::proxy

namespace vg::server {

// The referenced objects must outlive the registry's use (the Gateway owns them all).
void register_proxy_metrics(metrics::Registry& registry, const proxy::ProxyCore& proxy,
                            const proxy::LocationService& location, const proxy::DialogTracker& dialogs,
                            const proxy::TransactionTable& txns);

}  // namespace vg::server
