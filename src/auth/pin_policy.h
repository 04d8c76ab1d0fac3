// The voicemail PIN policy (docs/accounts.md): a PIN is guessed from the keypad, the extension and
// the calendar long before brute force, so each of those patterns is a rule. A rejection names
// every rule that failed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vg::auth {

enum class PinRule {
  kTooShort,
  kTooLong,
  kNotDigits,
  kAllSame,            // 000000
  kSequence,           // 123456, 987654, 789012 (ascending or descending, wrapping 9 -> 0)
  kExtension,          // the extension, or containing it
  kExtensionReversed,  // the extension backwards, or containing it
  kRepeatedGroup,      // 1212, 123123, 112233, 111222
  kDate,               // MMDD, DDMM, YYYY, MMYY; DDMMYY, MMDDYY, YYMMDD; DDMMYYYY, MMDDYYYY, YYYYMMDD
  kCommon,             // in data/common-pins.txt
};

std::string_view to_string(PinRule r);

struct PinPolicy {
  size_t min_length = 6;
  size_t max_length = 16;
};

struct PinViolation {
  PinRule rule;
  std::string message;  // never quotes the PIN
};

// Every rule `pin` breaks; empty when it passes. `extension` may be empty.
std::vector<PinViolation> check_pin(std::string_view pin, std::string_view extension, const PinPolicy& policy = {});

}  // namespace vg::auth
