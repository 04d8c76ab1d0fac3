#include "admin/password_hash.h"

#include <sodium.h>

namespace vg::admin {

HashCost minimal_cost() { return HashCost{crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}; }

Result<PasswordHasher, std::string> PasswordHasher::create(HashCost cost) {
  if (sodium_init() < 0) return unexpected(std::string("libsodium failed to initialise"));
  if (cost.opslimit < crypto_pwhash_OPSLIMIT_MIN || cost.memlimit < crypto_pwhash_MEMLIMIT_MIN) {
    return unexpected(std::string("argon2id cost below libsodium's minimum"));
  }
  unsigned char random_password[32];
  randombytes_buf(random_password, sizeof random_password);
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, reinterpret_cast<const char*>(random_password), sizeof random_password, cost.opslimit,
                            cost.memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return unexpected(std::string("argon2id: out of memory"));
  }
  return PasswordHasher(cost, std::string(out));
}

Result<std::string, std::string> PasswordHasher::hash(std::string_view password) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost_.opslimit, cost_.memlimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return unexpected(std::string("argon2id: out of memory"));
  }
  return std::string(out);
}

bool PasswordHasher::verify(std::string_view stored, std::string_view password) const {
  const bool known = !stored.empty() && stored.size() < crypto_pwhash_STRBYTES;
  // crypto_pwhash_str_verify needs a terminated string of at most STRBYTES.
  std::string target(known ? stored : std::string_view(dummy_));
  ++verifications_;
  const bool ok = crypto_pwhash_str_verify(target.c_str(), password.data(), password.size()) == 0;
  return known && ok;
}

}  // namespace vg::admin
