#include "auth/replay_table.h"

#include <algorithm>

namespace vg::auth {

namespace {

constexpr size_t kMaxShards = 1024;
constexpr uint32_t kMaxWindow = 63;

uint64_t mix(uint64_t z) {
  // splitmix64 finaliser: nonce ids are MAC-protected, so this only needs to spread bits.
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

size_t ReplayTable::IdHash::operator()(const NonceId& id) const {
  return static_cast<size_t>(mix(id.random ^ mix(id.issued)));
}

Result<std::unique_ptr<ReplayTable>, AuthError> ReplayTable::create(const ReplayOptions& options,
                                                                    std::chrono::seconds lifetime,
                                                                    int64_t started_ms) {
  if (options.shards == 0 || options.shards > kMaxShards || options.capacity < options.shards ||
      options.window > kMaxWindow || lifetime.count() <= 0) {
    return unexpected(AuthError::kBadOption);
  }
  return std::unique_ptr<ReplayTable>(new ReplayTable(options, lifetime, started_ms));
}

ReplayTable::ReplayTable(const ReplayOptions& options, std::chrono::seconds lifetime, int64_t started_ms)
    : shard_count_(options.shards),
      per_shard_(options.capacity / options.shards),
      window_(options.window),
      lifetime_ms_(std::chrono::milliseconds(lifetime).count()),
      shards_(new Shard[options.shards]) {
  // Nonces issued before this millisecond may have been used before a restart: unknown ones are
  // forgotten. Those issued during the start millisecond are accepted (see docs/auth.md).
  for (size_t i = 0; i < shard_count_; ++i) shards_[i].watermark = started_ms - 1;
}

void ReplayTable::drop_front(Shard& s) {
  auto it = s.entries.find(s.order.front());
  if (it != s.entries.end()) {
    s.watermark = std::max(s.watermark, it->second.issued_ms);
    s.entries.erase(it);
  }
  s.order.pop_front();
}

void ReplayTable::purge_expired(Shard& s, int64_t now_ms) {
  while (!s.order.empty()) {
    auto it = s.entries.find(s.order.front());
    if (it != s.entries.end()) {
      const int64_t issued = it->second.issued_ms;
      const bool expired = issued <= now_ms && static_cast<uint64_t>(now_ms) - static_cast<uint64_t>(issued) >=
                                                   static_cast<uint64_t>(lifetime_ms_);
      if (!expired) return;
    }
    drop_front(s);
  }
}

ReplayResult ReplayTable::check_and_record(const NonceId& id, int64_t issued_ms, uint32_t nc, int64_t now_ms) {
  Shard& s = shards_[(IdHash{}(id) >> 40) % shard_count_];
  std::lock_guard lock(s.mu);
  purge_expired(s, now_ms);
  auto it = s.entries.find(id);
  if (it == s.entries.end()) {
    if (issued_ms <= s.watermark) return ReplayResult::kForgotten;
    while (s.entries.size() >= per_shard_ && !s.order.empty()) drop_front(s);
    s.entries.emplace(id, Entry{issued_ms, nc, 1});
    s.order.push_back(id);
    return ReplayResult::kFresh;
  }
  Entry& e = it->second;
  if (nc > e.highest) {
    const uint32_t shift = nc - e.highest;
    e.seen = shift >= 64 ? 0 : e.seen << shift;
    e.seen |= 1;
    e.highest = nc;
    return ReplayResult::kFresh;
  }
  const uint32_t back = e.highest - nc;  // 0 means nc == highest: always seen
  if (back > window_) return ReplayResult::kReplay;
  const uint64_t bit = uint64_t{1} << back;
  if ((e.seen & bit) != 0) return ReplayResult::kReplay;
  e.seen |= bit;
  return ReplayResult::kFresh;
}

size_t ReplayTable::size() const {
  size_t n = 0;
  for (size_t i = 0; i < shard_count_; ++i) {
    std::lock_guard lock(shards_[i].mu);
    n += shards_[i].entries.size();
  }
  return n;
}

}  // namespace vg::auth
