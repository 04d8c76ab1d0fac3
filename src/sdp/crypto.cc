#include "sdp/crypto.h"

#include "sdp/scan.h"

namespace vg::sdp {
namespace {

// RFC 4568 §6.1: SRTP lifetimes never exceed 2^48 packets.
constexpr unsigned kMaxLifetimeExponent = 48;
constexpr uint64_t kMaxLifetime = uint64_t{1} << kMaxLifetimeExponent;
// RFC 4568 §9.1: mki-length = 1*3DIGIT, range 1..128.
constexpr uint8_t kMaxMkiLength = 128;

struct SuiteInfo {
  std::string_view name;
  CryptoSuite suite;
  size_t key_salt_size;  // master key + master salt, bytes
};

constexpr std::array<SuiteInfo, 9> kSuites{{
    {"AES_CM_128_HMAC_SHA1_80", CryptoSuite::kAesCm128HmacSha1_80, 30},
    {"AES_CM_128_HMAC_SHA1_32", CryptoSuite::kAesCm128HmacSha1_32, 30},
    {"F8_128_HMAC_SHA1_80", CryptoSuite::kF8_128HmacSha1_80, 30},
    {"AES_192_CM_HMAC_SHA1_80", CryptoSuite::kAes192CmHmacSha1_80, 38},
    {"AES_192_CM_HMAC_SHA1_32", CryptoSuite::kAes192CmHmacSha1_32, 38},
    {"AES_256_CM_HMAC_SHA1_80", CryptoSuite::kAes256CmHmacSha1_80, 46},
    {"AES_256_CM_HMAC_SHA1_32", CryptoSuite::kAes256CmHmacSha1_32, 46},
    {"AEAD_AES_128_GCM", CryptoSuite::kAeadAes128Gcm, 28},
    {"AEAD_AES_256_GCM", CryptoSuite::kAeadAes256Gcm, 44},
}};

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Strips up to two '=' and checks the rest is base64 of a possible length.
std::optional<std::string_view> base64_body(std::string_view text) {
  std::string_view body = text;
  size_t padding = 0;
  while (!body.empty() && body.back() == '=' && padding < 2) {
    body.remove_suffix(1);
    ++padding;
  }
  if (body.empty() || body.size() % 4 == 1) return std::nullopt;
  if (padding > 0 && text.size() % 4 != 0) return std::nullopt;  // padded text comes in quads
  for (char c : body) {
    if (base64_value(c) < 0) return std::nullopt;
  }
  return body;
}

// lifetime = ["2^"] 1*(DIGIT)
bool parse_lifetime(std::string_view text, KeyParam& kp) {
  kp.lifetime_text = text;
  if (scan::istarts_with(text, "2^")) {
    const auto exp = scan::parse_uint<unsigned>(text.substr(2), kMaxLifetimeExponent, 2);
    if (!exp) return false;
    kp.lifetime = uint64_t{1} << *exp;
    return true;
  }
  const auto v = scan::parse_uint<uint64_t>(text, kMaxLifetime, 15);
  if (!v || *v == 0) return false;
  kp.lifetime = *v;
  return true;
}

// mki = mki-value ":" mki-length
bool parse_mki(std::string_view text, KeyParam& kp) {
  std::string_view rest = text;
  const auto value = scan::parse_uint<uint64_t>(scan::next_field(rest, ':'), UINT64_MAX, 20);
  const auto length = scan::parse_uint<uint8_t>(rest, kMaxMkiLength, 3);
  if (!value || !length || *length == 0) return false;
  // The value has to fit in mki-length bytes.
  if (*length < 8 && *value >= (uint64_t{1} << (8u * *length))) return false;
  kp.mki_value = *value;
  kp.mki_length = *length;
  return true;
}

// key-param = "inline:" key-salt ["|" lifetime] ["|" mki]
bool parse_key_param(std::string_view text, CryptoSuite suite, KeyParam& kp) {
  const size_t colon = text.find(':');
  // "inline" is the only key method defined for SRTP (RFC 4568 §6.1).
  if (colon == std::string_view::npos || !scan::iequals(text.substr(0, colon), "inline")) return false;
  scan::Splitter fields(text.substr(colon + 1), '|');
  kp.key_salt = fields.next();
  const auto decoded = base64_decoded_size(kp.key_salt);
  if (!decoded) return false;
  if (const auto need = key_salt_size(suite); need && *need != *decoded) return false;
  if (fields.done()) return true;
  // The optional fields are told apart by shape: an MKI contains ':', a lifetime does not.
  std::string_view field = fields.next();
  if (field.find(':') == std::string_view::npos) {
    if (!parse_lifetime(field, kp)) return false;
    if (fields.done()) return true;
    field = fields.next();
  }
  if (!parse_mki(field, kp)) return false;
  return fields.done();  // nothing may follow the MKI
}

}  // namespace

CryptoSuite crypto_suite_from_name(std::string_view name) {
  for (const auto& s : kSuites) {
    if (s.name == name) return s.suite;
  }
  return CryptoSuite::kUnknown;
}

std::optional<size_t> key_salt_size(CryptoSuite suite) {
  for (const auto& s : kSuites) {
    if (s.suite == suite) return s.key_salt_size;
  }
  return std::nullopt;
}

std::optional<size_t> base64_decoded_size(std::string_view text) {
  const auto body = base64_body(text);
  if (!body) return std::nullopt;
  return body->size() / 4 * 3 + (body->size() % 4 == 0 ? 0 : body->size() % 4 - 1);
}

std::optional<size_t> base64_decode(std::string_view text, std::span<uint8_t> out) {
  const auto body = base64_body(text);
  if (!body) return std::nullopt;
  const auto size = base64_decoded_size(text);
  if (!size || *size > out.size()) return std::nullopt;
  uint32_t acc = 0;
  int bits = 0;
  size_t n = 0;
  for (char c : *body) {
    acc = (acc << 6) | static_cast<uint32_t>(base64_value(c));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = static_cast<uint8_t>((acc >> bits) & 0xff);
    }
  }
  return n;
}

Result<Crypto, Error> parse_crypto(std::string_view value) {
  constexpr auto bad = unexpected(Error::kBadCrypto);
  // crypto-attribute = tag 1*WSP crypto-suite 1*WSP key-params *(1*WSP session-param)
  std::string_view rest = scan::trim_trailing_ws(value);
  Crypto c;
  const auto tag = scan::parse_uint<uint32_t>(scan::next_word(rest), 999999999, 9);
  if (!tag) return bad;
  c.tag = *tag;
  c.suite_name = scan::next_word(rest);
  // crypto-suite = 1*(ALPHA / DIGIT / "_")
  if (c.suite_name.empty() ||
      !scan::all_of(c.suite_name, [](char ch) { return scan::is_alpha(ch) || scan::is_digit(ch) || ch == '_'; })) {
    return bad;
  }
  c.suite = crypto_suite_from_name(c.suite_name);
  // key-params = key-param *(";" key-param)
  scan::Splitter key_params(scan::next_word(rest), ';');
  while (!key_params.done()) {
    if (c.key_param_count == kMaxKeyParams) return bad;
    if (!parse_key_param(key_params.next(), c.suite, c.key_param_storage[c.key_param_count])) return bad;
    ++c.key_param_count;
  }
  // RFC 4568 §6.1: with more than one key every key carries an MKI, all of the same length.
  if (c.key_param_count > 1) {
    for (const KeyParam& kp : c.key_params()) {
      if (kp.mki_length == 0 || kp.mki_length != c.key_param_storage[0].mki_length) return bad;
    }
  }
  // session-param = 1*(VCHAR), separated by white space.
  c.session_params = rest;
  for (std::string_view params = rest; !params.empty();) {
    if (!scan::all_of(scan::next_word(params), scan::is_vchar)) return bad;
  }
  return c;
}

}  // namespace vg::sdp
