// Costs of ended calls summed per tenant, account and quarter hour, on SQLite and PostgreSQL (what
// the fraud engine reads at start): free calls and calls that ended before `since` are left out.
#include "store/call_costs.h"

#include <gtest/gtest.h>

#include "store_backends.h"

namespace vg::store::testing {
namespace {

template <class B>
class CallCostsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(backend_.ok()) << "the " << B::kName << " test database is not available"; }
  B backend_;
  FakeClock clock_{1'795'770'000};
};

using CostBackends = ::testing::Types<SqliteBackend, PostgresqlBackend>;
TYPED_TEST_SUITE(CallCostsTest, CostBackends, BackendNames);

CdrRecord paid(std::string account, int64_t end_ms, double cost) {
  CdrRecord r;
  r.call_id = account + std::to_string(end_ms);
  r.tenant = "a.example";
  r.account = std::move(account);
  r.start_ms = end_ms - 1000;
  r.end_ms = end_ms;
  r.cost = cost;
  r.disposition = "answered";
  return r;
}

TYPED_TEST(CallCostsTest, SumsPerAccountAndQuarterHour) {
  auto w = open_store(this->backend_.options(), this->clock_);
  ASSERT_TRUE(w.has_value()) << w.error();
  const int64_t q = 1'795'770'000'000 / kQuarterHourMs * kQuarterHourMs;  // a quarter hour's start
  (*w)->append(paid("alice", q + 1, 0.25));
  (*w)->append(paid("alice", q + kQuarterHourMs - 1, 0.5));  // same quarter hour
  (*w)->append(paid("alice", q + kQuarterHourMs, 2.0));      // the next one
  (*w)->append(paid("bob", q + 10, 1.0));
  (*w)->append(paid("bob", q + 20, 0.0));                    // free: not a row
  (*w)->append(paid("bob", q - 1, 8.0));                     // before `since`
  auto sums = call_cost_sums(**w, q);
  ASSERT_TRUE(sums.has_value()) << sums.error();
  ASSERT_EQ(sums->size(), 3u);
  EXPECT_EQ((*sums)[0].account, "alice");
  EXPECT_EQ((*sums)[0].quarter_start_ms, q);
  EXPECT_DOUBLE_EQ((*sums)[0].cost, 0.75);
  EXPECT_EQ((*sums)[1].quarter_start_ms, q + kQuarterHourMs);
  EXPECT_DOUBLE_EQ((*sums)[1].cost, 2.0);
  EXPECT_EQ((*sums)[2].tenant, "a.example");
  EXPECT_EQ((*sums)[2].account, "bob");
  EXPECT_DOUBLE_EQ((*sums)[2].cost, 1.0);
}

}  // namespace
}  // namespace vg::store::testing
