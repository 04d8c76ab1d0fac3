// Evaluates the `alerts.rules` of the configuration over security events: match (kind, severity,
// attribute/field equality, numeric field above a value), thresholds ("N matching events with the
// same key within T"), de-duplication (the same rule and key alert at most once per `dedupe`,
// counting what was held back) and a per-rule rate limit (`max_per_minute`, against storms of new
// keys). Pure logic on an injected Clock; owned and called by one thread (AlertService's).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "alerts/alert.h"
#include "config/observability.h"
#include "core/clock.h"

namespace vg::alerts {

class AlertEngine {
 public:
  // Keys tracked per rule for thresholds and de-duplication; beyond this the oldest are forgotten.
  static constexpr std::size_t kMaxKeysPerRule = 100'000;

  AlertEngine(std::vector<config::AlertRule> rules, const Clock& clock);

  // Alerts fired by this event (usually none; at most one per rule).
  std::vector<Alert> evaluate(const events::Event& e);

  [[nodiscard]] uint64_t suppressed_dedupe() const { return suppressed_dedupe_; }
  [[nodiscard]] uint64_t suppressed_rate() const { return suppressed_rate_; }
  [[nodiscard]] const std::vector<config::AlertRule>& rules() const { return rules_; }

 private:
  struct KeyState {
    std::deque<Clock::MonoTime> hits;   // matching events within the window (threshold rules)
    Clock::MonoTime last_alert{};
    bool alerted = false;
    uint64_t suppressed = 0;
    Clock::MonoTime last_seen{};
  };
  struct RuleState {
    std::unordered_map<std::string, KeyState> keys;
    std::deque<Clock::MonoTime> fired;  // alerts of the last minute (rate limit)
  };
  void prune(const config::AlertRule& r, RuleState& st, Clock::MonoTime now);

  std::vector<config::AlertRule> rules_;
  std::vector<RuleState> state_;
  const Clock& clock_;
  uint64_t suppressed_dedupe_ = 0, suppressed_rate_ = 0;
};

// Whether the rule's kind, severity, `where` and `above` conditions accept the event.
bool matches(const config::AlertRule& r, const events::Event& e);
// Whether the rule's kind and severity accept the event (the cheap part of matches(): no field
// lookups, no allocation).
bool may_match(const config::AlertRule& r, const events::EventRef& e);
// The value the rule counts by: its `per` attribute or field; by default the source IP, else the
// account, else the tenant.
std::string key_of(const config::AlertRule& r, const events::Event& e);

}  // namespace vg::alerts
