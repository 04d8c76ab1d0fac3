#include "auth/crypto.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

namespace vg::auth::crypto {

namespace {

std::shared_ptr<EVP_MD> fetch_md(const char* name) {
  EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
  if (md == nullptr) return nullptr;
  return std::shared_ptr<EVP_MD>(md, EVP_MD_free);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

Result<Digests, AuthError> Digests::fetch() {
  Digests d;
  d.md5_ = fetch_md("MD5");
  d.sha256_ = fetch_md("SHA2-256");
  if (!d.md5_ || !d.sha256_) return unexpected(AuthError::kCryptoUnavailable);
  return d;
}

void Hasher::Free::operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }

Hasher::Hasher() : ctx_(EVP_MD_CTX_new()) {}

bool Hasher::hash_joined(const EVP_MD* md, std::initializer_list<std::string_view> parts, HexDigest& out) {
  out.size = 0;
  if (!ctx_ || md == nullptr) return false;
  if (EVP_DigestInit_ex2(ctx_.get(), md, nullptr) != 1) return false;
  bool first = true;
  for (std::string_view p : parts) {
    if (!first && EVP_DigestUpdate(ctx_.get(), ":", 1) != 1) return false;
    first = false;
    if (!p.empty() && EVP_DigestUpdate(ctx_.get(), p.data(), p.size()) != 1) return false;
  }
  std::array<uint8_t, EVP_MAX_MD_SIZE> raw{};
  unsigned int n = 0;
  if (EVP_DigestFinal_ex(ctx_.get(), raw.data(), &n) != 1 || n > kMaxDigestSize) return false;
  to_hex(std::span<const uint8_t>(raw.data(), n), out.data.data());
  out.size = 2 * static_cast<size_t>(n);
  return true;
}

Result<std::shared_ptr<const HmacKey>, AuthError> HmacKey::create(std::span<const uint8_t> key) {
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (mac == nullptr) return unexpected(AuthError::kCryptoUnavailable);
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(mac);
  EVP_MAC_free(mac);  // the context holds its own reference
  if (ctx == nullptr) return unexpected(AuthError::kCryptoUnavailable);
  char digest[] = "SHA2-256";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0), OSSL_PARAM_construct_end()};
  if (EVP_MAC_init(ctx, key.data(), key.size(), params) != 1) {
    EVP_MAC_CTX_free(ctx);
    return unexpected(AuthError::kCryptoUnavailable);
  }
  return std::shared_ptr<const HmacKey>(new HmacKey(ctx));
}

HmacKey::~HmacKey() { EVP_MAC_CTX_free(ctx_); }

bool HmacKey::mac(std::initializer_list<std::span<const uint8_t>> parts, std::array<uint8_t, kMacSize>& out) const {
  std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> c(EVP_MAC_CTX_dup(ctx_), EVP_MAC_CTX_free);
  if (!c) return false;
  for (auto p : parts) {
    if (!p.empty() && EVP_MAC_update(c.get(), p.data(), p.size()) != 1) return false;
  }
  size_t n = 0;
  return EVP_MAC_final(c.get(), out.data(), &n, out.size()) == 1 && n == out.size();
}

void to_hex(std::span<const uint8_t> in, char* out) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (uint8_t b : in) {
    *out++ = kDigits[b >> 4];
    *out++ = kDigits[b & 15];
  }
}

bool from_hex_lower(std::string_view in, std::span<uint8_t> out) {
  if (in.size() != 2 * out.size()) return false;
  for (size_t i = 0; i < out.size(); ++i) {
    int hi = hex_value(in[2 * i]), lo = hex_value(in[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return true;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool constant_time_equal(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

void cleanse(void* p, size_t n) { OPENSSL_cleanse(p, n); }

}  // namespace vg::auth::crypto
