#include "metrics/registry.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include "../common/free_port.h"
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "metrics/http_exporter.h"

namespace vg::metrics {
namespace {

uint16_t free_port() { return test::free_tcp_port(); }

TEST(MetricsRegistry, CountersAndGaugesRenderWithHelpTypeAndLabels) {
  Registry r;
  r.counter("voipguard_test_total", "A test counter", {{"reason", "x"}}).inc(3);
  r.counter("voipguard_test_total", "A test counter", {{"reason", "y\"z"}}).inc();
  r.gauge("voipguard_level", "A gauge").set(-4);
  const std::string t = r.render();
  EXPECT_NE(t.find("# HELP voipguard_test_total A test counter\n# TYPE voipguard_test_total counter\n"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("voipguard_test_total{reason=\"x\"} 3\n"), std::string::npos);
  EXPECT_NE(t.find("voipguard_test_total{reason=\"y\\\"z\"} 1\n"), std::string::npos) << "label values escaped";
  EXPECT_NE(t.find("# TYPE voipguard_level gauge\nvoipguard_level -4\n"), std::string::npos);
  EXPECT_EQ(t.find("# HELP voipguard_test_total", t.find("# HELP voipguard_test_total") + 1), std::string::npos)
      << "one HELP per family";
}

TEST(MetricsRegistry, SameNameAndLabelsIsTheSameObject) {
  Registry r;
  auto& a = r.counter("c_total", "h", {{"k", "v"}});
  auto& b = r.counter("c_total", "h", {{"k", "v"}});
  EXPECT_EQ(&a, &b);
  EXPECT_THROW(r.gauge("c_total", "h", {{"k", "v"}}), std::invalid_argument);
}

TEST(MetricsRegistry, HistogramBucketsAreCumulativeInSeconds) {
  Registry r;
  auto& h = r.histogram("voipguard_lat_seconds", "Latency", {1'000'000, 10'000'000});
  h.observe_ns(500'000);
  h.observe_ns(1'000'000);  // on the bound: counts in that bucket (le = less or equal)
  h.observe_ns(5'000'000);
  h.observe_ns(50'000'000);
  const std::string t = r.render();
  EXPECT_NE(t.find("voipguard_lat_seconds_bucket{le=\"0.001\"} 2\n"), std::string::npos) << t;
  EXPECT_NE(t.find("voipguard_lat_seconds_bucket{le=\"0.01\"} 3\n"), std::string::npos);
  EXPECT_NE(t.find("voipguard_lat_seconds_bucket{le=\"+Inf\"} 4\n"), std::string::npos);
  EXPECT_NE(t.find("voipguard_lat_seconds_sum 0.0565\n"), std::string::npos);
  EXPECT_NE(t.find("voipguard_lat_seconds_count 4\n"), std::string::npos);
}

TEST(MetricsRegistry, CollectorsAreReadAtScrapeTime) {
  Registry r;
  std::atomic<uint64_t> outside{7};
  r.add_collector([&](Writer& w) {
    w.counter("voipguard_outside_total", "From elsewhere", {{"a", "b"}}, static_cast<double>(outside.load()));
  });
  EXPECT_NE(r.render().find("voipguard_outside_total{a=\"b\"} 7\n"), std::string::npos);
  outside = 9;
  EXPECT_NE(r.render().find("voipguard_outside_total{a=\"b\"} 9\n"), std::string::npos);
}

TEST(MetricsRegistry, ConcurrentIncrementsAreNotLost) {
  Registry r;
  auto& c = r.counter("c_total", "h");
  auto& h = r.histogram("h_seconds", "h", latency_buckets_ns());
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      for (int k = 0; k < 100000; ++k) {
        c.inc();
        h.observe_ns(20'000);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.value(), 400000u);
  EXPECT_EQ(h.count(), 400000u);
}

TEST(MetricsExporter, ServesMetricsOverHttp) {
  Registry r;
  r.counter("voipguard_scraped_total", "h").inc(42);
  const uint16_t port = free_port();
  HttpExporter exporter(r);
  ASSERT_TRUE(exporter.start(Endpoint{*IpAddress::parse("127.0.0.1"), static_cast<uint16_t>(port)}));
  httplib::Client client("127.0.0.1", port);
  auto res = client.Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(res->body.find("voipguard_scraped_total 42\n"), std::string::npos);
  auto other = client.Get("/");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 404);
  exporter.stop();
}

TEST(MetricsExporter, AddressInUseIsAnError) {
  Registry r;
  const uint16_t port = free_port();
  HttpExporter first(r);
  ASSERT_TRUE(first.start(Endpoint{*IpAddress::parse("127.0.0.1"), port}));
  HttpExporter exporter(r);
  auto res = exporter.start(Endpoint{*IpAddress::parse("127.0.0.1"), port});
  ASSERT_FALSE(res);
  EXPECT_NE(res.error().find("cannot listen on 127.0.0.1:"), std::string::npos);
}

}  // namespace
}  // namespace vg::metrics
