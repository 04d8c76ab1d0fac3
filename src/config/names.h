// Internal to vg_config: syntax checks for the words the configuration names things with
// (identifiers, hostnames, SIP user parts) and small case-insensitive string helpers.
#pragma once

#include <string>
#include <string_view>

namespace vg::config::detail {

inline constexpr size_t kMaxNameLength = 64;
inline constexpr size_t kMaxUserLength = 64;
inline constexpr size_t kMaxHostnameLength = 253;

// Listener and upstream names: 1..64 of [A-Za-z0-9_.-], starting with a letter or digit.
bool is_name_token(std::string_view s);
// RFC 1123 host name: dot-separated labels of 1..63 letters, digits and '-', not starting or
// ending with '-'; at most 253 characters; no trailing dot.
bool is_hostname(std::string_view s);
// RFC 3261 §25.1 `user` without escapes: unreserved / user-unreserved characters, 1..64 of them.
bool is_sip_user(std::string_view s);

std::string to_lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool icontains(std::string_view haystack, std::string_view needle);

}  // namespace vg::config::detail
