// Internal to vg_config: HA1 computation (RFC 2617 §3.2.2.2 / RFC 8760 §3: H(username ":" realm ":" password)).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"

namespace vg::config::detail {

// Lower-case hex HA1 of username:realm:password with `algorithm`.
std::string compute_ha1(DigestAlgorithm algorithm, std::string_view username, std::string_view realm,
                        std::string_view password);

// True when `s` is exactly `digits` hexadecimal digits.
bool is_hex(std::string_view s, size_t digits);

// Overwrites a string holding a secret before it is released.
void wipe(std::string& secret);

}  // namespace vg::config::detail
