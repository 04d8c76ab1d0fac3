// A call detail record (issue 6 item 5): one per call attempt that reached the fraud engine,
// written when the call ends. Plain data; the store persists it (see docs/fraud.md, "CDRs").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

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
  std::optional<Endpoint> source;
  std::string user_agent;
  int64_t start_ms = 0, answer_ms = 0, end_ms = 0;  // Unix milliseconds; 0 = never
  int64_t duration_s = 0;        // end - start
  int64_t billable_s = 0;        // end - answer
  int64_t cost_micros = 0;       // from the rate table, micro-units
  // The store's vocabulary (store/records.h): "answered", "busy", "no_answer", "failed",
  // "cancelled", "blocked", "torn_down".
  std::string disposition;
  int64_t sip_status = 0;        // final response of a failed attempt, 403 when blocked, else 0
  std::string hangup;            // "caller", "callee", "gateway", "" (never answered)
  std::string action;            // "allow", "warn", "block", "suspend"
  int64_t score = 0;
  std::string rules;             // human text: "international_per_hour(60): 2 international calls in 1 h ..."
  std::vector<std::pair<std::string, std::string>> rule_list;  // (rule, why) of each hit
};

}  // namespace vg::fraud
