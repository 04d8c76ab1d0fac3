// A call detail record (issue 6 item 5): one per call attempt that reached the fraud engine,
// written when the call ends. Plain data; the store persists it (see docs/fraud.md, "CDRs").
#pragma once

#include <cstdint>
#include <string>

#include "core/ip.h"

namespace vg::fraud {

struct Cdr {
  std::string call_id;
  std::string tenant;
  std::string account;           // caller
  std::string caller;            // From user as sent
  std::string callee_raw;        // dialled string as sent
  std::string callee_e164;       // normalized ("" when not a number)
  std::string classes;           // "international,premium"
  std::string country;           // ISO 3166 alpha-2
  std::string source;            // ip:port
  std::string user_agent;
  int64_t start_ms = 0, answer_ms = 0, end_ms = 0;  // Unix milliseconds; 0 = never
  int64_t duration_s = 0;        // end - start
  int64_t billable_s = 0;        // end - answer
  int64_t cost_micros = 0;       // from the rate table, micro-units
  std::string disposition;       // "answered", "blocked", "suspended", "cancelled", "failed 486", "no answer", "torn down"
  std::string hangup;            // "caller", "callee", "voipguard", "" (never answered)
  std::string rules;             // rules that fired, "international_per_hour(60): 3 in 1h >= 2; ..."
  std::string action;            // "allow", "warn", "block", "suspend"
};

}  // namespace vg::fraud
