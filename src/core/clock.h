// Injected time. Production code asks a Clock for the time instead of calling std::chrono directly,
// so tests, pcap replay and CDR analysis drive time themselves (deterministic, no sleeps).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace vg {

class Clock {
 public:
  using Duration = std::chrono::nanoseconds;
  // Monotonic time for timers and rate limits.
  using MonoTime = std::chrono::time_point<std::chrono::steady_clock, Duration>;
  // Wall-clock time for records (CDRs, events, nonce expiry that must survive restarts).
  using WallTime = std::chrono::time_point<std::chrono::system_clock, Duration>;

  virtual ~Clock() = default;
  [[nodiscard]] virtual MonoTime mono() const = 0;
  [[nodiscard]] virtual WallTime wall() const = 0;

  // Seconds since the Unix epoch (wall clock).
  [[nodiscard]] int64_t unix_seconds() const {
    return std::chrono::duration_cast<std::chrono::seconds>(wall().time_since_epoch()).count();
  }
};

class SystemClock final : public Clock {
 public:
  [[nodiscard]] MonoTime mono() const override { return std::chrono::steady_clock::now(); }
  [[nodiscard]] WallTime wall() const override { return std::chrono::system_clock::now(); }
};

// Real time with the wall clock moved by a fixed offset (monotonic time is untouched): the hidden
// `voipguard run --test-wall-clock` lets end-to-end tests run at 03:00 on any day.
class OffsetClock final : public Clock {
 public:
  OffsetClock(const Clock& base, Duration offset) : base_(base), offset_(offset) {}
  [[nodiscard]] MonoTime mono() const override { return base_.mono(); }
  [[nodiscard]] WallTime wall() const override { return base_.wall() + offset_; }

 private:
  const Clock& base_;
  Duration offset_;
};

// A clock that moves only when told to. Thread-safe reads and advances.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t unix_seconds = 1'700'000'000) : ns_(unix_seconds * 1'000'000'000LL) {}
  [[nodiscard]] MonoTime mono() const override { return MonoTime(Duration(ns_.load())); }
  [[nodiscard]] WallTime wall() const override { return WallTime(Duration(ns_.load())); }
  void advance(Duration d) { ns_ += d.count(); }
  void advance_seconds(int64_t s) { ns_ += s * 1'000'000'000LL; }

 private:
  std::atomic<int64_t> ns_;
};

}  // namespace vg
