// Stateless server nonces (RFC 7616 §3.3, §5.4). A nonce carries its own issue time and a MAC
// bound to the realm, so any worker thread (or a restarted process holding the same secret)
// checks it without shared state. Layout, 32 bytes sent as 64 lower-case hex characters:
//   issued (8 bytes, big-endian Unix milliseconds) || random (8) || HMAC-SHA256(secret, label ||
//   issued || random || realm)[0..16]
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "auth/error.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"

namespace vg::auth {

namespace crypto {
class HmacKey;
}

using Secret = std::array<uint8_t, 32>;

// Wall-clock Unix time in milliseconds: the time unit of nonces and of the replay table.
inline int64_t unix_millis(const Clock& clock) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock.wall().time_since_epoch()).count();
}

// A fresh secret from a cryptographically secure Random (SystemRandom in production).
Secret generate_secret(Random& random);

inline constexpr size_t kNonceBytes = 32;
inline constexpr size_t kNonceChars = 2 * kNonceBytes;

// Identity of a nonce (its MAC-protected prefix); the key of the replay table.
struct NonceId {
  uint64_t issued = 0;  // Unix milliseconds, as carried in the nonce
  uint64_t random = 0;
  bool operator==(const NonceId&) const = default;
};

enum class NonceStatus : uint8_t {
  kValid,    // ours, for this realm, within its lifetime
  kStale,    // ours (MAC correct) but expired, or issued in the future after a clock step back
  kInvalid,  // malformed, forged, tampered, for another realm, or from a retired secret
};

struct NonceCheck {
  NonceStatus status = NonceStatus::kInvalid;
  NonceId id;              // set when the MAC is correct
  int64_t issued_ms = 0;   // Unix milliseconds; set when the MAC is correct
};

// Immutable once created: safe to share between threads. Copies are cheap (keys are shared).
// Rotation builds a new manager (rotated()) and the owner swaps it in whole.
class NonceManager {
 public:
  static Result<NonceManager, AuthError> create(const Secret& current, std::chrono::seconds lifetime);
  // Also accepts nonces MACed with previous (rotation: nonces issued just before it stay usable).
  static Result<NonceManager, AuthError> create(const Secret& current, const Secret& previous,
                                                std::chrono::seconds lifetime);

  // A manager issuing with next and still accepting this manager's current secret. The previous
  // secret of this manager is retired: rotate at most once per lifetime to keep nonces valid.
  [[nodiscard]] Result<NonceManager, AuthError> rotated(const Secret& next) const;

  // Fails only if OpenSSL fails (kCryptoUnavailable).
  [[nodiscard]] Result<std::string, AuthError> issue(std::string_view realm, const Clock& clock, Random& random) const;
  // Valid iff 0 <= now - issued < lifetime. MACs are compared in constant time.
  [[nodiscard]] NonceCheck verify(std::string_view nonce, std::string_view realm, const Clock& clock) const;

  [[nodiscard]] std::chrono::seconds lifetime() const { return lifetime_; }

 private:
  NonceManager(std::shared_ptr<const crypto::HmacKey> current, std::shared_ptr<const crypto::HmacKey> previous,
               std::chrono::seconds lifetime)
      : current_(std::move(current)), previous_(std::move(previous)), lifetime_(lifetime) {}

  std::shared_ptr<const crypto::HmacKey> current_;
  std::shared_ptr<const crypto::HmacKey> previous_;  // may be null
  std::chrono::seconds lifetime_;
};

}  // namespace vg::auth
