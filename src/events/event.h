// A security event: one record of something voipguard saw or decided that an operator may need to
// know (a filter verdict, an authentication failure, a ban, a blocked call, a store outage). Every
// part of the gateway emits these through an EventSink; the storage, alert and metrics code consume
// them. An event never carries a secret: evidence is what was observed (a User-Agent, a count in a
// window, a dialled number), never a password, HA1, nonce or key.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
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

// One extra fact of an event being emitted, by view (see EventRef).
struct FieldRef {
  std::string_view key;
  std::string_view value;
};

// The fields of an event being emitted, by view: either an Event's own vector or an emitter's array
// of FieldRef. Cheap to copy; valid while what it views lives.
class FieldsRef {
 public:
  using Owned = std::vector<std::pair<std::string, std::string>>;
  FieldsRef() = default;
  FieldsRef(const Owned& owned) : owned_(owned.data()), size_(owned.size()) {}  // NOLINT: like string_view's
  // Any contiguous FieldRef sequence: an array, a std::vector, a std::span.
  template <class Views>
    requires std::is_convertible_v<const Views&, std::span<const FieldRef>>
  FieldsRef(const Views& views)  // NOLINT(google-explicit-constructor)
      : views_(std::span<const FieldRef>(views).data()), size_(std::span<const FieldRef>(views).size()) {}
  [[nodiscard]] size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] std::string_view key(size_t i) const { return owned_ != nullptr ? owned_[i].first : views_[i].key; }
  [[nodiscard]] std::string_view value(size_t i) const {
    return owned_ != nullptr ? owned_[i].second : views_[i].value;
  }

 private:
  const std::pair<std::string, std::string>* owned_ = nullptr;
  const FieldRef* views_ = nullptr;
  size_t size_ = 0;
};

// An event as it is emitted: the members of Event, by view. What every EventSink receives: an
// emitter on a hot path builds one on its stack from what it has at hand (no allocation at all);
// an Event converts to one implicitly (as a std::string does to a std::string_view), so emitting
// an Event works too. Valid only during the emit() call: a sink that keeps the event copies it
// (to_event(), or the store's packed bytes).
struct EventRef {
  EventRef() = default;
  EventRef(const Event& e);  // NOLINT(google-explicit-constructor): the view of an Event

  int64_t time_ms = 0;
  std::string_view kind;
  Severity severity = Severity::kNotice;
  std::optional<Endpoint> source;
  std::string_view transport;
  std::string_view tenant;
  std::string_view account;
  std::string_view filter;
  std::string_view rule;
  std::string_view action;
  std::string_view evidence;
  FieldsRef fields;

  // The value of a field, or empty.
  [[nodiscard]] std::string_view field(std::string_view key) const;
  // An Event owning copies of everything.
  [[nodiscard]] Event to_event() const;
};

// Calls f on each text member of e (kind, transport, tenant, account, filter, rule, action,
// evidence), always in that order: the store's columns and the writer queue's byte form follow it.
// E is an Event or an EventRef.
template <class E, class F>
void for_each_text(E& e, F&& f) {
  for (auto* s : {&e.kind, &e.transport, &e.tenant, &e.account, &e.filter, &e.rule, &e.action, &e.evidence}) f(*s);
}

// "ip:port" or "[v6]:port" of source, or empty.
std::string source_text(const Event& e);

}  // namespace vg::events
