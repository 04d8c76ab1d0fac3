// The password policy for SIP accounts and administrators (docs/accounts.md): one checker used by
// config loading, `voipguard account`/`voipguard admin`, the credential audit and the admin API.
// A rejection names every rule that failed and never quotes the password.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/random.h"

namespace vg::auth {

enum class PasswordRule {
  kTooShort,
  kTooLong,
  kMissingUpper,
  kMissingLower,
  kMissingDigit,
  kMissingSymbol,
  kControlCharacter,
  kContainsUsername,   // in any case, or reversed
  kContainsExtension,
  kContainsDomain,     // the whole domain or one of its distinctive labels
  kContainsTenant,
  kCommon,             // in the shipped common / vendor-default lists, possibly decorated
  kRepeatedRun,        // 4+ identical characters
  kSequentialRun,      // 4+ ascending or descending characters, or along a keyboard row
};

// Stable name ("too_short", "common", ...) for JSON output and tests.
std::string_view to_string(PasswordRule r);

struct PasswordPolicy {
  size_t min_length = 12;
  size_t max_length = 128;
  bool require_upper = true;
  bool require_lower = true;
  bool require_digit = true;
  bool require_symbol = true;
  bool reject_common = true;
  // Longest allowed run of identical or sequential characters (a run of max_run + 1 fails).
  size_t max_run = 3;
};

// Names the password must not contain; empty ones are skipped. Names shorter than
// kMinNameLength are not checked (a 2-digit extension would forbid half of all passwords).
struct PasswordContext {
  std::string_view username;
  std::string_view extension;
  std::string_view domain;
  std::string_view tenant;
};
inline constexpr size_t kMinNameLength = 3;

struct PasswordViolation {
  PasswordRule rule;
  std::string message;  // e.g. "must not contain the username"; never the password
};

// Every rule `password` breaks, in the order of PasswordRule; empty when it passes.
std::vector<PasswordViolation> check_password(std::string_view password, const PasswordContext& ctx,
                                              const PasswordPolicy& policy = {});

// True when `password`, lower-cased, with letter-for-digit substitutions undone and digits or
// symbols around it removed, is in the shipped lists (common_passwords()).
bool is_common_password(std::string_view password);

// A random password passing the default policy for any context: `length` (>= 12) characters from
// upper, lower, digit and symbol classes (each at least once, ambiguous characters left out), no run
// of 3 identical or sequential characters.
std::string generate_password(Random& random, size_t length = 20);

}  // namespace vg::auth
