// a=crypto (SDES, RFC 4568 §9.1): tag, crypto-suite, inline key parameters and session parameters.
// Keys are checked for base64 syntax and for the key||salt length the suite requires, so a
// malformed key is rejected at the edge instead of reaching the SRTP library.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/result.h"
#include "sdp/error.h"
#include "sdp/limits.h"

namespace vg::sdp {

enum class CryptoSuite : uint8_t {
  kAesCm128HmacSha1_80,  // RFC 4568 §6.2.1
  kAesCm128HmacSha1_32,  // RFC 4568 §6.2.2
  kF8_128HmacSha1_80,    // RFC 4568 §6.2.3
  kAes192CmHmacSha1_80,  // RFC 6188 §7.1
  kAes192CmHmacSha1_32,
  kAes256CmHmacSha1_80,
  kAes256CmHmacSha1_32,
  kAeadAes128Gcm,        // RFC 7714 §14.2
  kAeadAes256Gcm,
  kUnknown,              // syntactically valid, not one we know: kept, key length unchecked
};

// Name → suite (exact, case-sensitive as registered with IANA); kUnknown otherwise.
CryptoSuite crypto_suite_from_name(std::string_view name);
// Bytes of master key || master salt the suite needs; nullopt for kUnknown.
std::optional<size_t> key_salt_size(CryptoSuite suite);

// One key-param: inline:<key||salt base64>[|<lifetime>][|<MKI>:<MKI length>] (RFC 4568 §9.1).
struct KeyParam {
  std::string_view key_salt;          // base64 text, padding included as written
  std::string_view lifetime_text;     // "2^20", "1048576" or empty
  std::optional<uint64_t> lifetime;   // packets; RFC 4568 §6.1 bounds it by 2^48
  std::optional<uint64_t> mki_value;
  uint8_t mki_length = 0;             // bytes, 1..128; 0 = no MKI
};

struct Crypto {
  uint32_t tag = 0;                   // 1*9DIGIT
  std::string_view suite_name;
  CryptoSuite suite = CryptoSuite::kUnknown;
  std::array<KeyParam, kMaxKeyParams> key_param_storage{};
  size_t key_param_count = 0;
  std::string_view session_params;    // raw, e.g. "KDR=1 UNENCRYPTED_SRTCP"; may be empty

  [[nodiscard]] std::span<const KeyParam> key_params() const {
    return {key_param_storage.data(), key_param_count};
  }
};

// Parses the value of an a=crypto line.
Result<Crypto, Error> parse_crypto(std::string_view value);

// Decoded size of RFC 4648 §4 base64 text (padding optional); nullopt if it is not base64.
std::optional<size_t> base64_decoded_size(std::string_view text);
// Decodes RFC 4648 §4 base64 into `out`; returns the byte count, nullopt on bad text or small `out`.
std::optional<size_t> base64_decode(std::string_view text, std::span<uint8_t> out);

}  // namespace vg::sdp
