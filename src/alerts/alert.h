// An alert: a rule of the `alerts:` config that fired on a security event, and its renderings for
// each delivery channel (JSON webhook body, Slack/Mattermost text, RFC 5424 syslog line, e-mail).
// Everything in it comes from the event, which never carries a secret.
#pragma once

#include <cstdint>
#include <string>

#include "events/event.h"

namespace vg::alerts {

struct Alert {
  std::string rule;
  std::string key;          // what the rule counted by (a source IP, an account, ...), may be empty
  events::Severity severity = events::Severity::kWarning;
  int64_t time_ms = 0;      // of the triggering event
  uint32_t count = 1;       // events that made it fire (threshold rules)
  int64_t window_ms = 0;    // the threshold window, when count > 1
  uint64_t suppressed = 0;  // alerts of the same rule and key held back by de-duplication since the last one
  events::Event event;      // the event that fired it (the last one, for threshold rules)
};

// One line for humans: "voipguard warning [brute-force] auth.failure from 127.0.0.2:5060 ...".
std::string summary(const Alert& a);
// The webhook's JSON document.
std::string to_json(const Alert& a);
// Slack/Mattermost incoming-webhook body: {"text": summary}.
std::string to_slack_json(const Alert& a);
// RFC 5424 syslog message (no trailing newline), at most 2048 bytes (RFC 5426 §3.2).
std::string to_syslog(const Alert& a, uint8_t facility, const std::string& hostname, int pid);
// RFC 5322 message (headers and body, CRLF line ends) for SMTP.
std::string to_email(const Alert& a, const std::string& from, const std::string& to_header, int64_t now_unix);

// "2026-11-27T18:15:18.123Z" (RFC 3339, UTC).
std::string rfc3339_ms(int64_t unix_ms);

}  // namespace vg::alerts
