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

std::string_view Event::field(std::string_view key) const {
  for (const auto& [k, v] : fields) {
    if (k == key) return v;
  }
  return {};
}

std::string source_text(const Event& e) { return e.source ? e.source->to_string() : std::string(); }

}  // namespace vg::events
