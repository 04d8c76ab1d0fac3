// Fraud suspensions through the account sync (issue 6): a suspension the engine decides is written
// to the store by the sync thread's poll, restored into a new engine at start (a restart), lifted in
// the running engine when `voipguard account enable` deletes the row, and a row written by another
// gateway on the same database suspends the account here too.
#include "server/suspension_sync.h"

#include <gtest/gtest.h>

#include "../fraud/fraud_fixture.h"
#include "../store/temp_dir.h"
#include "server/account_sync.h"
#include "store/fraud_suspensions.h"

namespace vg::server {
namespace {

using fraud::Action;
using fraud::testing::german_tenant;

class SuspensionSyncTest : public fraud::testing::FraudEngineTest {
 protected:
  SuspensionSyncTest() : FraudEngineTest(fraud::testing::kFriday0300) { options_.sqlite_path = dir_.file("v.db"); }

  // A gateway start: a new engine and a new sync on the same database.
  void start() {
    sync_.reset();  // the old sync refers to the old engine
    make_engine(german_tenant());
    auto s = AccountSync::open(options_);
    ASSERT_TRUE(s.has_value()) << s.error();
    sync_ = std::move(*s);
    auto n = sync_->attach_fraud(*engine_);
    ASSERT_TRUE(n.has_value()) << n.error();
    restored_ = *n;
  }
  void burst() {
    // Out of hours: 2 international calls pass, the next 3 are blocked, the 4th suspends (docs/fraud.md).
    for (int i = 0; i < 6; ++i) (void)call("+44207946001" + std::to_string(i));
  }
  std::unique_ptr<store::Connection> admin_connection() {
    auto c = store::connect(options_);
    EXPECT_TRUE(c.has_value()) << c.error();
    return std::move(*c);
  }

  store::TempDir dir_;
  store::StoreOptions options_;
  std::unique_ptr<AccountSync> sync_;
  std::size_t restored_ = 0;
};

TEST_F(SuspensionSyncTest, SuspensionSurvivesARestartAndEnableLiftsItLive) {
  start();
  EXPECT_EQ(restored_, 0u);
  burst();
  ASSERT_TRUE(engine_->suspended("example.com", "alice"));
  auto admin = admin_connection();
  store::FraudSuspensions table(*admin);
  EXPECT_FALSE(table.find("example.com", "alice")->has_value());  // queued, not written by the worker
  auto polled = sync_->poll_suspensions();
  ASSERT_TRUE(polled.has_value()) << polled.error();
  auto row = table.find("example.com", "alice");
  ASSERT_TRUE(row.has_value() && row->has_value());
  EXPECT_EQ((*row)->since_ms, fraud::testing::kFriday0300 * 1000);
  EXPECT_NE((*row)->reason.find("international_per_hour"), std::string::npos) << (*row)->reason;
  EXPECT_FALSE(*sync_->poll_suspensions());  // its own write is known now: nothing to apply

  // Restart: the new engine starts with the account suspended, and refuses its calls.
  start();
  EXPECT_EQ(restored_, 1u);
  EXPECT_TRUE(engine_->suspended("example.com", "alice"));
  EXPECT_EQ(call("030123456").action, Action::kBlock);
  EXPECT_EQ(call("030123456", "bob").action, Action::kAllow);

  // `voipguard account enable alice` deletes the row: the next poll lifts the suspension live.
  ASSERT_TRUE(*table.lift("example.com", "alice"));
  EXPECT_TRUE(*sync_->poll_suspensions());
  EXPECT_FALSE(engine_->suspended("example.com", "alice"));
  EXPECT_EQ(call("030123456").action, Action::kAllow);
  EXPECT_FALSE(*sync_->poll_suspensions());
  EXPECT_FALSE(table.find("example.com", "alice")->has_value());

  // Suspended by another gateway on the same database: applied here at the next poll.
  ASSERT_TRUE(table.suspend({"example.com", "bob", 1, "another gateway"}).has_value());
  EXPECT_TRUE(*sync_->poll_suspensions());
  EXPECT_TRUE(engine_->suspended("example.com", "bob"));
}

TEST_F(SuspensionSyncTest, QueuedSuspensionsAreWrittenWhenTheSyncStops) {
  start();
  burst();
  ASSERT_TRUE(engine_->suspended("example.com", "alice"));
  sync_->stop();  // never polled: stop() writes what is queued
  auto admin = admin_connection();
  EXPECT_TRUE(store::FraudSuspensions(*admin).find("example.com", "alice")->has_value());
}

}  // namespace
}  // namespace vg::server
