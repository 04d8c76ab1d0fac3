// Dialled-number normalization: turns what a caller dialled (a Request-URI user part, a tel: URI,
// digits with separators and prefixes) into E.164 digits under a tenant's dial plan, undoing the
// tricks used to slip past prefix rules (9011..., +00..., ++44..., 0+44..., %2B44..., *# codes).
// Pure functions, no allocation beyond the result.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vg::fraud {

// How a tenant's users dial (ITU-T E.164 §6, national numbering plans).
struct DialPlan {
  std::string country_code = "1";                     // home E.164 country code, digits only
  std::string national_prefix = "1";                  // trunk prefix ("0" in most of Europe, "1" in NANP), may be empty
  std::vector<std::string> international_prefixes{"011"};  // "00", "011", "810"...; '+' is always understood
  std::vector<std::string> outside_line_prefixes;     // PBX "dial 9 for an outside line"
  std::vector<std::string> emergency_numbers{"911", "112"};
  std::vector<std::string> mobile_prefixes;           // national significant number prefixes that are mobile ("15", "16", "17")
  std::vector<std::string> service_prefixes;          // feature codes stripped before the number ("*67", "*31#")
  std::size_t max_short_code_length = 6;              // shorter numbers without a prefix are short codes/extensions
};

enum class NumberKind : uint8_t {
  kE164,       // a full international number in `e164`
  kEmergency,  // one of the plan's emergency numbers (`e164` holds it as dialled, e.g. "112")
  kShortCode,  // a short number (extension, service short code) in `e164` as dialled
  kService,    // contains * or # (feature or network service code); `e164` holds the embedded number if any
  kInvalid,    // not a number (letters, empty, too long, stray '+')
};
std::string_view to_string(NumberKind k);

// Signs of an attempt to disguise a number; the policy may score them.
enum NumberTrick : uint32_t {
  kTrickNone = 0,
  kTrickEscaped = 1u << 0,         // %2B and other %HH escapes
  kTrickRepeatedPrefix = 1u << 1,  // "++44", "+00", "0000", "+011"
  kTrickPrefixBeforePlus = 1u << 2,  // "0+44", "9+44"
  kTrickLeadingZeros = 1u << 3,    // zeros after an international prefix ("+044")
  kTrickServiceCode = 1u << 4,     // * or # in the number
};

struct Number {
  NumberKind kind = NumberKind::kInvalid;
  std::string e164;        // digits only, no '+'; see NumberKind
  uint32_t tricks = kTrickNone;
  bool international = false;  // dialled with an international prefix or '+'
};

// Normalizes a dialled string (a user part or a tel: number, possibly with ;parameters).
Number normalize(std::string_view dialled, const DialPlan& plan);

// The dialled string of a Request-URI text ("sip:+44...;user=phone@host", "tel:+1-212-555-0100"):
// the user part of sip/sips, the number of tel:, empty when there is none.
std::string_view dialled_part(std::string_view uri);

}  // namespace vg::fraud
