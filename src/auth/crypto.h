// Thin RAII wrappers over OpenSSL for the auth module: digests fetched once, hashing of
// colon-joined fields to lower-case hex, a keyed HMAC-SHA256, hex and constant-time helpers.
// Internal to vg::auth (no hash or MAC is written by hand here).
#pragma once

#include <openssl/types.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <string_view>

#include "auth/algorithm.h"
#include "auth/error.h"
#include "core/result.h"

namespace vg::auth::crypto {

inline constexpr size_t kMaxDigestSize = 32;  // SHA-256
inline constexpr size_t kMacSize = 32;        // HMAC-SHA256

// Lower-case hex of a digest, held inline (no allocation on the verification path).
struct HexDigest {
  std::array<char, 2 * kMaxDigestSize> data{};
  size_t size = 0;
  [[nodiscard]] std::string_view view() const { return {data.data(), size}; }
};

// MD5 and SHA-256 fetched once (OpenSSL 3 explicit fetch: no implicit lookup, and its lock, per
// hash). Immutable after fetch(); copies share the same objects; safe to use from every thread.
class Digests {
 public:
  static Result<Digests, AuthError> fetch();
  [[nodiscard]] const EVP_MD* get(Algorithm a) const { return a == Algorithm::kSha256 ? sha256_.get() : md5_.get(); }

 private:
  Digests() = default;
  std::shared_ptr<EVP_MD> md5_, sha256_;
};

// A digest context reused for several hashes by one thread.
class Hasher {
 public:
  Hasher();
  [[nodiscard]] bool ok() const { return ctx_ != nullptr; }
  // H(p0 ":" p1 ":" ...) as lower-case hex: the shape of every digest input (RFC 7616 §3.4.1-3).
  [[nodiscard]] bool hash_joined(const EVP_MD* md, std::initializer_list<std::string_view> parts, HexDigest& out);

 private:
  struct Free {
    void operator()(EVP_MD_CTX* c) const;
  };
  std::unique_ptr<EVP_MD_CTX, Free> ctx_;
};

// An HMAC-SHA256 key: the keyed context is prepared once, duplicated for each MAC (so concurrent
// use from several threads only reads it). The raw key is not kept outside OpenSSL.
class HmacKey {
 public:
  static Result<std::shared_ptr<const HmacKey>, AuthError> create(std::span<const uint8_t> key);
  HmacKey(const HmacKey&) = delete;
  HmacKey& operator=(const HmacKey&) = delete;
  ~HmacKey();

  // MAC over the concatenation of parts.
  [[nodiscard]] bool mac(std::initializer_list<std::span<const uint8_t>> parts,
                         std::array<uint8_t, kMacSize>& out) const;

 private:
  explicit HmacKey(EVP_MAC_CTX* ctx) : ctx_(ctx) {}
  EVP_MAC_CTX* ctx_;
};

// Lower-case hex of in, written to out (2 * in.size() chars).
void to_hex(std::span<const uint8_t> in, char* out);
// Strict decoding: exactly 2 * out.size() lower-case hex characters (one canonical form per value).
[[nodiscard]] bool from_hex_lower(std::string_view in, std::span<uint8_t> out);
// Equal-size comparison whose time does not depend on where the inputs differ (CRYPTO_memcmp).
// Sizes are not secret; different sizes compare unequal at once.
[[nodiscard]] bool constant_time_equal(std::string_view a, std::string_view b);
[[nodiscard]] bool constant_time_equal(std::span<const uint8_t> a, std::span<const uint8_t> b);
// Overwrites memory that held secret material (not elided by the optimiser).
void cleanse(void* p, size_t n);

}  // namespace vg::auth::crypto
