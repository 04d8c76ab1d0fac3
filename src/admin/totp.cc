#include "admin/totp.h"

#include <liboath/oath.h>

#include <cstdlib>
#include <memory>

namespace vg::admin {

namespace {

struct OathInit {
  OathInit() { oath_init(); }
};

void ensure_init() {
  static const OathInit once;  // oath_init is idempotent; this only avoids calling it per code
  (void)once;
}

Result<std::string, std::string> decode(std::string_view base32) {
  ensure_init();
  char* out = nullptr;
  size_t len = 0;
  std::string in(base32);
  if (oath_base32_decode(in.data(), in.size(), &out, &len) != OATH_OK) {
    return unexpected(std::string("TOTP secret is not valid base32"));
  }
  std::unique_ptr<char, decltype(&std::free)> owned(out, &std::free);
  return std::string(out, len);
}

int flags_of(TotpHash h) {
  switch (h) {
    case TotpHash::kSha256: return OATH_TOTP_HMAC_SHA256;
    case TotpHash::kSha512: return OATH_TOTP_HMAC_SHA512;
    case TotpHash::kSha1: break;
  }
  return 0;
}

std::string percent_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace

std::string new_totp_secret(Random& random) {
  ensure_init();
  unsigned char key[20];
  random.fill(key, sizeof key);
  char* out = nullptr;
  size_t len = 0;
  if (oath_base32_encode(reinterpret_cast<const char*>(key), sizeof key, &out, &len) != OATH_OK) return {};
  std::unique_ptr<char, decltype(&std::free)> owned(out, &std::free);
  std::string s(out, len);
  while (!s.empty() && s.back() == '=') s.pop_back();  // 20 bytes encode to 32 characters: no padding
  return s;
}

Result<std::string, std::string> totp_code_raw(std::string_view key, int64_t now, unsigned digits, TotpHash hash) {
  ensure_init();
  char out[16] = {};
  if (digits < 6 || digits > 8) return unexpected(std::string("TOTP codes have 6 to 8 digits"));
  if (oath_totp_generate2(key.data(), key.size(), static_cast<time_t>(now), kTotpStep, 0, digits, flags_of(hash),
                          out) != OATH_OK) {
    return unexpected(std::string("TOTP generation failed"));
  }
  return std::string(out);
}

Result<std::string, std::string> totp_code(std::string_view base32_secret, int64_t now, unsigned digits,
                                           TotpHash hash) {
  auto key = decode(base32_secret);
  if (!key) return unexpected(key.error());
  return totp_code_raw(*key, now, digits, hash);
}

std::optional<uint64_t> totp_verify(std::string_view base32_secret, std::string_view code, int64_t now,
                                    uint64_t last_step) {
  if (code.size() != kTotpDigits) return std::nullopt;
  for (char c : code) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  auto key = decode(base32_secret);
  if (!key) return std::nullopt;
  int position = 0;
  uint64_t step = 0;
  const std::string otp(code);
  const int rc = oath_totp_validate3(key->data(), key->size(), static_cast<time_t>(now), kTotpStep, 0, kTotpWindow,
                                     &position, &step, otp.c_str());
  if (rc < 0) return std::nullopt;
  if (step <= last_step) return std::nullopt;  // this code (or a later one) was used already
  return step;
}

std::string otpauth_uri(std::string_view issuer, std::string_view account, std::string_view base32_secret) {
  return "otpauth://totp/" + percent_encode(issuer) + ":" + percent_encode(account) +
         "?secret=" + std::string(base32_secret) + "&issuer=" + percent_encode(issuer) +
         "&algorithm=SHA1&digits=" + std::to_string(kTotpDigits) + "&period=" + std::to_string(kTotpStep);
}

}  // namespace vg::admin
