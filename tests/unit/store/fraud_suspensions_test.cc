// Fraud suspensions in the store, on SQLite and PostgreSQL: suspend (upsert), find, list, lift, and
// the revision the running gateway polls (bumped by every change, not by a change of nothing).
#include "store/fraud_suspensions.h"

#include <gtest/gtest.h>

#include "store/account_store.h"
#include "store_backends.h"

namespace vg::store::testing {
namespace {

template <class B>
class FraudSuspensionsTest : public ConnectedTest<B> {};

using SuspensionBackends = ::testing::Types<SqliteBackend, PostgresqlBackend>;
TYPED_TEST_SUITE(FraudSuspensionsTest, SuspensionBackends, BackendNames);

TYPED_TEST(FraudSuspensionsTest, SuspendFindListLiftAndRevision) {
  FraudSuspensions s(*this->conn_);
  auto rev0 = s.revision();
  ASSERT_TRUE(rev0.has_value()) << rev0.error();
  const int64_t accounts_rev = *AccountStore(*this->conn_).revision();

  ASSERT_TRUE(s.suspend({"a.example", "1001", 1795744800123, "international_per_hour(60): 3 calls"}).has_value());
  ASSERT_TRUE(s.suspend({"b.example", "1001", 5, "x"}).has_value());  // same user, other tenant
  EXPECT_EQ(*s.revision(), *rev0 + 2);
  EXPECT_EQ(*AccountStore(*this->conn_).revision(), accounts_rev);  // the accounts revision is apart

  auto one = s.find("a.example", "1001");
  ASSERT_TRUE(one.has_value()) << one.error();
  ASSERT_TRUE(one->has_value());
  EXPECT_EQ((*one)->since_ms, 1795744800123);  // milliseconds past 2^31 survive on both backends
  EXPECT_EQ((*one)->reason, "international_per_hour(60): 3 calls");

  // Suspended again: one row, the newer time and reason.
  ASSERT_TRUE(s.suspend({"a.example", "1001", 1795744900000, std::string(5000, 'r')}).has_value());
  auto all = s.list();
  ASSERT_TRUE(all.has_value()) << all.error();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].tenant, "a.example");  // ordered by tenant, account
  EXPECT_EQ((*all)[0].since_ms, 1795744900000);
  EXPECT_EQ((*all)[0].reason.size(), FraudSuspensions::kMaxReason);
  EXPECT_EQ(s.list("b.example")->size(), 1u);
  EXPECT_EQ(*s.revision(), *rev0 + 3);

  EXPECT_TRUE(*s.lift("a.example", "1001"));
  EXPECT_FALSE(*s.lift("a.example", "1001"));  // not suspended any more
  EXPECT_FALSE(*s.lift("a.example", "9999"));
  EXPECT_FALSE(s.find("a.example", "1001")->has_value());
  EXPECT_EQ(*s.revision(), *rev0 + 4);  // lifting nothing does not bump it
  EXPECT_EQ(s.list()->size(), 1u);
}

}  // namespace
}  // namespace vg::store::testing
