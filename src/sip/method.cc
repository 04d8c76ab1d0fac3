#include "sip/method.h"

namespace vg::sip {

namespace {
constexpr std::string_view kNames[] = {"",        "INVITE",    "ACK",    "BYE",     "CANCEL",
                                       "REGISTER", "OPTIONS",  "PRACK",  "SUBSCRIBE", "NOTIFY",
                                       "PUBLISH", "INFO",      "REFER",  "MESSAGE", "UPDATE"};
}

Method method_from(std::string_view token) {
  if (token.size() < 3 || token.size() > 9) return Method::kExtension;
  for (size_t i = 1; i < std::size(kNames); ++i) {
    if (kNames[i] == token) return static_cast<Method>(i);
  }
  return Method::kExtension;
}

std::string_view method_name(Method m) {
  auto i = static_cast<size_t>(m);
  return i < std::size(kNames) ? kNames[i] : std::string_view{};
}

}  // namespace vg::sip
