// The configured blocklist feeds and their current lists. A background thread (or a test calling
// poll()) fetches each feed when it is due, parses it and swaps in a new immutable CIDR set; packet
// threads read the sets with one atomic shared_ptr load and one binary search. A feed that cannot
// be fetched or parsed keeps its last good list and raises an event; a list older than the feed's
// expire_after (no successful fetch for that long) is dropped, so a dead feed does not block
// addresses forever.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "events/sink.h"
#include "feeds/feed_spec.h"
#include "feeds/fetch.h"
#include "geo/range_table.h"

namespace vg::feeds {

struct FeedStatus {
  size_t entries = 0;                    // in the list in force
  std::optional<int64_t> last_success;   // wall-clock Unix seconds
  uint32_t failures = 0;                 // consecutive
  std::string last_error;                // empty after a success
};

class FeedSet {
 public:
  // APIBAN pages followed in one fetch at most (250 addresses each).
  static constexpr size_t kMaxApibanPages = 10000;
  // After a failed fetch, try again after min(interval, this).
  static constexpr std::chrono::seconds kRetryAfterFailure{300};

  // `fetcher`, `sink` and `clock` must outlive the set.
  FeedSet(std::vector<FeedSpec> specs, Fetcher& fetcher, events::EventSink& sink, const Clock& clock);
  ~FeedSet();
  FeedSet(const FeedSet&) = delete;
  FeedSet& operator=(const FeedSet&) = delete;

  [[nodiscard]] size_t size() const { return feeds_.size(); }
  [[nodiscard]] const FeedSpec& spec(size_t i) const { return feeds_[i]->spec; }
  // Index of the feed called `name`, or size().
  [[nodiscard]] size_t index_of(std::string_view name) const;
  // The list in force for feed i (an empty set before its first successful fetch). Any thread.
  [[nodiscard]] std::shared_ptr<const geo::RangeTable> list(size_t i) const {
    return feeds_[i]->list.load(std::memory_order_acquire);
  }
  [[nodiscard]] FeedStatus status(size_t i) const;

  // Fetches the feeds that are due, drops expired lists. Returns how many fetches succeeded.
  size_t poll();

  // Runs poll() every `tick` on a background thread until stop() or destruction.
  void start(std::chrono::milliseconds tick);
  void stop();

 private:
  struct Feed {
    FeedSpec spec;
    std::atomic<std::shared_ptr<const geo::RangeTable>> list;
    // Feed-thread state, guarded by status_mu_ for status() readers.
    Clock::MonoTime next_fetch{};
    std::optional<Clock::MonoTime> last_success_mono;
    FeedStatus status;
  };
  Result<std::vector<Cidr>, std::string> fetch(const FeedSpec& spec, size_t& ignored);
  void emit(const Feed& f, std::string kind, events::Severity severity, std::string evidence);

  std::vector<std::unique_ptr<Feed>> feeds_;
  Fetcher& fetcher_;
  events::EventSink& sink_;
  const Clock& clock_;
  mutable std::mutex status_mu_;

  std::mutex thread_mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace vg::feeds
