// Composition of toll-fraud prevention (src/fraud): the engine's configuration from the loaded
// Config (tenants with a `policy:`), and its CDRs as rows of the store's calls table.
#pragma once

#include "config/config.h"
#include "fraud/engine.h"
#include "store/records.h"

namespace vg::server {

[[nodiscard]] fraud::EngineConfigPtr fraud_config_of(const config::Config& c);
[[nodiscard]] store::CdrRecord to_cdr_record(const fraud::Cdr& c);

}  // namespace vg::server
