// The security pipeline's counters, kept apart from the pipeline so they can outlive it: a reload
// builds a new Pipeline, and counters exported to Prometheus must not go back to zero (a counter
// reset). The gateway owns one PipelineCounters for its life and hands it to every pipeline it
// builds; a pipeline built without one (tests, tools) owns its own.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace vg::filters {

// Decisions of one filter, by what was done (monitor: would have been done, message passed), and
// its event budget (kept across reloads too, so a reload does not grant a fresh second of events).
struct FilterCounters {
  std::atomic<uint64_t> replied{0}, dropped{0}, banned{0}, monitored{0}, events_suppressed{0};
  std::atomic<int64_t> event_window{0};     // second of the current event budget
  std::atomic<uint32_t> events_in_window{0};
};

struct PipelineStats {
  std::atomic<uint64_t> banned_dropped{0};    // datagrams from banned sources, dropped before parsing
  std::atomic<uint64_t> malformed{0};         // messages the parser rejected (reported as sanity events)
  std::atomic<uint64_t> trusted_bypass{0};    // requests from trusted sources (only sanity ran)
};

// Thread-safety: filter() is called while a pipeline is built (one builder at a time is expected,
// but it locks anyway); the counters it returns are updated and read from any thread, lock-free.
class PipelineCounters {
 public:
  // The counters of the filter named `name` (feeds are "feed:<name>"), created on first use. The
  // reference stays valid as long as this object: a filter removed by one reload and added back by
  // another continues where it stopped.
  FilterCounters& filter(std::string_view name) {
    std::lock_guard lock(mu_);
    auto it = filters_.find(name);
    if (it == filters_.end()) it = filters_.emplace(std::string(name), std::make_unique<FilterCounters>()).first;
    return *it->second;
  }
  [[nodiscard]] PipelineStats& stats() { return stats_; }

 private:
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<FilterCounters>, std::less<>> filters_;
  PipelineStats stats_;
};

}  // namespace vg::filters
