// Tests for src/auth/replay_table.cc: nc window, bound, eviction without reopening replays,
// expiry, restart watermark, concurrent use.
#include "auth/replay_table.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace vg::auth {
namespace {

using namespace std::chrono_literals;

constexpr int64_t kStart = 1'700'000'000'000;  // Unix milliseconds

std::unique_ptr<ReplayTable> make(ReplayOptions o = {}, std::chrono::seconds lifetime = 300s) {
  auto t = ReplayTable::create(o, lifetime, kStart);
  EXPECT_TRUE(t.has_value());
  return t.has_value() ? std::move(t).value() : nullptr;
}

NonceId id(uint64_t n, int64_t issued = kStart) { return NonceId{static_cast<uint64_t>(issued), n}; }

TEST(ReplayTable, IncreasingNcIsFreshSameNcIsReplay) {
  auto t = make();
  EXPECT_EQ(t->check_and_record(id(1), kStart, 1, kStart), ReplayResult::kFresh);
  EXPECT_EQ(t->check_and_record(id(1), kStart, 1, kStart), ReplayResult::kReplay);
  EXPECT_EQ(t->check_and_record(id(1), kStart, 2, kStart), ReplayResult::kFresh);
  EXPECT_EQ(t->check_and_record(id(1), kStart, 5, kStart), ReplayResult::kFresh);
  EXPECT_EQ(t->check_and_record(id(1), kStart, 5, kStart), ReplayResult::kReplay);
  // Another nonce has its own count.
  EXPECT_EQ(t->check_and_record(id(2), kStart, 1, kStart), ReplayResult::kFresh);
  EXPECT_EQ(t->size(), 2u);
}

TEST(ReplayTable, WindowAcceptsLateCountsOnce) {
  auto t = make({.capacity = 64, .shards = 1, .window = 4});
  EXPECT_EQ(t->check_and_record(id(1), kStart, 10, kStart), ReplayResult::kFresh);
  EXPECT_EQ(t->check_and_record(id(1), kStart, 8, kStart), ReplayResult::kFresh);   // late, unseen
  EXPECT_EQ(t->check_and_record(id(1), kStart, 8, kStart), ReplayResult::kReplay);  // seen
  EXPECT_EQ(t->check_and_record(id(1), kStart, 6, kStart), ReplayResult::kFresh);   // 10 - 4
  EXPECT_EQ(t->check_and_record(id(1), kStart, 5, kStart), ReplayResult::kReplay);  // beyond the window
  EXPECT_EQ(t->check_and_record(id(1), kStart, 11, kStart), ReplayResult::kFresh);
  EXPECT_EQ(t->check_and_record(id(1), kStart, 8, kStart), ReplayResult::kReplay);  // still remembered
  EXPECT_EQ(t->check_and_record(id(1), kStart, 9, kStart), ReplayResult::kFresh);
  // A jump past 64 clears the history; old counts are then outside the window.
  EXPECT_EQ(t->check_and_record(id(1), kStart, 200, kStart), ReplayResult::kFresh);
  EXPECT_EQ(t->check_and_record(id(1), kStart, 11, kStart), ReplayResult::kReplay);
  EXPECT_EQ(t->check_and_record(id(1), kStart, 199, kStart), ReplayResult::kFresh);
  EXPECT_EQ(t->check_and_record(id(1), kStart, 0xffffffffu, kStart), ReplayResult::kFresh);
  EXPECT_EQ(t->check_and_record(id(1), kStart, 0xffffffffu, kStart), ReplayResult::kReplay);
}

TEST(ReplayTable, StrictWindowRejectsEveryCountNotAboveHighest) {
  auto t = make({.capacity = 64, .shards = 1, .window = 0});
  EXPECT_EQ(t->check_and_record(id(1), kStart, 3, kStart), ReplayResult::kFresh);
  EXPECT_EQ(t->check_and_record(id(1), kStart, 2, kStart), ReplayResult::kReplay);
  EXPECT_EQ(t->check_and_record(id(1), kStart, 3, kStart), ReplayResult::kReplay);
  EXPECT_EQ(t->check_and_record(id(1), kStart, 4, kStart), ReplayResult::kFresh);
}

TEST(ReplayTable, BoundHoldsUnder100kDistinctNonces) {
  // 100 000 nonces, one per millisecond, all within their lifetime: every first use is fresh and
  // the oldest entries make room.
  auto t = make({.capacity = 1024, .shards = 16, .window = 32}, 3600s);
  EXPECT_EQ(t->capacity(), 1024u);
  for (uint64_t i = 0; i < 100'000; ++i) {
    const int64_t issued = kStart + static_cast<int64_t>(i);
    ASSERT_EQ(t->check_and_record(id(i, issued), issued, 1, issued), ReplayResult::kFresh) << i;
    ASSERT_LE(t->size(), 1024u);
  }
  EXPECT_GT(t->size(), 900u);  // a bound, not a leak: the table is used
}

TEST(ReplayTable, BoundHoldsWhenManyNoncesShareAMillisecond) {
  // Worst case for the watermark: nonces issued in the same millisecond as an evicted one can no
  // longer be told apart from it, so they are forgotten (stale), never replayed nor stored.
  auto t = make({.capacity = 256, .shards = 4, .window = 32});
  int fresh = 0, forgotten = 0;
  for (uint64_t i = 0; i < 100'000; ++i) {
    auto r = t->check_and_record(id(i), kStart, 1, kStart);
    ASSERT_NE(r, ReplayResult::kReplay) << i;
    (r == ReplayResult::kFresh ? fresh : forgotten) += 1;
    ASSERT_LE(t->size(), 256u);
  }
  EXPECT_GE(fresh, 256);
  EXPECT_GT(forgotten, 0);
}

TEST(ReplayTable, EvictedNonceIsForgottenNotFresh) {
  // One shard of 4: the fifth nonce evicts the first. Replaying the first must not pass as fresh.
  auto t = make({.capacity = 4, .shards = 1, .window = 0});
  for (uint64_t i = 1; i <= 5; ++i) {
    const int64_t issued = kStart + static_cast<int64_t>(i);
    ASSERT_EQ(t->check_and_record(id(i, issued), issued, 1, kStart + 10), ReplayResult::kFresh);
  }
  EXPECT_EQ(t->size(), 4u);
  EXPECT_EQ(t->check_and_record(id(1, kStart + 1), kStart + 1, 1, kStart + 10), ReplayResult::kForgotten);
  EXPECT_EQ(t->check_and_record(id(1, kStart + 1), kStart + 1, 2, kStart + 10), ReplayResult::kForgotten);
  // Nonces issued after the evicted one are still tracked.
  EXPECT_EQ(t->check_and_record(id(2, kStart + 2), kStart + 2, 1, kStart + 10), ReplayResult::kReplay);
  EXPECT_EQ(t->check_and_record(id(9, kStart + 9), kStart + 9, 1, kStart + 10), ReplayResult::kFresh);
}

TEST(ReplayTable, EntriesExpireWithTheNonceLifetime) {
  auto t = make({.capacity = 64, .shards = 1, .window = 0}, 60s);
  for (uint64_t i = 1; i <= 10; ++i) ASSERT_EQ(t->check_and_record(id(i), kStart, 1, kStart), ReplayResult::kFresh);
  EXPECT_EQ(t->size(), 10u);
  // The next use after the lifetime purges them (lazily, on the shard's next call).
  const int64_t later = kStart + 60'000;
  EXPECT_EQ(t->check_and_record(id(100, later), later, 1, later), ReplayResult::kFresh);
  EXPECT_EQ(t->size(), 1u);
  // A purged nonce is forgotten, never fresh (even if the clock stepped back).
  EXPECT_EQ(t->check_and_record(id(1), kStart, 2, kStart), ReplayResult::kForgotten);
}

TEST(ReplayTable, NoncesIssuedBeforeStartAreForgotten) {
  auto t = make();
  EXPECT_EQ(t->check_and_record(id(1, kStart - 1), kStart - 1, 1, kStart), ReplayResult::kForgotten);
  EXPECT_EQ(t->check_and_record(id(2, kStart), kStart, 1, kStart), ReplayResult::kFresh);
}

TEST(ReplayTable, RejectsBadOptions) {
  EXPECT_EQ(ReplayTable::create({.capacity = 16, .shards = 0, .window = 0}, 300s, kStart).error(), AuthError::kBadOption);
  EXPECT_EQ(ReplayTable::create({.capacity = 4, .shards = 8, .window = 0}, 300s, kStart).error(), AuthError::kBadOption);
  EXPECT_EQ(ReplayTable::create({.capacity = 64, .shards = 2000, .window = 0}, 300s, kStart).error(),
            AuthError::kBadOption);
  EXPECT_EQ(ReplayTable::create({.capacity = 64, .shards = 1, .window = 64}, 300s, kStart).error(), AuthError::kBadOption);
  EXPECT_EQ(ReplayTable::create({}, 0s, kStart).error(), AuthError::kBadOption);
  EXPECT_TRUE(ReplayTable::create({.capacity = 64, .shards = 1, .window = 63}, 300s, kStart).has_value());
}

TEST(ReplayTable, ConcurrentOwnNoncesAreExact) {
  auto t = make({.capacity = 1 << 16, .shards = 8, .window = 32});
  constexpr int kThreads = 8;
  constexpr uint64_t kNonces = 64;
  constexpr uint32_t kCounts = 50;
  std::atomic<int> fresh{0}, replay{0};
  std::vector<std::thread> threads;
  for (int th = 0; th < kThreads; ++th) {
    threads.emplace_back([&, th] {
      for (uint64_t n = 0; n < kNonces; ++n) {
        const NonceId nid = id(static_cast<uint64_t>(th) * 1000 + n);
        for (uint32_t c = 1; c <= kCounts; ++c) {
          for (int twice = 0; twice < 2; ++twice) {
            auto r = t->check_and_record(nid, kStart, c, kStart);
            (r == ReplayResult::kFresh ? fresh : replay).fetch_add(1);
          }
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(fresh.load(), kThreads * static_cast<int>(kNonces * kCounts));
  EXPECT_EQ(replay.load(), kThreads * static_cast<int>(kNonces * kCounts));
  EXPECT_EQ(t->size(), kThreads * kNonces);
}

TEST(ReplayTable, ConcurrentSharedNoncesAcceptEachCountAtMostOnce) {
  auto t = make({.capacity = 1 << 16, .shards = 4, .window = 63});
  constexpr int kThreads = 8;
  constexpr uint64_t kNonces = 16;
  constexpr uint32_t kCounts = 40;
  std::vector<std::atomic<int>> accepted(kNonces * (kCounts + 1));
  std::vector<std::thread> threads;
  for (int th = 0; th < kThreads; ++th) {
    threads.emplace_back([&] {
      for (uint64_t n = 0; n < kNonces; ++n) {
        for (uint32_t c = 1; c <= kCounts; ++c) {
          if (t->check_and_record(id(n), kStart, c, kStart) == ReplayResult::kFresh) {
            accepted[n * (kCounts + 1) + c].fetch_add(1);
          }
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (size_t i = 0; i < accepted.size(); ++i) EXPECT_LE(accepted[i].load(), 1) << i;
}

}  // namespace
}  // namespace vg::auth
