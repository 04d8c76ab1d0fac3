// Internal to vg_config: the reader of a tenant's toll-fraud settings, `dial_plan:` and `policy:`
// (docs/fraud.md). Errors carry file:line:col like every other section.
#pragma once

#include "config/config.h"
#include "config/yaml_reader.h"

namespace vg::config::detail {

// Takes `dial_plan` and `policy` from the tenant's map; a present `policy` enables the checks
// (t.fraud). Rate files named by the policy are read here.
void read_tenant_fraud(Diagnostics& d, MapReader& tenant, Tenant& t);

}  // namespace vg::config::detail
