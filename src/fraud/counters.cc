#include "fraud/counters.h"

#include <algorithm>
#include <functional>

namespace vg::fraud {

uint32_t WindowLog::count(int64_t now_ms, int64_t window_ms) {
  while (!times_.empty() && times_.front() <= now_ms - window_ms) times_.pop_front();
  return static_cast<uint32_t>(times_.size());
}

void WindowLog::add(int64_t now_ms, uint32_t keep) {
  if (keep == 0) return;
  times_.push_back(now_ms);
  while (times_.size() > keep) times_.pop_front();
}

NumberCounters::NumberCounters(std::size_t capacity, int64_t window_ms)
    : per_generation_(std::max<std::size_t>(capacity / (2 * kShards), 1)), window_ms_(window_ms) {}

void NumberCounters::rotate_if_due(Shard& s, int64_t now_ms) {
  if (now_ms - s.generation_start < window_ms_) return;
  // Two windows idle: both generations are stale.
  if (now_ms - s.generation_start >= 2 * window_ms_) {
    s.previous.clear();
  } else {
    s.previous.swap(s.current);
  }
  s.current.clear();
  s.generation_start = now_ms;
}

uint32_t NumberCounters::count(std::string_view key, int64_t now_ms) {
  const uint64_t h = std::hash<std::string_view>{}(key);
  Shard& s = shard_for(h);
  std::lock_guard lock(s.mu);
  rotate_if_due(s, now_ms);
  uint32_t n = 0;
  if (auto it = s.current.find(h); it != s.current.end()) n += it->second;
  if (auto it = s.previous.find(h); it != s.previous.end()) n += it->second;
  return n;
}

void NumberCounters::add(std::string_view key, int64_t now_ms) {
  const uint64_t h = std::hash<std::string_view>{}(key);
  Shard& s = shard_for(h);
  std::lock_guard lock(s.mu);
  rotate_if_due(s, now_ms);
  if (s.current.size() >= per_generation_ && !s.current.contains(h)) {
    // Full (a flood of distinct numbers): start a new generation early; the oldest counts go.
    s.previous.swap(s.current);
    s.current.clear();
    s.generation_start = now_ms;
    ++s.early_rotations;
  }
  ++s.current[h];
}

std::size_t NumberCounters::size() const {
  std::size_t n = 0;
  for (const auto& s : shards_) {
    std::lock_guard lock(s.mu);
    n += s.current.size() + s.previous.size();
  }
  return n;
}

uint64_t NumberCounters::early_rotations() const {
  uint64_t n = 0;
  for (const auto& s : shards_) {
    std::lock_guard lock(s.mu);
    n += s.early_rotations;
  }
  return n;
}

}  // namespace vg::fraud
