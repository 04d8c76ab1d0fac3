// The fraud engine's spend after a restart: restore_fraud_spend sums the costs of the CDRs in the
// store (SQLite here; the query is plain SQL shared with PostgreSQL) into this day's and month's
// spend, in the policy's time zone; old, free and other tenants' calls do not count.
#include <gtest/gtest.h>

#include "../fraud/fraud_fixture.h"
#include "../store/temp_dir.h"
#include "server/fraud_wiring.h"
#include "store/store.h"

namespace vg::server {
namespace {

using fraud::testing::kFriday1000;

class FraudSpendRestoreTest : public fraud::testing::FraudEngineTest {};

store::CdrRecord cdr(std::string tenant, int64_t end_ms, double cost) {
  store::CdrRecord r;
  r.call_id = "c" + std::to_string(end_ms);
  r.tenant = std::move(tenant);
  r.account = "alice";
  r.start_ms = end_ms - 60'000;
  r.end_ms = end_ms;
  r.cost = cost;
  r.disposition = "answered";
  return r;
}

TEST_F(FraudSpendRestoreTest, SumsThisDayAndMonthFromTheCalls) {
  store::TempDir dir;
  store::StoreOptions o;
  o.sqlite_path = dir.file("v.db");
  auto w = store::open_store(o, clock_);
  ASSERT_TRUE(w.has_value()) << w.error();
  // Friday 2026-11-27 10:00 at UTC+01:00 (the fixture's tenant).
  const int64_t now_ms = kFriday1000 * 1000;
  (*w)->append(cdr("example.com", now_ms - 60'000, 1.25));                  // today, this quarter hour
  (*w)->append(cdr("example.com", now_ms - 30 * 60'000, 0.50));             // today
  (*w)->append(cdr("example.com", now_ms - 30 * 60'000 + 1'000, 0.25));     // today, same quarter hour
  (*w)->append(cdr("example.com", now_ms - 9 * 3'600'000 - 1'000, 2.00));   // 00:59:59 local: today
  (*w)->append(cdr("example.com", now_ms - 10 * 3'600'000 - 1'000, 4.00));  // 23:59:59 yesterday
  (*w)->append(cdr("example.com", now_ms - int64_t{30} * 86'400'000, 8.00));  // October: not this month
  (*w)->append(cdr("example.com", now_ms - 120'000, 0.0));                   // free
  (*w)->append(cdr("other.example", now_ms - 60'000, 16.00));                // no policy here
  ASSERT_TRUE((*w)->flush());

  make_engine(fraud::testing::german_tenant());
  auto n = restore_fraud_spend(**w, *engine_, now_ms);
  ASSERT_TRUE(n.has_value()) << n.error();
  EXPECT_EQ(*n, 6u);  // sums per tenant, account and quarter hour of the paid calls of 32 days
  EXPECT_EQ(engine_->spent_today("example.com", "alice"), 4'000'000);  // 1.25 + 0.50 + 0.25 + 2.00
  EXPECT_EQ(engine_->spent_today("other.example", "alice"), 0);
}

}  // namespace
}  // namespace vg::server
