// Metrics: counters, gauges and histograms that any thread updates with relaxed atomics (no lock,
// no allocation), registered once at start-up, and a Registry that renders them — plus values
// pulled from elsewhere at scrape time through collectors — in the Prometheus text exposition
// format (version 0.0.4). Registration and rendering take the registry's mutex; updates never do.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vg::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void inc(uint64_t n = 1) { v_.fetch_add(n, std::memory_order_relaxed); }
  [[nodiscard]] uint64_t value() const { return v_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> v_{0};
};

class Gauge {
 public:
  void set(int64_t v) { v_.store(v, std::memory_order_relaxed); }
  void add(int64_t d) { v_.fetch_add(d, std::memory_order_relaxed); }
  [[nodiscard]] int64_t value() const { return v_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> v_{0};
};

// Durations in fixed buckets (upper bounds in nanoseconds, ascending; +Inf implied). observe() is
// one bucket search over a handful of bounds and three relaxed atomic adds.
class Histogram {
 public:
  static constexpr std::size_t kMaxBuckets = 24;
  explicit Histogram(std::vector<uint64_t> bounds_ns);
  void observe_ns(uint64_t ns);
  [[nodiscard]] uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  [[nodiscard]] uint64_t sum_ns() const { return sum_ns_.load(std::memory_order_relaxed); }
  [[nodiscard]] const std::vector<uint64_t>& bounds_ns() const { return bounds_; }
  // Observations <= bounds_ns()[i] (cumulative, as Prometheus wants).
  [[nodiscard]] uint64_t cumulative(std::size_t i) const;

 private:
  std::vector<uint64_t> bounds_;
  std::array<std::atomic<uint64_t>, kMaxBuckets + 1> buckets_{};  // last: above every bound
  std::atomic<uint64_t> count_{0}, sum_ns_{0};
};

// Default latency buckets: 10 µs .. 1 s.
std::vector<uint64_t> latency_buckets_ns();

// What a collector reports at scrape time (values owned elsewhere, e.g. ProxyStats atomics).
class Writer {
 public:
  void counter(std::string_view name, std::string_view help, const Labels& labels, double value);
  void gauge(std::string_view name, std::string_view help, const Labels& labels, double value);
  void histogram(std::string_view name, std::string_view help, const Labels& labels, const Histogram& h);

 private:
  friend class Registry;
  struct Sample {
    std::string family, help, type, line;
  };
  std::vector<Sample> samples_;
};

class Registry {
 public:
  // The same name with different labels is one family; the same name and labels returns the same
  // object. References stay valid for the registry's lifetime.
  Counter& counter(const std::string& name, const std::string& help, const Labels& labels = {});
  Gauge& gauge(const std::string& name, const std::string& help, const Labels& labels = {});
  Histogram& histogram(const std::string& name, const std::string& help, std::vector<uint64_t> bounds_ns,
                       const Labels& labels = {});
  // Called on the scraping thread for every render; must be quick and thread-safe.
  void add_collector(std::function<void(Writer&)> collect);

  // Prometheus text format, families sorted by name.
  [[nodiscard]] std::string render() const;

 private:
  enum class Type { kCounter, kGauge, kHistogram };
  struct Entry {
    std::string name, help;
    Labels labels;
    Type type;
    std::unique_ptr<Counter> counter;
    std::unique_ptr<Gauge> gauge;
    std::unique_ptr<Histogram> histogram;
  };
  Entry* find(const std::string& name, const Labels& labels, Type type);

  mutable std::mutex mu_;
  std::deque<Entry> entries_;
  std::vector<std::function<void(Writer&)>> collectors_;
};

// `{a="x",b="y"}` with label values escaped (\\, \", \n), or empty for no labels.
std::string format_labels(const Labels& labels);

}  // namespace vg::metrics
