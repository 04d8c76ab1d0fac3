// HA1 hashing (through vg::auth, the one place that hashes digests).
#include "config/credentials.h"

#include <openssl/crypto.h>

#include <stdexcept>

#include "auth/algorithm.h"
#include "auth/digest.h"
#include "config/names.h"

namespace vg::config::detail {

std::string compute_ha1(DigestAlgorithm algorithm, std::string_view username, std::string_view realm,
                        std::string_view password) {
  auto h = auth::ha1(algorithm == DigestAlgorithm::kMd5 ? auth::Algorithm::kMd5 : auth::Algorithm::kSha256, username,
                     realm, password);
  // Only a broken OpenSSL installation fails here; config loading is a boundary that may throw.
  if (!h) throw std::runtime_error("digest library failed while hashing a password");
  return std::move(*h);
}

bool is_hex(std::string_view s, size_t digits) {
  if (s.size() != digits) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  }
  return true;
}

void wipe(std::string& secret) {
  if (!secret.empty()) OPENSSL_cleanse(secret.data(), secret.size());
  secret.clear();
}

}  // namespace vg::config::detail
