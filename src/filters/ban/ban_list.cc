#include "filters/ban/ban_list.h"

#include <algorithm>

namespace vg::filters {

BanList::BanList(const Clock& clock, unsigned ipv6_prefix)
    : clock_(clock), ipv6_prefix_(ipv6_prefix), shards_(std::make_unique<Shard[]>(kShards)) {}

bool BanList::length_used(bool v4, unsigned len) const {
  if (v4) return (v4_lengths_.load(std::memory_order_relaxed) >> len) & 1U;
  return (v6_lengths_[len / 64].load(std::memory_order_relaxed) >> (len % 64)) & 1U;
}

void BanList::mark_length(bool v4, unsigned len) {
  if (v4) {
    v4_lengths_.fetch_or(uint64_t{1} << len, std::memory_order_relaxed);
  } else {
    v6_lengths_[len / 64].fetch_or(uint64_t{1} << (len % 64), std::memory_order_relaxed);
  }
}

Cidr BanList::host_network(const IpAddress& address) const {
  return Cidr(address, address.is_v4() ? 32U : ipv6_prefix());
}

std::optional<BanEntry> BanList::lookup(const IpAddress& a) const {
  const bool v4 = a.is_v4();
  const unsigned max_len = v4 ? 32 : 128;
  const int64_t now = clock_.unix_seconds();
  // Most specific first: a host ban's reason is more telling than a feed's network.
  for (unsigned len = max_len + 1; len-- > 0;) {
    if (!length_used(v4, len)) continue;
    Key k{a.masked(len), static_cast<uint8_t>(len)};
    Shard& s = shard_of(k);
    std::lock_guard lock(s.mu);
    auto it = s.map.find(k);
    if (it == s.map.end()) continue;
    // An expired entry no longer bans; expire() removes it and tells the observer.
    if (it->second.expired(now)) continue;
    return it->second;
  }
  return std::nullopt;
}

bool BanList::is_banned(const IpAddress& address) const {
  if (count_.load(std::memory_order_relaxed) == 0) return false;
  return lookup(address).has_value();
}

std::optional<BanEntry> BanList::find(const IpAddress& address) const {
  if (count_.load(std::memory_order_relaxed) == 0) return std::nullopt;
  return lookup(address);
}

BanEntry BanList::add(BanEntry e) {
  Key k{e.network.network(), static_cast<uint8_t>(e.network.prefix())};
  if (e.created_unix == 0) e.created_unix = clock_.unix_seconds();
  BanEntry stored;
  {
    Shard& s = shard_of(k);
    std::lock_guard lock(s.mu);
    auto [it, inserted] = s.map.try_emplace(k, e);
    if (inserted) {
      count_.fetch_add(1, std::memory_order_relaxed);
    } else {
      const bool longer = it->second.until_unix != 0 && (e.until_unix == 0 || e.until_unix > it->second.until_unix);
      if (longer || it->second.expired(clock_.unix_seconds())) it->second = e;
    }
    stored = it->second;
  }
  mark_length(e.network.is_v4(), e.network.prefix());
  if (observer_ && stored.persist) observer_->on_ban_added(stored);
  return stored;
}

bool BanList::remove(const Cidr& network) {
  Key k{network.network(), static_cast<uint8_t>(network.prefix())};
  bool removed = false;
  {
    Shard& s = shard_of(k);
    std::lock_guard lock(s.mu);
    removed = s.map.erase(k) > 0;
  }
  if (!removed && network.prefix() == (network.is_v4() ? 32U : 128U)) {
    // An address given for an IPv6 host: its ban is on the /ipv6_prefix network.
    if (auto e = find(network.network())) return remove(e->network);
    return false;
  }
  if (removed) {
    count_.fetch_sub(1, std::memory_order_relaxed);
    if (observer_) observer_->on_ban_removed(network);
  }
  return removed;
}

std::vector<BanEntry> BanList::list() const {
  std::vector<BanEntry> out;
  const int64_t now = clock_.unix_seconds();
  for (size_t i = 0; i < kShards; ++i) {
    std::lock_guard lock(shards_[i].mu);
    for (const auto& [k, e] : shards_[i].map) {
      if (!e.expired(now)) out.push_back(e);
    }
  }
  std::sort(out.begin(), out.end(), [](const BanEntry& a, const BanEntry& b) { return a.network < b.network; });
  return out;
}

void BanList::restore(const std::vector<BanEntry>& entries) {
  BanObserver* o = observer_;
  observer_ = nullptr;
  for (const auto& e : entries) add(e);
  observer_ = o;
}

size_t BanList::expire() {
  const int64_t now = clock_.unix_seconds();
  std::vector<Cidr> gone;
  for (size_t i = 0; i < kShards; ++i) {
    std::lock_guard lock(shards_[i].mu);
    for (auto it = shards_[i].map.begin(); it != shards_[i].map.end();) {
      if (it->second.expired(now)) {
        gone.push_back(it->second.network);
        it = shards_[i].map.erase(it);
        count_.fetch_sub(1, std::memory_order_relaxed);
      } else {
        ++it;
      }
    }
  }
  if (observer_) {
    for (const auto& n : gone) observer_->on_ban_removed(n);
  }
  return gone.size();
}

}  // namespace vg::filters
