#include "events/event.h"

#include <array>

namespace vg::events {
namespace {
constexpr std::array<std::string_view, 4> kSeverityNames = {"info", "notice", "warning", "critical"};
}  // namespace

std::string_view to_string(Severity s) { return kSeverityNames[static_cast<size_t>(s)]; }

std::optional<Severity> severity_from_string(std::string_view s) {
  for (size_t i = 0; i < kSeverityNames.size(); ++i) {
    if (kSeverityNames[i] == s) return static_cast<Severity>(i);
  }
  return std::nullopt;
}

std::string_view Event::field(std::string_view key) const { return EventRef(*this).field(key); }

EventRef::EventRef(const Event& e)
    : time_ms(e.time_ms),
      kind(e.kind),
      severity(e.severity),
      source(e.source),
      transport(e.transport),
      tenant(e.tenant),
      account(e.account),
      filter(e.filter),
      rule(e.rule),
      action(e.action),
      evidence(e.evidence),
      fields(e.fields) {}

std::string_view EventRef::field(std::string_view key) const {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields.key(i) == key) return fields.value(i);
  }
  return {};
}

Event EventRef::to_event() const {
  Event e;
  e.time_ms = time_ms;
  e.severity = severity;
  e.source = source;
  e.kind = kind;
  e.transport = transport;
  e.tenant = tenant;
  e.account = account;
  e.filter = filter;
  e.rule = rule;
  e.action = action;
  e.evidence = evidence;
  e.fields.reserve(fields.size());
  for (size_t k = 0; k < fields.size(); ++k) e.fields.emplace_back(fields.key(k), fields.value(k));
  return e;
}

std::string source_text(const Event& e) { return e.source ? e.source->to_string() : std::string(); }

}  // namespace vg::events
