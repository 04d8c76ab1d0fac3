#include "admin/recovery_codes.h"

#include <sodium.h>

namespace vg::admin {

namespace {

// Crockford-style alphabet without I, L, O, U: no letter reads as a digit.
constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

std::string normalize(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c == '-' || c == ' ') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    out.push_back(c);
  }
  return out;
}

std::string to_hex(const unsigned char* data, size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, size);
  out.pop_back();
  return out;
}

std::string digest(std::string_view salt_hex, std::string_view code) {
  const std::string input = std::string(salt_hex) + normalize(code);
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(input.data()), input.size());
  return to_hex(h, sizeof h);
}

}  // namespace

std::vector<std::string> new_recovery_codes(Random& random, size_t count) {
  std::vector<std::string> codes;
  for (size_t i = 0; i < count; ++i) {
    std::string c;
    for (size_t j = 0; j < 16; ++j) {
      if (j > 0 && j % 4 == 0) c.push_back('-');
      c.push_back(kAlphabet[random.uniform(kAlphabet.size())]);
    }
    codes.push_back(std::move(c));
  }
  return codes;
}

HashedCode hash_recovery_code(std::string_view code, Random& random) {
  unsigned char salt[16];
  random.fill(salt, sizeof salt);
  HashedCode out;
  out.salt = to_hex(salt, sizeof salt);
  out.hash = digest(out.salt, code);
  return out;
}

bool recovery_code_matches(const HashedCode& stored, std::string_view code) {
  const std::string h = digest(stored.salt, code);
  return h.size() == stored.hash.size() && sodium_memcmp(h.data(), stored.hash.data(), h.size()) == 0;
}

}  // namespace vg::admin
