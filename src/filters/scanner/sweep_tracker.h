// Behaviour of extension scanners (svwar, sipsak sweeps): one source asking about many distinct
// users in a short window. Per source (IPv6: /64), the distinct target users seen in the current
// window, kept as 64-bit hashes, at most `limit` of them. Sharded, bounded (a full shard forgets
// sources whose window has passed, else the new source is not tracked). Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/ip.h"

namespace vg::filters::scanner {

struct SweepCount {
  uint32_t distinct = 0;  // distinct users in the window, including this one
  uint32_t numeric = 0;   // how many of them are all digits (extension guesses)
};

class SweepTracker {
 public:
  SweepTracker(uint32_t limit, int64_t window_ns, size_t max_sources);

  // Records that `source` targeted `user` at now_ns.
  SweepCount record(const IpAddress& source, std::string_view user, int64_t now_ns);
  // Forgets sources whose window is over in one shard (call with a rotating index).
  void sweep(size_t index, int64_t now_ns);
  void forget(const IpAddress& source);
  [[nodiscard]] size_t size() const { return size_.load(std::memory_order_relaxed); }

 private:
  static constexpr size_t kShards = 64;
  struct Entry {
    int64_t window_start = 0;
    uint32_t numeric = 0;
    std::vector<uint64_t> users;  // hashes, at most limit_
  };
  struct Shard {
    std::mutex mu;
    std::unordered_map<IpAddress, Entry> map;
    int64_t last_full_sweep = INT64_MIN / 2;  // a full shard is swept at most once a second
  };
  size_t sweep_locked(Shard& s, int64_t now_ns);

  uint32_t limit_;
  int64_t window_ns_;
  size_t per_shard_;
  std::unique_ptr<Shard[]> shards_;
  std::atomic<size_t> size_{0};
};

}  // namespace vg::filters::scanner
