#include "metrics/registry.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

namespace vg::metrics {

namespace {

std::string number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{}", static_cast<int64_t>(v));
  return fmt::format("{}", v);
}

std::string seconds(uint64_t ns) { return fmt::format("{}", static_cast<double>(ns) / 1e9); }

struct Family {
  std::string help, type;
  std::vector<std::string> lines;
};

void add_line(std::map<std::string, Family>& families, const std::string& family, const std::string& help,
              const std::string& type, std::string line) {
  auto& f = families[family];
  if (f.type.empty()) {
    f.help = help;
    f.type = type;
  }
  f.lines.push_back(std::move(line));
}

// HELP text escaping (exposition format: backslash and newline).
std::string escape_help(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

// _bucket lines (cumulative, le in seconds), _sum (seconds) and _count.
std::vector<std::string> histogram_lines(const std::string& name, const Labels& labels, const Histogram& h) {
  std::vector<std::string> lines;
  const auto& bounds = h.bounds_ns();
  for (std::size_t i = 0; i <= bounds.size(); ++i) {
    Labels l = labels;
    l.emplace_back("le", i < bounds.size() ? seconds(bounds[i]) : std::string("+Inf"));
    lines.push_back(name + "_bucket" + format_labels(l) + " " + std::to_string(h.cumulative(i)));
  }
  lines.push_back(name + "_sum" + format_labels(labels) + " " + seconds(h.sum_ns()));
  lines.push_back(name + "_count" + format_labels(labels) + " " + std::to_string(h.count()));
  return lines;
}

}  // namespace

Histogram::Histogram(std::vector<uint64_t> bounds_ns) : bounds_(std::move(bounds_ns)) {
  if (bounds_.size() > kMaxBuckets || !std::is_sorted(bounds_.begin(), bounds_.end())) {
    throw std::invalid_argument("histogram bounds: at most 24, ascending");
  }
}

void Histogram::observe_ns(uint64_t ns) {
  std::size_t i = 0;
  while (i < bounds_.size() && ns > bounds_[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  sum_ns_.fetch_add(ns, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

uint64_t Histogram::cumulative(std::size_t i) const {
  uint64_t n = 0;
  for (std::size_t k = 0; k <= i && k < buckets_.size(); ++k) n += buckets_[k].load(std::memory_order_relaxed);
  return n;
}

std::vector<uint64_t> latency_buckets_ns() {
  return {10'000,     25'000,     50'000,      100'000,     250'000,     500'000,      1'000'000,
          2'500'000,  5'000'000,  10'000'000,  25'000'000,  50'000'000,  100'000'000,  250'000'000,
          500'000'000, 1'000'000'000};
}

std::string format_labels(const Labels& labels) {
  if (labels.empty()) return {};
  std::string out = "{";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i) out += ',';
    out += labels[i].first;
    out += "=\"";
    for (char c : labels[i].second) {
      if (c == '\\') {
        out += "\\\\";
      } else if (c == '"') {
        out += "\\\"";
      } else if (c == '\n') {
        out += "\\n";
      } else {
        out += c;
      }
    }
    out += '"';
  }
  out += '}';
  return out;
}

void Writer::counter(std::string_view name, std::string_view help, const Labels& labels, double value) {
  samples_.push_back({std::string(name), std::string(help), "counter",
                      std::string(name) + format_labels(labels) + " " + number(value)});
}

void Writer::gauge(std::string_view name, std::string_view help, const Labels& labels, double value) {
  samples_.push_back({std::string(name), std::string(help), "gauge",
                      std::string(name) + format_labels(labels) + " " + number(value)});
}

void Writer::histogram(std::string_view name, std::string_view help, const Labels& labels, const Histogram& h) {
  const std::string n(name);
  for (auto& line : histogram_lines(n, labels, h)) samples_.push_back({n, std::string(help), "histogram", std::move(line)});
}

Registry::Entry* Registry::find(const std::string& name, const Labels& labels, Type type) {
  for (auto& e : entries_) {
    if (e.name == name && e.labels == labels) {
      if (e.type != type) throw std::invalid_argument("metric " + name + " registered with another type");
      return &e;
    }
  }
  return nullptr;
}

Counter& Registry::counter(const std::string& name, const std::string& help, const Labels& labels) {
  std::lock_guard lock(mu_);
  if (auto* e = find(name, labels, Type::kCounter)) return *e->counter;
  auto& e = entries_.emplace_back(Entry{name, help, labels, Type::kCounter, std::make_unique<Counter>(), {}, {}});
  return *e.counter;
}

Gauge& Registry::gauge(const std::string& name, const std::string& help, const Labels& labels) {
  std::lock_guard lock(mu_);
  if (auto* e = find(name, labels, Type::kGauge)) return *e->gauge;
  auto& e = entries_.emplace_back(Entry{name, help, labels, Type::kGauge, {}, std::make_unique<Gauge>(), {}});
  return *e.gauge;
}

Histogram& Registry::histogram(const std::string& name, const std::string& help, std::vector<uint64_t> bounds_ns,
                               const Labels& labels) {
  std::lock_guard lock(mu_);
  if (auto* e = find(name, labels, Type::kHistogram)) return *e->histogram;
  auto& e = entries_.emplace_back(
      Entry{name, help, labels, Type::kHistogram, {}, {}, std::make_unique<Histogram>(std::move(bounds_ns))});
  return *e.histogram;
}

void Registry::add_collector(std::function<void(Writer&)> collect) {
  std::lock_guard lock(mu_);
  collectors_.push_back(std::move(collect));
}

std::string Registry::render() const {
  std::map<std::string, Family> families;
  std::lock_guard lock(mu_);
  for (const auto& e : entries_) {
    switch (e.type) {
      case Type::kCounter:
        add_line(families, e.name, e.help, "counter", e.name + format_labels(e.labels) + " " + number(static_cast<double>(e.counter->value())));
        break;
      case Type::kGauge:
        add_line(families, e.name, e.help, "gauge", e.name + format_labels(e.labels) + " " + number(static_cast<double>(e.gauge->value())));
        break;
      case Type::kHistogram:
        for (auto& line : histogram_lines(e.name, e.labels, *e.histogram)) {
          add_line(families, e.name, e.help, "histogram", std::move(line));
        }
        break;
    }
  }
  for (const auto& collect : collectors_) {
    Writer w;
    collect(w);
    for (auto& s : w.samples_) add_line(families, s.family, s.help, s.type, std::move(s.line));
  }
  std::string out;
  for (const auto& [name, f] : families) {
    out += "# HELP " + name + " " + escape_help(f.help) + "\n";
    out += "# TYPE " + name + " " + f.type + "\n";
    for (const auto& l : f.lines) {
      out += l;
      out += '\n';
    }
  }
  return out;
}

}  // namespace vg::metrics
