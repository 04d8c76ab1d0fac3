#include "filters/scanner/sweep_tracker.h"

#include <algorithm>

namespace vg::filters::scanner {

namespace {

uint64_t hash_user(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a: distinctness only, not security
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

SweepTracker::SweepTracker(uint32_t limit, int64_t window_ns, size_t max_sources)
    : limit_(std::max<uint32_t>(limit, 1)),
      window_ns_(window_ns),
      per_shard_(max_sources / kShards + 1),
      shards_(std::make_unique<Shard[]>(kShards)) {}

SweepCount SweepTracker::record(const IpAddress& source, std::string_view user, int64_t now_ns) {
  const IpAddress key = source.is_v4() ? source : source.masked(64);
  Shard& s = shards_[std::hash<IpAddress>{}(key) % kShards];
  std::lock_guard lock(s.mu);
  auto it = s.map.find(key);
  if (it == s.map.end()) {
    if (s.map.size() >= per_shard_ && now_ns - s.last_full_sweep >= 1'000'000'000) {
      s.last_full_sweep = now_ns;
      sweep_locked(s, now_ns);
    }
    if (s.map.size() >= per_shard_) return {};
    it = s.map.emplace(key, Entry{now_ns, 0, {}}).first;
    size_.fetch_add(1, std::memory_order_relaxed);
  }
  Entry& e = it->second;
  if (now_ns - e.window_start > window_ns_) {
    e.window_start = now_ns;
    e.users.clear();
    e.numeric = 0;
  }
  const uint64_t h = hash_user(user);
  if (std::find(e.users.begin(), e.users.end(), h) == e.users.end() && e.users.size() < limit_) {
    e.users.push_back(h);
    if (all_digits(user)) ++e.numeric;
  }
  return SweepCount{static_cast<uint32_t>(e.users.size()), e.numeric};
}

size_t SweepTracker::sweep_locked(Shard& s, int64_t now_ns) {
  size_t n = 0;
  for (auto it = s.map.begin(); it != s.map.end();) {
    if (now_ns - it->second.window_start > window_ns_) {
      it = s.map.erase(it);
      ++n;
    } else {
      ++it;
    }
  }
  size_.fetch_sub(n, std::memory_order_relaxed);
  return n;
}

void SweepTracker::sweep(size_t index, int64_t now_ns) {
  Shard& s = shards_[index % kShards];
  std::lock_guard lock(s.mu);
  sweep_locked(s, now_ns);
}

void SweepTracker::forget(const IpAddress& source) {
  const IpAddress key = source.is_v4() ? source : source.masked(64);
  Shard& s = shards_[std::hash<IpAddress>{}(key) % kShards];
  std::lock_guard lock(s.mu);
  size_.fetch_sub(s.map.erase(key), std::memory_order_relaxed);
}

}  // namespace vg::filters::scanner
