// Bounded counters for the velocity rules. WindowLog remembers at most `limit` event times (exact
// "N in the last T" for small limits). NumberCounters counts calls per (tenant, account, number) in
// two generations: entries idle for two windows vanish, and a hard cap per generation bounds memory
// whatever an attacker dials (issue 6 item 6). Sharded; any thread may call.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string_view>
#include <unordered_map>

namespace vg::fraud {

class WindowLog {
 public:
  // Events in (now - window, now].
  [[nodiscard]] uint32_t count(int64_t now_ms, int64_t window_ms);
  // Records one event, keeping at most `keep` (the limit in force).
  void add(int64_t now_ms, uint32_t keep);
  [[nodiscard]] bool empty() const { return times_.empty(); }

 private:
  std::deque<int64_t> times_;
};

class NumberCounters {
 public:
  // `capacity`: most keys remembered in total; `window_ms`: how long a count lasts (1 to 2 windows).
  NumberCounters(std::size_t capacity, int64_t window_ms);

  // Calls counted for the key in the current window (before this one).
  [[nodiscard]] uint32_t count(std::string_view key, int64_t now_ms);
  void add(std::string_view key, int64_t now_ms);
  [[nodiscard]] std::size_t size() const;
  [[nodiscard]] uint64_t early_rotations() const;

 private:
  static constexpr std::size_t kShards = 16;
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<uint64_t, uint32_t> current, previous;
    int64_t generation_start = 0;
    uint64_t early_rotations = 0;
  };
  Shard& shard_for(uint64_t h) { return shards_[h % kShards]; }
  void rotate_if_due(Shard& s, int64_t now_ms);

  std::size_t per_generation_;
  int64_t window_ms_;
  std::array<Shard, kShards> shards_;
};

}  // namespace vg::fraud
