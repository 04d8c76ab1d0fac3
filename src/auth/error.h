// Closed set of setup-time failures of the auth module (bad algorithm names, unusable realms,
// missing crypto). Verification outcomes are a separate enum (Verdict in authenticator.h).
#pragma once

#include <cstdint>
#include <string_view>

namespace vg::auth {

enum class AuthError : uint8_t {
  kUnknownAlgorithm,      // not MD5 or SHA-256
  kSessionUnsupported,    // MD5-sess / SHA-256-sess (RFC 7616 §3.4.2): deliberately not supported
  kCryptoUnavailable,     // OpenSSL could not provide a digest or MAC (e.g. MD5 disabled by FIPS)
  kBadRealm,              // realm empty, too long, or with control characters (header injection)
  kNoAlgorithm,           // a challenge was asked for with an empty algorithm list
  kBadHa1,                // a stored HA1 that is not hex of the algorithm's digest size
  kBadOption,             // an option out of range (nonce lifetime <= 0, replay window > 63, ...)
};

// Stable identifier, e.g. "kBadRealm".
std::string_view error_name(AuthError e);
// Short operator-facing reason. Never contains secrets: it is a fixed text per value.
std::string_view describe(AuthError e);

}  // namespace vg::auth
