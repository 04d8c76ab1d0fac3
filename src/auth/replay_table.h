// Nonce-count replay protection (RFC 7616 §3.4 "nc", §5.4; RFC 2617 §4.5). Remembers, per nonce,
// the highest nc accepted and which of the `window` counts below it were seen. Bounded memory,
// sharded with one mutex per shard: any worker thread may call check_and_record().
//
// Bound: at most `capacity` entries; a full shard forgets its oldest entry (first-in, first-out
// by first use). Forgetting must not reopen a replay, so each shard keeps a watermark: the
// newest issue time of any entry it dropped (evicted or expired), initially the start time. A
// nonce not in the table but issued at or before the watermark is answered kForgotten (callers
// send a stale challenge: one extra round trip, never an accepted replay). Times are Unix
// milliseconds, so the watermark catches few innocent nonces.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "auth/error.h"
#include "auth/nonce.h"
#include "core/result.h"

namespace vg::auth {

struct ReplayOptions {
  size_t capacity = 65536;  // entries over all shards (about 100 bytes each)
  size_t shards = 16;       // 1..1024, at most capacity
  // How many counts below the highest one seen may still arrive once, late (UDP reordering of
  // requests that share a nonce). 0 is strict: only nc > highest is accepted. At most 63.
  uint32_t window = 32;
};

enum class ReplayResult : uint8_t {
  kFresh,      // first use of this nc with this nonce: recorded
  kReplay,     // this nc was seen before, or is older than the window allows
  kForgotten,  // unknown nonce issued at or before the watermark: cannot tell, treat as stale
};

class ReplayTable {
 public:
  // lifetime: the nonce lifetime (entries older than that are dropped); started_ms: Unix
  // milliseconds at start; nonces issued earlier are kForgotten (the table did not see their use
  // before a restart).
  static Result<std::unique_ptr<ReplayTable>, AuthError> create(const ReplayOptions& options,
                                                                std::chrono::seconds lifetime, int64_t started_ms);

  // nc >= 1. Call only after the request's response was verified: an unverified request must not
  // move a nonce's counter (an eavesdropper knowing the nonce could lock its owner out).
  [[nodiscard]] ReplayResult check_and_record(const NonceId& id, int64_t issued_ms, uint32_t nc, int64_t now_ms);

  [[nodiscard]] size_t size() const;
  [[nodiscard]] size_t capacity() const { return per_shard_ * shard_count_; }

 private:
  struct Entry {
    int64_t issued_ms = 0;
    uint32_t highest = 0;
    uint64_t seen = 0;  // bit i: nc == highest - i was accepted
  };
  struct IdHash {
    size_t operator()(const NonceId& id) const;
  };
  struct alignas(64) Shard {
    mutable std::mutex mu;
    std::unordered_map<NonceId, Entry, IdHash> entries;
    std::deque<NonceId> order;  // insertion order, for expiry and eviction
    int64_t watermark = 0;
  };

  ReplayTable(const ReplayOptions& options, std::chrono::seconds lifetime, int64_t started_ms);
  void drop_front(Shard& s);
  void purge_expired(Shard& s, int64_t now_ms);

  size_t shard_count_;
  size_t per_shard_;
  uint32_t window_;
  int64_t lifetime_ms_;
  std::unique_ptr<Shard[]> shards_;
};

}  // namespace vg::auth
