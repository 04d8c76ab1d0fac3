// Time-based one-time passwords (RFC 6238: HMAC-SHA-1, 30 s steps, 6 digits) through liboath, with
// enrolment (random secret, otpauth:// URI) and verification that accepts the neighbouring steps
// (clock drift, RFC 6238 §5.2) but each step only once (replay protection, §5.2 last paragraph).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/random.h"
#include "core/result.h"

namespace vg::admin {

inline constexpr unsigned kTotpStep = 30;
inline constexpr unsigned kTotpDigits = 6;
inline constexpr unsigned kTotpWindow = 1;  // steps accepted on each side of the current one

enum class TotpHash { kSha1, kSha256, kSha512 };

// A new 160-bit secret (RFC 4226 §4 recommends 160 bits), base32 without padding.
std::string new_totp_secret(Random& random);

// The code for unix time `now` (for tests and enrolment checks). secret is base32.
Result<std::string, std::string> totp_code(std::string_view base32_secret, int64_t now,
                                           unsigned digits = kTotpDigits, TotpHash hash = TotpHash::kSha1);
// Same with the raw key bytes (RFC 6238 Appendix B gives ASCII keys).
Result<std::string, std::string> totp_code_raw(std::string_view key, int64_t now, unsigned digits = kTotpDigits,
                                               TotpHash hash = TotpHash::kSha1);

// The time step of `code` if it is valid at `now` within ±kTotpWindow steps and newer than
// last_step (a step already used is refused), else nullopt. The caller stores the returned step.
std::optional<uint64_t> totp_verify(std::string_view base32_secret, std::string_view code, int64_t now,
                                    uint64_t last_step);

// otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30 (the Key
// URI format authenticator apps read).
std::string otpauth_uri(std::string_view issuer, std::string_view account, std::string_view base32_secret);

}  // namespace vg::admin
