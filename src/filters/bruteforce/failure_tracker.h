// Counting of authentication failures (pure logic, thread-safe, sharded): per source address
// (IPv6: /64) the failures in a sliding window and how often it was banned before (escalation);
// per account the failures and the distinct sources they came from (distributed cracking), and
// whether the account's authentication is locked.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/ip.h"
#include "filters/bruteforce/bruteforce_config.h"

namespace vg::filters::bruteforce {

struct SourceOutcome {
  uint32_t failures = 0;                      // in the window, including this one
  std::optional<std::chrono::seconds> ban;    // set when this failure earns a ban
  uint32_t offence = 0;                       // 1 for a first ban, 2 for the next, ...
};

struct AccountOutcome {
  uint32_t failures = 0;
  uint32_t sources = 0;
  bool locked_now = false;  // this failure locked the account
};

class FailureTracker {
 public:
  explicit FailureTracker(const BruteForceConfig& c, size_t max_entries = 1'000'000);

  SourceOutcome source_failure(const IpAddress& source, int64_t now_ns);
  AccountOutcome account_failure(std::string_view account, const IpAddress& source, int64_t now_ns);
  [[nodiscard]] bool account_locked(std::string_view account, int64_t now_ns) const;
  // Forgets windows and locks that are over (one shard of each map per call).
  void sweep(size_t index, int64_t now_ns);

 private:
  static constexpr size_t kShards = 32;
  struct SourceState {
    std::vector<int64_t> failures;  // times in the window (at most max_failures)
    uint32_t offences = 0;
    int64_t last_offence = 0;
  };
  struct AccountState {
    std::vector<std::pair<int64_t, IpAddress>> failures;  // at most account_failures
    int64_t locked_until = 0;
  };
  template <class K, class V>
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<K, V> map;
  };

  BruteForceConfig cfg_;
  int64_t window_ns_, lock_ns_, offence_memory_ns_;
  size_t per_shard_;
  std::unique_ptr<Shard<IpAddress, SourceState>[]> sources_;
  std::unique_ptr<Shard<std::string, AccountState>[]> accounts_;
};

}  // namespace vg::filters::bruteforce
