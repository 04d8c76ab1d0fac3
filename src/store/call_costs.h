// What the calls table (CDRs) says was spent: costs of ended calls summed per tenant, account and
// quarter hour, read at start by the fraud engine so that a restart does not reset spend limits
// (docs/fraud.md). A quarter hour is never split by a local midnight: every UTC offset in use is a
// multiple of 15 minutes. Not for the packet path.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/store_writer.h"

namespace vg::store {

struct CostSum {
  std::string tenant;
  std::string account;
  int64_t quarter_start_ms = 0;  // unix milliseconds, a multiple of 900 000
  double cost = 0;               // in the rate table's currency
};

inline constexpr int64_t kQuarterHourMs = 900'000;

// Paid calls that ended at since_ms or later (waits for queued writes first).
[[nodiscard]] SqlResult<std::vector<CostSum>> call_cost_sums(StoreWriter& w, int64_t since_ms);

}  // namespace vg::store
