// Administrator password hashes: argon2id through libsodium's crypto_pwhash_str (salt and cost
// parameters are inside the stored string, so costs can be raised later without a migration).
// A PasswordHasher is used by one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vg::admin {

struct HashCost {
  // libsodium's "interactive" level: 2 passes over 64 MiB (~0.1 s here), fit for a login.
  uint64_t opslimit = 2;
  size_t memlimit = 64u << 20;
};

// The cheapest cost libsodium accepts; for tests only.
HashCost minimal_cost();

class PasswordHasher {
 public:
  // Fails only when libsodium cannot initialise or the cost is out of its range.
  static Result<PasswordHasher, std::string> create(HashCost cost = {});

  // "$argon2id$v=19$m=...,t=...,p=1$salt$hash".
  [[nodiscard]] Result<std::string, std::string> hash(std::string_view password) const;
  // True when `password` matches `stored`. With an empty `stored` (no such user) the same work is
  // done against a dummy hash and false is returned, so timing does not reveal whether a user exists.
  [[nodiscard]] bool verify(std::string_view stored, std::string_view password) const;

  // argon2id verifications run so far (tests check that an unknown user costs one, like a known one).
  [[nodiscard]] uint64_t verifications() const { return verifications_; }

 private:
  PasswordHasher(HashCost cost, std::string dummy) : cost_(cost), dummy_(std::move(dummy)) {}

  HashCost cost_;
  std::string dummy_;  // hash of a random password with the same cost
  mutable uint64_t verifications_ = 0;
};

}  // namespace vg::admin
