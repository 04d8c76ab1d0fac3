// WWW-Authenticate / Proxy-Authenticate challenge values (RFC 3261 §22.4, RFC 7616 §3.3,
// RFC 8760 §2.4: one challenge per offered algorithm, the preferred one first).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "auth/algorithm.h"
#include "auth/error.h"
#include "core/result.h"

namespace vg::auth {

inline constexpr size_t kMaxRealmLength = 256;

// A realm we can put in a quoted-string: 1..kMaxRealmLength bytes, no control characters
// (CR/LF would inject header lines). '"' and '\' are fine: they are escaped.
bool valid_realm(std::string_view realm);

// One value per algorithm, in the given order (duplicates dropped), each of the form
//   Digest realm="<realm>", nonce="<nonce>", qop="auth", algorithm=<name>[, stale=true]
// No opaque: the nonce already carries everything the server needs.
Result<std::vector<std::string>, AuthError> challenge_values(std::string_view realm, std::string_view nonce,
                                                             std::span<const Algorithm> algorithms, bool stale);

}  // namespace vg::auth
