#include "auth/nonce.h"

#include <algorithm>
#include <span>

#include "auth/crypto.h"

namespace vg::auth {

namespace {

constexpr size_t kPrefixBytes = 16;  // issued || random
constexpr size_t kMacBytes = kNonceBytes - kPrefixBytes;
// Domain separation: the secret is only ever used for this MAC, but a label costs nothing. The
// label and the prefix have fixed sizes, so the realm that follows is unambiguous.
constexpr std::string_view kLabel = "voipguard digest nonce v1";

std::span<const uint8_t> bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

void put_u64(uint8_t* p, uint64_t v) {
  for (int i = 7; i >= 0; --i) {
    p[i] = static_cast<uint8_t>(v & 0xff);
    v >>= 8;
  }
}

uint64_t get_u64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = v << 8 | p[i];
  return v;
}

bool mac_matches(const crypto::HmacKey& key, std::span<const uint8_t> prefix, std::string_view realm,
                 std::span<const uint8_t> mac) {
  std::array<uint8_t, crypto::kMacSize> full{};
  if (!key.mac({bytes(kLabel), prefix, bytes(realm)}, full)) return false;
  return crypto::constant_time_equal(std::span<const uint8_t>(full.data(), kMacBytes), mac);
}

Result<std::shared_ptr<const crypto::HmacKey>, AuthError> make_key(const Secret& secret) {
  return crypto::HmacKey::create(std::span<const uint8_t>(secret.data(), secret.size()));
}

}  // namespace

Secret generate_secret(Random& random) {
  Secret s{};
  random.fill(s.data(), s.size());
  return s;
}

Result<NonceManager, AuthError> NonceManager::create(const Secret& current, std::chrono::seconds lifetime) {
  if (lifetime.count() <= 0) return unexpected(AuthError::kBadOption);
  auto key = make_key(current);
  if (!key) return unexpected(key.error());
  return NonceManager(std::move(*key), nullptr, lifetime);
}

Result<NonceManager, AuthError> NonceManager::create(const Secret& current, const Secret& previous,
                                                     std::chrono::seconds lifetime) {
  if (lifetime.count() <= 0) return unexpected(AuthError::kBadOption);
  auto key = make_key(current);
  if (!key) return unexpected(key.error());
  auto old = make_key(previous);
  if (!old) return unexpected(old.error());
  return NonceManager(std::move(*key), std::move(*old), lifetime);
}

Result<NonceManager, AuthError> NonceManager::rotated(const Secret& next) const {
  auto key = make_key(next);
  if (!key) return unexpected(key.error());
  return NonceManager(std::move(*key), current_, lifetime_);
}

Result<std::string, AuthError> NonceManager::issue(std::string_view realm, const Clock& clock, Random& random) const {
  std::array<uint8_t, kNonceBytes> raw{};
  put_u64(raw.data(), static_cast<uint64_t>(unix_millis(clock)));
  random.fill(raw.data() + 8, 8);
  std::array<uint8_t, crypto::kMacSize> mac{};
  if (!current_->mac({bytes(kLabel), std::span<const uint8_t>(raw.data(), kPrefixBytes), bytes(realm)}, mac)) {
    return unexpected(AuthError::kCryptoUnavailable);
  }
  std::copy_n(mac.begin(), kMacBytes, raw.begin() + kPrefixBytes);
  std::string out(kNonceChars, '\0');
  crypto::to_hex(raw, out.data());
  return out;
}

NonceCheck NonceManager::verify(std::string_view nonce, std::string_view realm, const Clock& clock) const {
  NonceCheck check;
  std::array<uint8_t, kNonceBytes> raw{};
  // Strict lower-case hex: one spelling per nonce, so the replay table cannot be sidestepped by
  // re-spelling a nonce in upper case.
  if (!crypto::from_hex_lower(nonce, raw)) return check;
  std::span<const uint8_t> prefix(raw.data(), kPrefixBytes);
  std::span<const uint8_t> mac(raw.data() + kPrefixBytes, kMacBytes);
  bool ok = mac_matches(*current_, prefix, realm, mac);
  if (!ok && previous_) ok = mac_matches(*previous_, prefix, realm, mac);
  if (!ok) return check;
  check.id = NonceId{get_u64(raw.data()), get_u64(raw.data() + 8)};
  check.issued_ms = static_cast<int64_t>(check.id.issued);
  // The age is taken in unsigned arithmetic: exact for issued_ms <= now, whatever the values.
  const int64_t now = unix_millis(clock);
  const auto lifetime_ms = static_cast<uint64_t>(std::chrono::milliseconds(lifetime_).count());
  const bool fresh = check.issued_ms <= now &&
                     static_cast<uint64_t>(now) - static_cast<uint64_t>(check.issued_ms) < lifetime_ms;
  check.status = fresh ? NonceStatus::kValid : NonceStatus::kStale;
  return check;
}

}  // namespace vg::auth
