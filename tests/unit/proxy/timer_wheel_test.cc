// Tests for src/proxy/timer_wheel.h: links fire at their due time (not before, not much after), can be
// moved, unlink themselves when their owner goes, and survive jumps of more than one revolution.
#include "proxy/timer_wheel.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

namespace vg::proxy {
namespace {

using namespace std::chrono_literals;

const Clock::MonoTime kT0 = Clock::MonoTime(std::chrono::hours(1000));

struct Timed {
  int id = 0;
  TimerLink link;
  explicit Timed(int i) : id(i) { link.owner = this; }
};

// Calls expire() every `step` from `from` to `to` and records (ms since kT0, id) of what fires.
std::vector<std::pair<int64_t, int>> run(TimerWheel& w, Clock::MonoTime from, Clock::MonoTime to,
                                         std::chrono::milliseconds step = 10ms) {
  std::vector<std::pair<int64_t, int>> out;
  for (auto now = from; now <= to; now += step) {
    w.expire(now, [&](TimerLink& l) {
      out.emplace_back(std::chrono::duration_cast<std::chrono::milliseconds>(now - kT0).count(),
                       static_cast<Timed*>(l.owner)->id);
    });
  }
  return out;
}

TEST(TimerWheel, FiresAtTheDueTimeInOrderOfTime) {
  TimerWheel w;
  Timed a(1), b(2), c(3);
  w.schedule(c.link, kT0 + 3000ms);
  w.schedule(a.link, kT0 + 500ms);
  w.schedule(b.link, kT0 + 1500ms);
  auto fired = run(w, kT0, kT0 + 5s);
  EXPECT_EQ(fired, (std::vector<std::pair<int64_t, int>>{{500, 1}, {1500, 2}, {3000, 3}}));
  EXPECT_FALSE(a.link.linked());
}

TEST(TimerWheel, FarDeadlinesWaitWholeRevolutions) {
  TimerWheel w;
  Timed a(1);
  w.schedule(a.link, kT0 + 40s);  // three revolutions of 12.8 s and more
  auto fired = run(w, kT0, kT0 + 60s, 50ms);
  EXPECT_EQ(fired, (std::vector<std::pair<int64_t, int>>{{40000, 1}}));
}

TEST(TimerWheel, RescheduleMovesAndDestructionUnlinks) {
  TimerWheel w;
  Timed a(1);
  auto b = std::make_unique<Timed>(2);
  w.schedule(a.link, kT0 + 1s);
  w.schedule(b->link, kT0 + 1s);
  w.schedule(a.link, kT0 + 2s);  // moved: one entry only
  b.reset();                     // gone: never fires
  auto fired = run(w, kT0, kT0 + 3s);
  EXPECT_EQ(fired, (std::vector<std::pair<int64_t, int>>{{2000, 1}}));
}

TEST(TimerWheel, CopiesAreNotScheduled) {
  TimerWheel w;
  Timed a(1);
  w.schedule(a.link, kT0 + 1s);
  TimerLink copy = a.link;
  EXPECT_FALSE(copy.linked());
  TimerLink assigned;
  assigned = a.link;
  EXPECT_FALSE(assigned.linked());
  EXPECT_TRUE(a.link.linked());
}

TEST(TimerWheel, PastDeadlinesFireAtTheNextExpire) {
  TimerWheel w;
  Timed a(1), b(2);
  w.expire(kT0 + 10s, [](TimerLink&) {});
  w.schedule(a.link, kT0);              // already due
  w.schedule(b.link, Clock::MonoTime{});  // the epoch
  auto fired = run(w, kT0 + 10s, kT0 + 10s);
  EXPECT_EQ(fired.size(), 2u);
}

TEST(TimerWheel, LongGapsBetweenCallsMissNothing) {
  TimerWheel w;
  std::vector<std::unique_ptr<Timed>> items;
  for (int i = 0; i < 100; ++i) {
    items.push_back(std::make_unique<Timed>(i));
    w.schedule(items.back()->link, kT0 + std::chrono::milliseconds(i * 337));
  }
  int fired = 0;
  w.expire(kT0, [&](TimerLink&) { ++fired; });
  EXPECT_EQ(fired, 1);  // only the one due at kT0
  w.expire(kT0 + 1h, [&](TimerLink&) { ++fired; });  // many revolutions later: everything
  EXPECT_EQ(fired, 100);
}

TEST(TimerWheel, ACallbackMayRescheduleOrDestroyItsOwner) {
  TimerWheel w;
  auto a = std::make_unique<Timed>(1);
  Timed b(2);
  w.schedule(a->link, kT0 + 100ms);
  w.schedule(b.link, kT0 + 100ms);
  int b_fired = 0;
  for (auto now = kT0; now <= kT0 + 1s; now += 10ms) {
    w.expire(now, [&](TimerLink& l) {
      if (l.owner == a.get()) {
        a.reset();
      } else {
        ++b_fired;
        if (b_fired < 3) w.schedule(l, now + 200ms);
      }
    });
  }
  EXPECT_EQ(a, nullptr);
  EXPECT_EQ(b_fired, 3);
}

}  // namespace
}  // namespace vg::proxy
