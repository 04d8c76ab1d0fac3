// A hashed timing wheel with intrusive links, for the proxy's transaction and dialog timers: each
// timed object embeds a TimerLink, scheduling relinks it in O(1) without allocating, and an object
// that goes away unlinks itself (so no stale entry can outlive it, unlike a priority queue of keys).
// Not thread-safe: the owner's lock protects the wheel together with the objects linked into it.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>

#include "core/clock.h"

namespace vg::proxy {

// Embedded in a timed object. A copy is never scheduled (copying an object does not copy its place
// in the wheel), and assignment keeps the target's own place.
struct TimerLink {
  TimerLink* prev = nullptr;
  TimerLink* next = nullptr;
  Clock::MonoTime due{};
  void* owner = nullptr;  // the object this link belongs to
  uint8_t kind = 0;       // which kind of object (the owner's choice)

  TimerLink() = default;
  TimerLink(void* o, uint8_t k) : owner(o), kind(k) {}
  TimerLink(const TimerLink& other) : owner(nullptr), kind(other.kind) {}
  TimerLink& operator=(const TimerLink&) { return *this; }
  ~TimerLink() { unlink(); }

  [[nodiscard]] bool linked() const { return prev != nullptr; }
  void unlink() {
    if (prev == nullptr) return;
    prev->next = next;
    next->prev = prev;
    prev = next = nullptr;
  }
};

class TimerWheel {
 public:
  static constexpr size_t kSlots = 512;  // a power of two
  static constexpr std::chrono::milliseconds kResolution{25};  // one revolution: 12.8 s

  TimerWheel() {
    for (auto& h : slots_) h.prev = h.next = &h;
  }
  TimerWheel(const TimerWheel&) = delete;
  TimerWheel& operator=(const TimerWheel&) = delete;
  ~TimerWheel() {
    for (auto& h : slots_) {
      while (h.next != &h) h.next->unlink();
      h.prev = h.next = nullptr;  // the sentinel itself is not linked anywhere
    }
  }

  // (Re)schedules l to fire at `due`. A due time already passed fires at the next expire().
  void schedule(TimerLink& l, Clock::MonoTime due) {
    l.unlink();
    l.due = due;
    int64_t t = tick_of(due);
    if (started_ && t < cursor_) t = cursor_;  // before the first expire() every slot is visited
    push_back(slots_[static_cast<size_t>(t) & (kSlots - 1)], l);
  }

  // Calls fn(TimerLink&) for every link due at or before now, each unlinked before its call; fn may
  // schedule it again or destroy its owner. Slots are visited from the last call's position, so a
  // call costs the slots passed since then (at most one revolution), not the number of links.
  template <class F>
  void expire(Clock::MonoTime now, F&& fn) {
    const int64_t end = tick_of(now);
    int64_t from = started_ ? cursor_ : end - static_cast<int64_t>(kSlots) + 1;
    started_ = true;
    if (end - from >= static_cast<int64_t>(kSlots)) from = end - static_cast<int64_t>(kSlots) + 1;
    TimerLink due_now;
    due_now.prev = due_now.next = &due_now;
    for (int64_t t = from; t <= end; ++t) {
      TimerLink& head = slots_[static_cast<size_t>(t) & (kSlots - 1)];
      for (TimerLink* n = head.next; n != &head;) {
        TimerLink* following = n->next;
        if (n->due <= now) {
          n->unlink();
          push_back(due_now, *n);
        }
        n = following;
      }
    }
    // The current slot is visited again next time: it may hold links due later within its span.
    if (end > cursor_) cursor_ = end;
    while (due_now.next != &due_now) {
      TimerLink* n = due_now.next;
      n->unlink();
      fn(*n);
    }
    due_now.prev = due_now.next = nullptr;
  }

 private:
  static int64_t tick_of(Clock::MonoTime t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() / kResolution.count();
  }
  static void push_back(TimerLink& head, TimerLink& l) {
    l.prev = head.prev;
    l.next = &head;
    head.prev->next = &l;
    head.prev = &l;
  }

  std::array<TimerLink, kSlots> slots_;  // sentinels of circular lists
  int64_t cursor_ = 0;
  bool started_ = false;
};

}  // namespace vg::proxy
