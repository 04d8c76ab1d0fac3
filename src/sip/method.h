// SIP request methods. Method names are case-sensitive tokens (RFC 3261 §7.1); unknown tokens are
// valid extension methods (kExtension).
#pragma once

#include <cstdint>
#include <string_view>

namespace vg::sip {

enum class Method : uint8_t {
  kExtension = 0,
  kInvite,
  kAck,
  kBye,
  kCancel,
  kRegister,
  kOptions,
  kPrack,
  kSubscribe,
  kNotify,
  kPublish,
  kInfo,
  kRefer,
  kMessage,
  kUpdate,
};

Method method_from(std::string_view token);
// Name of a known method; empty for kExtension.
std::string_view method_name(Method m);

}  // namespace vg::sip
