// Tests of the scrape-time exporters the gateway registers: calls per destination class (every
// tenant) and fraud decisions (fraud_wiring), the storage writer's queue, losses and writes (store_metrics).
#include <gtest/gtest.h>

#include "../fraud/fraud_fixture.h"
#include "../common/metric_sample.h"
#include "../store/temp_dir.h"
#include "metrics/registry.h"
#include "server/fraud_wiring.h"
#include "server/store_metrics.h"
#include "store/store.h"
#include "store/store_writer.h"

namespace vg::server {
namespace {

using test::metric_sample;

class FraudMetrics : public fraud::testing::FraudEngineTest {};

TEST_F(FraudMetrics, CallsPerClassAndDecisionsChangeWithTraffic) {
  make_engine(fraud::testing::german_tenant());
  metrics::Registry registry;
  register_fraud_metrics(registry, *engine_);
  std::string before = registry.render();
  EXPECT_EQ(metric_sample(before, "voipguard_calls_by_class_total{class=\"international\"}"), 0);
  EXPECT_EQ(metric_sample(before, "voipguard_calls_by_class_total{class=\"premium\"}"), 0);
  EXPECT_EQ(metric_sample(before, "voipguard_fraud_decisions_total{action=\"block\"}"), 0);

  call("+442079460010");
  call("0900123456");  // premium: not allowed by the default policy, blocked
  const std::string after = registry.render();
  EXPECT_EQ(metric_sample(after, "voipguard_calls_by_class_total{class=\"international\"}"), 1);
  EXPECT_EQ(metric_sample(after, "voipguard_calls_by_class_total{class=\"premium\"}"), 1);
  EXPECT_EQ(metric_sample(after, "voipguard_calls_by_class_total{class=\"mobile\"}"), 0);
  EXPECT_EQ(metric_sample(after, "voipguard_fraud_decisions_total{action=\"evaluated\"}"), 2);
  EXPECT_EQ(metric_sample(after, "voipguard_fraud_decisions_total{action=\"block\"}"), 1);
  EXPECT_NE(after.find("# TYPE voipguard_calls_by_class_total counter"), std::string::npos);
  EXPECT_EQ(metric_sample(after, "voipguard_calls_by_class_total{class=\"unclassified\"}"), 0);

  // A tenant without a fraud policy is counted too (not evaluated).
  for (std::string_view dialled : {"+19005550100", "0301234567"}) {
    fraud::CallRequest r;
    r.tenant = "no-policy.example";
    r.account = "bob";
    r.call_id = dialled;
    r.dialled = dialled;
    EXPECT_TRUE(engine_->on_invite(r).allowed());
  }
  const std::string other = registry.render();
  EXPECT_EQ(metric_sample(other, "voipguard_calls_by_class_total{class=\"nanp_premium\"}"), 1);
  EXPECT_EQ(metric_sample(other, "voipguard_calls_by_class_total{class=\"unclassified\"}"), 1);
  EXPECT_EQ(metric_sample(other, "voipguard_calls_by_class_total{class=\"international\"}"), 1);
  EXPECT_EQ(metric_sample(other, "voipguard_fraud_decisions_total{action=\"evaluated\"}"), 2);
}

TEST(StoreMetrics, QueueLossesAndWritesAreExported) {
  store::TempDir dir;
  store::StoreOptions o;
  o.sqlite_path = dir.file("metrics.db");
  // One queued record at most, and a writer that only wakes when asked: the second and third
  // records find the queue full.
  o.writer.queue_capacity = 1;
  o.writer.batch_size = 1000;
  o.writer.flush_interval = std::chrono::hours(1);
  FakeClock clock(1'700'000'000);
  auto writer = store::open_store(o, clock);
  ASSERT_TRUE(writer) << writer.error();
  metrics::Registry registry;
  register_store_metrics(registry, **writer);
  const std::string before = registry.render();
  EXPECT_EQ(metric_sample(before, "voipguard_store_queue_depth{stage=\"queued\"}"), 0);
  EXPECT_EQ(metric_sample(before, "voipguard_store_dropped_total{reason=\"queue_full\"}"), 0);
  EXPECT_EQ(metric_sample(before, "voipguard_store_available"), 1);

  for (int i = 0; i < 3; ++i) {
    events::Event e;
    e.time_ms = 1'700'000'000'000 + i;
    e.kind = "test.metrics";
    (*writer)->emit(std::move(e));
  }
  const std::string queued = registry.render();
  EXPECT_GE(metric_sample(queued, "voipguard_store_dropped_total{reason=\"queue_full\"}"), 1);
  ASSERT_TRUE((*writer)->flush());
  const std::string written = registry.render();
  EXPECT_EQ(metric_sample(written, "voipguard_store_queue_depth{stage=\"queued\"}"), 0);
  // The record that was queued, and the writer's own store.lost event reporting the others.
  EXPECT_GE(metric_sample(written, "voipguard_store_records_total"), 1);
  EXPECT_EQ(metric_sample(written, "voipguard_store_dropped_total{reason=\"buffer_full\"}"), 0);
}

}  // namespace
}  // namespace vg::server
