// A filter's mode. enforce: the verdict is carried out; monitor: it is only recorded (event action
// "monitor:<action>") and the message passes, so an operator can trial a rule on live traffic.
#pragma once

#include <cstdint>

namespace vg::filters {

enum class FilterMode : uint8_t { kEnforce, kMonitor };

}  // namespace vg::filters
