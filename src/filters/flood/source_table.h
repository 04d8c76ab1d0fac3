// Per-source flood state: for each key (a source address, IPv6 its /64; or an account), the TATs
// of its buckets. Sharded
// (a mutex per shard) with a hard bound on entries: a full shard first forgets its full buckets
// (TAT in the past: identical to fresh ones); if it is still full, the new source is not tracked
// (admitted and counted — the global limit still bounds the total). Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/ip.h"
#include "filters/flood/gcra.h"

namespace vg::filters::flood {

template <class Key, size_t N, class Hash = std::hash<Key>>
class SourceTable {
 public:
  using Tats = std::array<int64_t, N>;
  static constexpr size_t kShards = 64;

  explicit SourceTable(size_t max_entries)
      : per_shard_(max_entries / kShards + 1), shards_(std::make_unique<Shard[]>(kShards)) {}

  // Runs bucket `which` of `key` at now_ns. True: admitted (or untracked because the table is full).
  bool admit(const Key& key, size_t which, int64_t now_ns, const GcraParams& p) {
    Shard& s = shards_[Hash{}(key) % kShards];
    std::lock_guard lock(s.mu);
    auto it = s.map.find(key);
    if (it == s.map.end()) {
      // A full shard is swept at most once a second: a spoofed-source flood must not turn every
      // new source into a scan of the shard.
      if (s.map.size() >= per_shard_ && now_ns - s.last_full_sweep >= kFullSweepInterval) {
        s.last_full_sweep = now_ns;
        sweep_locked(s, now_ns);
      }
      if (s.map.size() >= per_shard_) {
        untracked_.fetch_add(1, std::memory_order_relaxed);
        return true;
      }
      it = s.map.emplace(key, Tats{}).first;
      size_.fetch_add(1, std::memory_order_relaxed);
    }
    return gcra_admit(it->second[which], now_ns, p);
  }

  // Forgets full buckets of shard `index % kShards` (call one shard per tick).
  size_t sweep(size_t index, int64_t now_ns) {
    Shard& s = shards_[index % kShards];
    std::lock_guard lock(s.mu);
    return sweep_locked(s, now_ns);
  }

  [[nodiscard]] size_t size() const { return size_.load(std::memory_order_relaxed); }
  [[nodiscard]] uint64_t untracked() const { return untracked_.load(std::memory_order_relaxed); }

 private:
  struct Shard {
    std::mutex mu;
    std::unordered_map<Key, Tats, Hash> map;
    int64_t last_full_sweep = INT64_MIN / 2;
  };
  static constexpr int64_t kFullSweepInterval = 1'000'000'000;
  size_t sweep_locked(Shard& s, int64_t now_ns) {
    size_t n = 0;
    for (auto it = s.map.begin(); it != s.map.end();) {
      bool full = true;
      for (int64_t tat : it->second) full = full && tat <= now_ns;
      if (full) {
        it = s.map.erase(it);
        ++n;
      } else {
        ++it;
      }
    }
    size_.fetch_sub(n, std::memory_order_relaxed);
    return n;
  }

  size_t per_shard_;
  std::unique_ptr<Shard[]> shards_;
  std::atomic<size_t> size_{0};
  std::atomic<uint64_t> untracked_{0};
};

}  // namespace vg::filters::flood
