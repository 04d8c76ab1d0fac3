// Single-use recovery codes for an administrator who lost the TOTP device: ten codes of 16
// characters from a 32-letter alphabet (80 random bits each), shown once, stored as salted
// SHA-256. A fast hash is enough at 80 bits of entropy; argon2id would make checking ten codes slow.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/random.h"

namespace vg::admin {

inline constexpr size_t kRecoveryCodeCount = 10;

struct HashedCode {
  std::string salt;  // 16 random bytes, hex
  std::string hash;  // hex SHA-256(salt || normalized code)
};

// "ABCD-EFGH-JKMN-PQRS": groups of four for reading aloud; the dashes are optional when typed.
std::vector<std::string> new_recovery_codes(Random& random, size_t count = kRecoveryCodeCount);

HashedCode hash_recovery_code(std::string_view code, Random& random);
// Constant-time comparison of the hash of `code` (case and dashes ignored) with `stored`.
bool recovery_code_matches(const HashedCode& stored, std::string_view code);

}  // namespace vg::admin
