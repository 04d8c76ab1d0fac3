// Plain rows of the store's tables (migration 2), with no dependency on the components that fill
// them. Security events are stored straight from vg::events::Event (table security_events); these
// are the other records the asynchronous writer (store/store_writer.h) takes. Times are unix
// milliseconds from the injected Clock.
#pragma once

#include <cstdint>
#include <string>

namespace vg::store {

// One call attempt (table calls), written once when the call has ended (or was refused).
struct CdrRecord {
  std::string call_id;
  std::string tenant;
  std::string account;
  std::string caller_raw;   // From user part as received
  std::string caller;       // normalized
  std::string callee_raw;   // dialled string as received
  std::string callee;       // normalized E.164
  std::string dest_class;   // "national", "mobile", "international", "premium", "emergency", ...
  std::string country;      // ISO 3166 alpha-2 of the destination, empty if unknown
  std::string source_ip;
  int64_t source_port = 0;
  std::string user_agent;
  int64_t start_ms = 0;     // INVITE received
  int64_t answer_ms = 0;    // 2xx received; 0 = never answered (stored as NULL)
  int64_t end_ms = 0;
  int64_t duration_ms = 0;  // answer to end
  int64_t billable_s = 0;
  double cost = 0.0;
  std::string disposition;  // "answered", "busy", "no_answer", "failed", "cancelled", "blocked", "torn_down"
  int64_t sip_status = 0;   // final response code, 0 if none
  std::string hangup_side;  // "caller", "callee", "gateway" or empty
  std::string decision;     // "allow", "warn", "block", "suspend"
  int64_t score = 0;
  std::string rules;        // JSON array of the rules that fired and why, e.g. [{"rule":"intl_per_hour","why":"6 > 5"}]

  bool operator==(const CdrRecord&) const = default;
};

// A registering device (table devices). Written as an upsert keyed by (tenant, account, contact):
// first_seen_ms is kept from the first write, everything else is replaced.
struct DeviceRecord {
  std::string tenant;
  std::string account;
  std::string contact;
  std::string source_ip;
  int64_t source_port = 0;
  std::string transport;
  std::string user_agent;
  std::string vendor;
  std::string model;
  std::string firmware;
  int64_t first_seen_ms = 0;
  int64_t last_seen_ms = 0;

  bool operator==(const DeviceRecord&) const = default;
};

// One alert and what became of its delivery on one channel (table alerts).
struct AlertRecord {
  int64_t time_ms = 0;
  std::string rule;
  std::string alert_key;
  std::string severity;    // events::to_string(Severity)
  std::string channel;     // "webhook", "syslog", "email"
  std::string status;      // "delivered", "failed", "suppressed"
  int64_t attempts = 0;
  std::string event_kind;
  std::string summary;
  std::string error;       // last delivery error; never a secret

  bool operator==(const AlertRecord&) const = default;
};

}  // namespace vg::store
