// The ban list: sources whose datagrams are dropped before parsing. A ban covers a network: an IPv4
// address (/32) or, by default, an IPv6 /64 (an attacker rotating addresses inside its own subnet
// stays banned), or any CIDR a feed or an operator gives. Checked for every datagram, so lookups
// are sharded (a mutex per shard, never one global lock) and cost one hash probe per prefix length
// in use. Thread-safe; expiry uses the injected clock's wall time (bans survive restarts).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/ip.h"

namespace vg::filters {

struct BanEntry {
  Cidr network;
  int64_t created_unix = 0;
  int64_t until_unix = 0;  // 0 = until removed
  std::string reason;      // operator text or the evidence that caused it
  std::string rule;        // "scanner/signature", "bruteforce/per_source", "cli", "feed:apiban", ...
  bool persist = true;     // false: not written to the store (e.g. feed entries re-imported on start)

  [[nodiscard]] bool expired(int64_t now_unix) const { return until_unix != 0 && until_unix <= now_unix; }
};

// Told of every change, for persistence. Called on packet threads: implementations queue.
class BanObserver {
 public:
  virtual ~BanObserver() = default;
  virtual void on_ban_added(const BanEntry& e) = 0;
  virtual void on_ban_removed(const Cidr& network) = 0;
};

class BanList {
 public:
  explicit BanList(const Clock& clock, unsigned ipv6_prefix = 64);

  // Hot path: true if `address` falls in an unexpired ban.
  [[nodiscard]] bool is_banned(const IpAddress& address) const;
  // The unexpired ban covering `address`, if any.
  [[nodiscard]] std::optional<BanEntry> find(const IpAddress& address) const;

  // The network a host ban of `address` covers: /32 for IPv4, /ipv6_prefix for IPv6.
  [[nodiscard]] Cidr host_network(const IpAddress& address) const;
  // Adds or replaces (a later expiry wins; 0 = permanent wins). Returns the stored entry.
  BanEntry add(BanEntry e);
  // Removes the ban on exactly `network`, or the ban covering an address given as a host network.
  bool remove(const Cidr& network);
  // Unexpired bans, sorted by network.
  [[nodiscard]] std::vector<BanEntry> list() const;
  // Loads persisted bans without telling the observer.
  void restore(const std::vector<BanEntry>& entries);
  // Drops expired entries (and tells the observer). Returns how many.
  size_t expire();
  [[nodiscard]] size_t size() const { return count_.load(std::memory_order_relaxed); }

  void set_observer(BanObserver* o) { observer_ = o; }
  void set_ipv6_prefix(unsigned p) { ipv6_prefix_.store(p, std::memory_order_relaxed); }
  [[nodiscard]] unsigned ipv6_prefix() const { return ipv6_prefix_.load(std::memory_order_relaxed); }

 private:
  static constexpr size_t kShards = 64;
  struct Key {
    IpAddress network;
    uint8_t prefix;  // in the network's family
    friend bool operator==(const Key&, const Key&) = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const noexcept { return std::hash<IpAddress>{}(k.network) * 31 + k.prefix; }
  };
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<Key, BanEntry, KeyHash> map;
  };
  Shard& shard_of(const Key& k) const { return shards_[KeyHash{}(k) % kShards]; }
  // Prefix lengths in use, per family (bit n = a ban of length n exists); only ever grows.
  bool length_used(bool v4, unsigned len) const;
  void mark_length(bool v4, unsigned len);
  std::optional<BanEntry> lookup(const IpAddress& a) const;

  const Clock& clock_;
  std::atomic<unsigned> ipv6_prefix_;
  std::atomic<size_t> count_{0};
  std::atomic<uint64_t> v4_lengths_{0};
  std::array<std::atomic<uint64_t>, 3> v6_lengths_{};
  std::unique_ptr<Shard[]> shards_;
  BanObserver* observer_ = nullptr;
};

}  // namespace vg::filters
