// Rate limit and lockout of administrator logins, per username and per source address: after
// `max_failures` failed attempts within `window`, further attempts for that user (or from that
// address) are refused without checking the password until `lockout` has passed, and an alert
// event ("admin.lockout", critical) is emitted. In memory: a restart clears it (documented in
// docs/admin.md). Thread-safe; not on the packet path.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.h"
#include "events/sink.h"

namespace vg::admin {

struct LoginLimits {
  uint32_t max_failures_per_user = 5;
  uint32_t max_failures_per_source = 20;  // a source may try several users
  std::chrono::seconds window{900};
  std::chrono::seconds lockout{900};
};

class LoginLimiter {
 public:
  LoginLimiter(const Clock& clock, events::EventSink& events, LoginLimits limits = {})
      : clock_(clock), events_(events), limits_(limits) {}

  // True when an attempt for `user` from `source` may be checked now.
  [[nodiscard]] bool allowed(std::string_view user, std::string_view source);
  // Records a failed attempt; may start a lockout (and emit its event).
  void failure(std::string_view user, std::string_view source);
  // A successful login clears the user's failures (not the source's: an attacker holding one
  // account must not reset the count for the others).
  void success(std::string_view user);

 private:
  struct Entry {
    uint32_t failures = 0;
    Clock::MonoTime window_start{};
    Clock::MonoTime locked_until{};
  };
  static constexpr size_t kMaxEntries = 100000;
  static bool locked(const Entry& e, Clock::MonoTime now);
  void prune(std::unordered_map<std::string, Entry>& map, Clock::MonoTime now);
  void count(Entry& e, Clock::MonoTime now, uint32_t max, std::string_view kind, std::string_view user,
             std::string_view source);

  const Clock& clock_;
  events::EventSink& events_;
  LoginLimits limits_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> users_;
  std::unordered_map<std::string, Entry> sources_;
};

}  // namespace vg::admin
