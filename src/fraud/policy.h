// A toll-fraud policy (issue 6 items 3-4): which destinations an account may call, when, how often,
// how long and for how much, and how rule hits are weighed into warn / block / suspend. Plain data,
// validated when loaded; a tenant has one, an account may override it whole (the config loader
// merges the account's fields over the tenant's).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "fraud/classify.h"
#include "fraud/tz.h"

namespace vg::fraud {

// Business hours: days of the week and a daily window in a time zone, minus holidays.
struct Schedule {
  bool enabled = false;  // false: every hour is business hours
  std::shared_ptr<const TimeZone> zone = TimeZone::utc();
  uint8_t days = 0b0111110;           // bit 0 = Sunday ... bit 6 = Saturday (default Mon-Fri)
  int start_minute = 8 * 60;          // local minute of day, inclusive
  int end_minute = 18 * 60;           // exclusive; may be < start (a window across midnight)
  std::vector<int64_t> holidays;      // local day numbers (TimeZone::local().day_number), sorted

  [[nodiscard]] bool in_hours(const LocalTime& t) const;
};

// Limits in force in one period (business hours, or outside them). 0 = no limit.
struct Limits {
  ClassSet allowed_classes = bit(DestClass::kNational) | bit(DestClass::kMobile) | bit(DestClass::kTollFree) |
                             bit(DestClass::kShortCode) | bit(DestClass::kInternational);
  std::vector<std::string> allowed_countries;  // ISO codes; empty = any (subject to blocked_countries)
  std::vector<std::string> blocked_countries;
  uint32_t max_concurrent = 0;
  uint32_t calls_per_minute = 0;
  uint32_t international_per_hour = 0;
  uint32_t international_per_day = 0;
  uint32_t same_number_max = 0;     // calls to one number within the engine's same-number window
  std::chrono::seconds max_duration{0};
  int64_t spend_per_day = 0;        // micro-units of the rate table's currency
  int64_t spend_per_month = 0;
};

// Every rule that can fire; the index of a rule's weight.
enum class Rule : uint8_t {
  kClassNotAllowed,
  kCountryNotAllowed,
  kConcurrentCalls,
  kCallsPerMinute,
  kInternationalPerHour,
  kInternationalPerDay,
  kSameNumber,
  kSpendPerDay,
  kSpendPerMonth,
  kHighRisk,        // a high-risk destination that the policy allows: scored, not blocked by itself
  kDisguisedNumber, // the number used a trick (%2B, ++, 0+, leading zeros, service code)
  kSuspended,       // the account is suspended
  kCount
};
inline constexpr std::size_t kRuleCount = static_cast<std::size_t>(Rule::kCount);
std::string_view to_string(Rule r);
bool rule_from_string(std::string_view s, Rule& out);

struct Scoring {
  std::array<uint32_t, kRuleCount> weights{100, 100, 60, 60, 60, 60, 40, 100, 100, 20, 20, 1000};
  uint32_t warn = 20;      // one call's score at or above: a warning event, the call goes through
  uint32_t block = 50;     // one call's score at or above: 403
  uint32_t suspend = 200;  // the account's score summed over `window`: suspended
  std::chrono::seconds window{3600};
};

struct Policy {
  Schedule schedule;
  Limits in_hours;
  Limits out_of_hours;  // used when schedule.enabled and the time is outside it
  Scoring scoring;
  bool enabled = true;  // false: calls are classified and recorded, never limited
};

// Money: integer micro-units (1e-6 of the currency) so sums never drift.
using Micros = int64_t;

// Price of a destination (rate table row): per minute, a setup charge, and billing increments
// ("60/60": first 60 s charged whole, then per 60 s; "1/1": per second).
struct Rate {
  Micros per_minute = 0;
  Micros setup = 0;
  uint32_t first_increment = 60;
  uint32_t next_increment = 60;

  // Cost of a call that has lasted `seconds` (0 when unanswered). Increments started are charged.
  [[nodiscard]] Micros cost(int64_t seconds) const;
};

class RateTable {
 public:
  // CSV lines "prefix,price_per_minute,setup,first/next" (prices as decimals, e.g. 0.0125); '#'
  // comments. Errors "<source>:<line>: <problem>".
  static Result<std::shared_ptr<const RateTable>, std::string> parse(std::string_view csv, std::string_view source);
  bool add(std::string_view prefix, const Rate& r);
  void build() { index_.build(); }
  // Rate of the longest matching prefix, or nullptr.
  [[nodiscard]] const Rate* find(std::string_view e164) const;
  [[nodiscard]] std::size_t size() const { return index_.size(); }

 private:
  PrefixIndex index_;
  std::vector<Rate> rates_;
};

// "0.0125" -> 12500 micro-units; false on anything else (negative, more than 6 decimals).
bool parse_money(std::string_view s, Micros& out);
std::string money_text(Micros m);  // 12500 -> "0.0125"

// One tenant's fraud settings, resolved from the configuration (`dial_plan:` and `policy:`).
struct TenantRules {
  DialPlan plan;
  Policy policy;
  std::unordered_map<std::string, Policy> accounts;  // per-account overrides (whole policies)
  std::shared_ptr<const RateTable> rates;            // may be null: no costs, no spend limits
  std::string rates_file;                            // where `rates` came from (config), empty if none

  [[nodiscard]] const Policy& policy_for(std::string_view account) const;
};

}  // namespace vg::fraud
