// Composition of toll-fraud prevention (src/fraud): the engine's configuration from the loaded
// Config (tenants with a `policy:`), its CDRs as rows of the store's calls table, its counters as
// metrics.
#pragma once

#include "config/config.h"
#include "fraud/engine.h"
#include "metrics/registry.h"
#include "store/records.h"
#include "store/store_writer.h"

namespace vg::server {

[[nodiscard]] fraud::EngineConfigPtr fraud_config_of(const config::Config& c);
[[nodiscard]] store::CdrRecord to_cdr_record(const fraud::Cdr& c);
// At start: the costs of the calls that ended in the last 32 days (calls table, summed per account
// and quarter hour, which no time zone's midnight splits) into the engine's spend of this day and
// month, so that a restart does not reset the spend limits. Returns how many sums were read.
Result<std::size_t, std::string> restore_fraud_spend(store::StoreWriter& store, fraud::Engine& engine, int64_t now_ms);
// Calls per destination class and the engine's decisions, read at scrape time (`engine` must
// outlive the registry's use).
void register_fraud_metrics(metrics::Registry& registry, const fraud::Engine& engine);

}  // namespace vg::server
