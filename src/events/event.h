// A security event: one record of something voipguard saw or decided that an operator may need to
// know (a filter verdict, an authentication failure, a ban, a blocked call, a store outage). Every
// part of the gateway emits these through an EventSink; the storage, alert and metrics code consume
// them. An event never carries a secret: evidence is what was observed (a User-Agent, a count in a
// window, a dialled number), never a password, HA1, nonce or key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/ip.h"

namespace vg::events {

enum class Severity : uint8_t { kInfo, kNotice, kWarning, kCritical };

// Stable lower-case names ("info", "notice", "warning", "critical") used in storage, JSON and config.
std::string_view to_string(Severity s);
std::optional<Severity> severity_from_string(std::string_view s);

struct Event {
  int64_t time_ms = 0;              // wall clock, Unix milliseconds (from the injected Clock)
  std::string kind;                 // stable dotted name, e.g. "filter.flood", "auth.failure", "ban.added"
  Severity severity = Severity::kNotice;
  std::optional<Endpoint> source;   // who sent the message, when there is one
  std::string transport;            // "UDP", "TCP", "TLS" or empty
  std::string tenant;               // SIP domain, when known
  std::string account;              // user part of the account, when known
  std::string filter;               // component that decided, e.g. "flood", "acl", "fraud", "registrar"
  std::string rule;                 // which rule of that component fired, e.g. "invite_per_ip"
  std::string action;               // what was done: "drop", "reply:403", "ban", "monitor:drop", "alert", ...
  std::string evidence;             // human-readable why, e.g. "42 INVITE in 10 s"; never a secret
  // Extra structured facts (key, value), e.g. {"user_agent", "friendly-scanner"}, {"count", "42"}.
  std::vector<std::pair<std::string, std::string>> fields;

  // The value of a field, or empty.
  [[nodiscard]] std::string_view field(std::string_view key) const;
};

// Calls f on each text member of e (kind, transport, tenant, account, filter, rule, action,
// evidence), always in that order: the store's columns and the writer queue's byte form follow it.
template <class E, class F>
void for_each_text(E& e, F&& f) {
  for (auto* s : {&e.kind, &e.transport, &e.tenant, &e.account, &e.filter, &e.rule, &e.action, &e.evidence}) f(*s);
}

// "ip:port" or "[v6]:port" of source, or empty.
std::string source_text(const Event& e);

}  // namespace vg::events
