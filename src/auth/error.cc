#include "auth/error.h"

namespace vg::auth {

std::string_view error_name(AuthError e) {
  switch (e) {
    case AuthError::kUnknownAlgorithm: return "kUnknownAlgorithm";
    case AuthError::kSessionUnsupported: return "kSessionUnsupported";
    case AuthError::kCryptoUnavailable: return "kCryptoUnavailable";
    case AuthError::kBadRealm: return "kBadRealm";
    case AuthError::kNoAlgorithm: return "kNoAlgorithm";
    case AuthError::kBadHa1: return "kBadHa1";
    case AuthError::kBadOption: return "kBadOption";
  }
  return "kUnknown";
}

std::string_view describe(AuthError e) {
  switch (e) {
    case AuthError::kUnknownAlgorithm: return "unknown digest algorithm (MD5 and SHA-256 are supported)";
    case AuthError::kSessionUnsupported: return "-sess digest algorithms are not supported";
    case AuthError::kCryptoUnavailable: return "digest or MAC not available from OpenSSL";
    case AuthError::kBadRealm: return "realm is empty, too long or contains control characters";
    case AuthError::kNoAlgorithm: return "no digest algorithm to offer";
    case AuthError::kBadHa1: return "stored HA1 is not a hex digest of the algorithm's size";
    case AuthError::kBadOption: return "auth option out of range";
  }
  return "unknown auth error";
}

}  // namespace vg::auth
