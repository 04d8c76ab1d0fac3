// Password policy and HA1 hashing (through vg::auth, the one place that hashes digests).
#include "config/credentials.h"

#include <openssl/crypto.h>

#include <stdexcept>

#include "auth/algorithm.h"
#include "auth/digest.h"
#include "config/names.h"

namespace vg::config::detail {

std::vector<std::string> password_policy_violations(std::string_view password, std::string_view username,
                                                    std::string_view domain) {
  std::vector<std::string> problems;
  if (password.size() < kMinPasswordLength) {
    problems.push_back("must be at least " + std::to_string(kMinPasswordLength) + " characters");
  }
  if (password.size() > kMaxPasswordLength) {
    problems.push_back("must be at most " + std::to_string(kMaxPasswordLength) + " characters");
  }
  bool upper = false, lower = false, digit = false, symbol = false, control = false;
  for (char ch : password) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 'A' && c <= 'Z') {
      upper = true;
    } else if (c >= 'a' && c <= 'z') {
      lower = true;
    } else if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c < 0x20 || c == 0x7f) {
      control = true;
    } else {
      symbol = true;  // ASCII punctuation, space, or any non-ASCII character
    }
  }
  std::string missing;
  auto need = [&](bool have, std::string_view what) {
    if (have) return;
    if (!missing.empty()) missing += ", ";
    missing += what;
  };
  need(upper, "upper-case letter");
  need(lower, "lower-case letter");
  need(digit, "digit");
  need(symbol, "symbol");
  if (!missing.empty()) {
    problems.push_back("must mix upper- and lower-case letters, digits and symbols (missing: " + missing + ")");
  }
  if (control) problems.push_back("must not contain control characters");
  if (icontains(password, username)) problems.push_back("must not contain the username");
  if (icontains(password, domain)) problems.push_back("must not contain the domain");
  return problems;
}

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
