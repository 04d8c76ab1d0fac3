// The toll-fraud engine: evaluates every outgoing call attempt of a tenant's account against its
// policy (normalize -> classify -> rules -> score -> allow / warn / block / suspend), keeps the
// per-account counters and the calls it admitted, and tells the proxy which calls to end (maximum
// duration, spend limits, suspension). Called from worker threads (on_invite, on_answer, on_end)
// and from the tick thread (due, expire); state is sharded by account and by call, no global lock.
#pragma once

#include <array>
#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/ip.h"
#include "events/sink.h"
#include "fraud/cdr.h"
#include "fraud/classify.h"
#include "fraud/counters.h"
#include "fraud/number.h"
#include "fraud/policy.h"

namespace vg::fraud {

struct EngineConfig {
  std::unordered_map<std::string, TenantRules> tenants;  // by lower-case domain; absent = not checked
  std::shared_ptr<const NumberingData> data = NumberingData::embedded();
  std::size_t max_tracked_numbers = 200'000;              // same-number counters kept at most
  std::chrono::seconds same_number_window{600};
};
using EngineConfigPtr = std::shared_ptr<const EngineConfig>;

enum class Action : uint8_t { kAllow, kWarn, kBlock, kSuspend };
std::string_view to_string(Action a);

struct RuleHit {
  Rule rule;
  uint32_t weight;
  std::string evidence;  // "3 international calls in 1h (limit 2)"
};

struct CallRequest {
  std::string_view tenant;
  std::string_view account;
  std::string_view call_id;
  std::string_view from_tag;
  std::string_view dialled;   // Request-URI user part or tel: number as sent
  std::string_view caller;    // From user
  std::optional<Endpoint> source;
  std::string_view user_agent;
};

struct Decision {
  Action action = Action::kAllow;
  bool checked = false;  // false: the tenant has no fraud policy (nothing was evaluated)
  uint32_t score = 0;
  std::vector<RuleHit> hits;
  Number number;
  Classification classification;
  bool out_of_hours = false;

  [[nodiscard]] bool allowed() const { return action == Action::kAllow || action == Action::kWarn; }
  // Neutral: the caller learns nothing about which rule stopped it.
  [[nodiscard]] static std::string_view reason_phrase() { return "Forbidden"; }
  [[nodiscard]] std::string rules_text() const;
};

// A call the proxy must end (BYE to both parties, or CANCEL while early).
struct Teardown {
  std::string call_id;
  std::string from_tag;
  std::string reason;
};

// Persists account suspensions so they survive restarts and `voipguard account enable` can lift
// them (see docs/fraud.md). Called from the thread that suspends; implementations queue I/O.
class SuspensionStore {
 public:
  virtual ~SuspensionStore() = default;
  virtual void suspended(std::string_view tenant, std::string_view account, std::string_view reason, int64_t at_ms) = 0;
  virtual void enabled(std::string_view tenant, std::string_view account) = 0;
};

struct EngineStats {
  std::atomic<uint64_t> evaluated{0}, warned{0}, blocked{0}, suspensions{0}, torn_down{0}, emergency{0};
  // Outgoing call attempts of every tenant by destination class (those of tenants without a
  // policy classified by NumberingData::classify_without_plan); a number in several classes counts
  // in each, one in none counts as unclassified.
  std::array<std::atomic<uint64_t>, kClassCount> by_class{};
  std::atomic<uint64_t> unclassified{0};
};

class Engine {
 public:
  Engine(EngineConfigPtr config, const Clock& clock, events::EventSink& events);

  void update(EngineConfigPtr config) { std::atomic_store(&config_, std::move(config)); }
  [[nodiscard]] EngineConfigPtr config() const { return std::atomic_load(&config_); }
  void set_suspension_store(SuspensionStore* s) { store_ = s; }
  void set_cdr_sink(std::function<void(Cdr)> sink) { cdr_sink_ = std::move(sink); }

  // An outgoing INVITE: evaluates and, when allowed, tracks the call (it counts until on_end).
  // A blocked attempt gets its CDR at once. A tenant without a policy is only counted by
  // destination class (stats().by_class), never checked.
  Decision on_invite(const CallRequest& r);
  // The call was answered (2xx).
  void on_answer(std::string_view call_id, std::string_view from_tag);
  // The call ended in any way: hang-up (BYE), CANCEL, a failure response, a timeout, our teardown.
  // `how` is the dialog's end reason; counters are released and the CDR is written.
  void on_end(std::string_view call_id, std::string_view from_tag, std::string_view how);

  // The gateway stops: every call still tracked gets its CDR now (disposition "interrupted", cost
  // so far), so that no attempt goes unrecorded and the restored spend includes it.
  void end_all();

  // Calls to end now: past their maximum duration, over a spend limit, of a suspended account.
  std::vector<Teardown> due();
  // Drops idle per-account state (call from the tick thread, e.g. once a second).
  void expire();
  // At start, from the CDRs in the store: adds the cost of calls that ended at end_ms to the
  // account's spend of this local day and month (in the policy's time zone) when end_ms falls in
  // them, so that a restart does not reset the spend limits. Older costs are ignored.
  void restore_spend(std::string_view tenant, std::string_view account, int64_t end_ms, Micros cost);

  [[nodiscard]] bool suspended(std::string_view tenant, std::string_view account) const;
  void suspend(std::string_view tenant, std::string_view account, std::string_view reason);
  // Lifts a suspension (the admin command, via the store, or a reload) and clears the score.
  void enable(std::string_view tenant, std::string_view account);

  [[nodiscard]] uint32_t active_calls(std::string_view tenant, std::string_view account) const;
  [[nodiscard]] std::size_t tracked_calls() const;
  [[nodiscard]] std::size_t tracked_accounts() const;
  [[nodiscard]] std::size_t tracked_numbers() const { return numbers_.size(); }
  [[nodiscard]] Micros spent_today(std::string_view tenant, std::string_view account) const;
  [[nodiscard]] const EngineStats& stats() const { return stats_; }

 private:
  struct AccountState {
    uint32_t active = 0;
    WindowLog per_minute, intl_hour, intl_day;
    int64_t day = -1, month = -1;  // local day/month the spend sums belong to
    Micros spend_day = 0, spend_month = 0;
    std::deque<std::pair<int64_t, uint32_t>> scores;  // (time ms, score) within the scoring window
    bool suspended = false;
    int64_t last_ms = 0;
  };
  struct ActiveCall {
    std::string tenant, account;
    Cdr cdr;
    Rate rate;
    bool rated = false;
    bool emergency = false;
    bool risky = false;  // not national/mobile/toll-free/short code: torn down on suspension
    bool ending = false; // a teardown was requested
    std::chrono::seconds max_duration{0};
    int64_t answer_ms = 0;
  };
  static constexpr std::size_t kShards = 16;
  struct AccountShard {
    mutable std::mutex mu;
    std::unordered_map<std::string, AccountState> accounts;  // key: tenant \x1f account
  };
  struct CallShard {
    mutable std::mutex mu;
    std::unordered_map<std::string, ActiveCall> calls;  // key: call_id \x1f from_tag
  };

  AccountShard& account_shard(std::string_view key) const;
  CallShard& call_shard(std::string_view key) const;
  void roll_periods(AccountState& a, const LocalTime& t) const;
  void evaluate(const CallRequest& r, const TenantRules& t, const Policy& p, AccountState& a, int64_t now_ms,
                Decision& d);
  void emit(const CallRequest& r, const Decision& d, std::string_view kind, events::Severity sev,
            std::string_view action);
  void write_cdr(Cdr c);
  void count_classes(ClassSet classes);
  Cdr cdr_for(const CallRequest& r, const Decision& d, int64_t now_ms) const;

  EngineConfigPtr config_;
  const Clock& clock_;
  events::EventSink& events_;
  SuspensionStore* store_ = nullptr;
  std::function<void(Cdr)> cdr_sink_;
  mutable std::array<AccountShard, kShards> accounts_;
  mutable std::array<CallShard, kShards> calls_;
  NumberCounters numbers_;
  std::mutex pending_mu_;
  std::vector<Teardown> pending_;  // suspension teardowns waiting for due()
  EngineStats stats_;
};

}  // namespace vg::fraud
