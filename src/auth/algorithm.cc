#include "auth/algorithm.h"

namespace vg::auth {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

}  // namespace

std::string_view algorithm_name(Algorithm a) {
  switch (a) {
    case Algorithm::kMd5: return "MD5";
    case Algorithm::kSha256: return "SHA-256";
  }
  return "MD5";
}

size_t digest_size(Algorithm a) { return a == Algorithm::kSha256 ? 32 : 16; }

Result<Algorithm, AuthError> parse_algorithm(std::string_view name) {
  if (iequals(name, "MD5")) return Algorithm::kMd5;
  if (iequals(name, "SHA-256")) return Algorithm::kSha256;
  // RFC 7616 §3.4.2 session variants mix the cnonce into HA1; refusing them keeps one code path
  // and stored HA1 values usable as they are.
  if (iequals(name, "MD5-sess") || iequals(name, "SHA-256-sess")) return unexpected(AuthError::kSessionUnsupported);
  return unexpected(AuthError::kUnknownAlgorithm);
}

}  // namespace vg::auth
