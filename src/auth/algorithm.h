// Digest algorithms (RFC 7616 §3.4.2, RFC 8760): MD5 and SHA-256, names and sizes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "auth/error.h"
#include "core/result.h"

namespace vg::auth {

enum class Algorithm : uint8_t { kMd5, kSha256 };

// "MD5" or "SHA-256", as written in challenges.
std::string_view algorithm_name(Algorithm a);
// Digest size in bytes (16, 32); the hex form is twice as long.
size_t digest_size(Algorithm a);
inline size_t hex_size(Algorithm a) { return 2 * digest_size(a); }

// Case-insensitive. "MD5-sess" / "SHA-256-sess" give kSessionUnsupported, anything else
// (including SHA-512-256) kUnknownAlgorithm.
Result<Algorithm, AuthError> parse_algorithm(std::string_view name);

}  // namespace vg::auth
