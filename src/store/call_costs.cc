#include "store/call_costs.h"

#include <charconv>

namespace vg::store {

SqlResult<std::vector<CostSum>> call_cost_sums(StoreWriter& w, int64_t since_ms) {
  (void)w.flush();
  const SqlParam since[] = {since_ms};
  // Integer division on BIGINT in both dialects; calls_start's index does not help (end_ms), but
  // this runs once at start.
  auto rows = w.query(
      "SELECT tenant, account, (end_ms / 900000) * 900000, SUM(cost) FROM calls WHERE end_ms >= $1 AND cost > 0 "
      "GROUP BY tenant, account, end_ms / 900000 ORDER BY tenant, account, 3",
      since);
  if (!rows) return unexpected(rows.error());
  std::vector<CostSum> out;
  out.reserve(rows->size());
  for (const auto& row : *rows) {
    if (row.size() != 4 || !row[0] || !row[1] || !row[2] || !row[3]) continue;
    CostSum s{*row[0], *row[1], 0, 0};
    std::from_chars(row[2]->data(), row[2]->data() + row[2]->size(), s.quarter_start_ms);
    std::from_chars(row[3]->data(), row[3]->data() + row[3]->size(), s.cost);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace vg::store
