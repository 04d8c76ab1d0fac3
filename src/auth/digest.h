// Digest computations of RFC 7616 §3.4.1-3.4.3 for qop=auth: HA1 = H(username:realm:password),
// HA2 = H(method:uri), response = H(HA1:nonce:nc:cnonce:qop:HA2). Lower-case hex throughout.
// Used to provision accounts (HA1) and by tests and client code (response); the server side
// verifies through Authenticator.
#pragma once

#include <string>
#include <string_view>

#include "auth/algorithm.h"
#include "auth/error.h"
#include "core/result.h"

namespace vg::auth {

// HA1 for storage. Fails only when OpenSSL cannot provide the digest (kCryptoUnavailable).
Result<std::string, AuthError> ha1(Algorithm algorithm, std::string_view username, std::string_view realm,
                                   std::string_view password);

struct ResponseInput {
  std::string_view ha1;     // hex, as ha1() returns it (upper-case hex is accepted)
  std::string_view nonce;
  std::string_view nc;      // 8 hex digits, as sent
  std::string_view cnonce;
  std::string_view qop;     // "auth"
  std::string_view method;  // request method, as in the request line
  std::string_view uri;     // the digest "uri" parameter
};

// The request-digest a client sends. kBadHa1 if ha1 is not hex of the algorithm's size.
Result<std::string, AuthError> digest_response(Algorithm algorithm, const ResponseInput& in);

}  // namespace vg::auth
