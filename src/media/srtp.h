// SRTP (RFC 3711) for the relay through libsrtp2: the SDES suites voipguard negotiates (RFC 4568
// §6.2, RFC 7714 §14.2), key generation from libsodium's CSPRNG, and one RAII context per leg and
// direction that protects or unprotects RTP and RTCP in place. libsrtp keeps the replay window
// (RFC 3711 §3.3.2) and the rollover counter (§3.3.1) per SSRC. Key bytes are wiped on destruction
// and never leave this file except as the base64 text of an a=crypto line.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "sdp/crypto.h"

namespace vg::media {

enum class SrtpSuite : uint8_t { kAesCm128Sha1_80, kAesCm128Sha1_32, kAeadAes128Gcm, kAeadAes256Gcm };

// The suite for an a=crypto suite, if voipguard supports it.
std::optional<SrtpSuite> srtp_suite_from(sdp::CryptoSuite s);
std::string_view suite_name(SrtpSuite s);   // the RFC 4568 / RFC 7714 registered name
size_t key_salt_length(SrtpSuite s);        // master key || master salt bytes (30, 30, 28, 44)

class SrtpKey {
 public:
  SrtpKey() = default;
  ~SrtpKey();
  SrtpKey(const SrtpKey& o) = default;
  SrtpKey& operator=(const SrtpKey& o) = default;

  // A fresh random key for `suite` (libsodium randombytes_buf).
  static SrtpKey generate(SrtpSuite suite);
  // From an a=crypto line's first key-param: the suite must be supported, the key decode to the
  // suite's length, and no MKI or lifetime shorter than a call (we do not rekey).
  static std::optional<SrtpKey> from_crypto(const sdp::Crypto& c);

  [[nodiscard]] SrtpSuite suite() const { return suite_; }
  [[nodiscard]] const uint8_t* data() const { return bytes_.data(); }
  [[nodiscard]] size_t size() const { return size_; }
  // "inline:<base64 key||salt>" for an a=crypto line.
  [[nodiscard]] std::string inline_param() const;

 private:
  SrtpSuite suite_ = SrtpSuite::kAesCm128Sha1_80;
  std::array<uint8_t, 46> bytes_{};
  size_t size_ = 0;
};

enum class SrtpError : uint8_t {
  kAuthFailed,  // tag did not verify (tampered, wrong key, or plain RTP sent to an SRTP leg)
  kReplay,      // index already seen or too old for the window (RFC 3711 §3.3.2)
  kBadPacket,   // too short, not RTP/RTCP
  kNoRoom,      // the buffer lacks room for the trailer
  kFailed,      // anything else libsrtp reports
};
std::string_view describe(SrtpError e);

// True when libsrtp2 runs AES-ICM and HMAC-SHA1 on OpenSSL (srtp_crypto.h), false when it kept
// its own (NSS on Debian) because a replacement failed its known-answer test.
bool srtp_crypto_is_openssl();

// One direction of one leg. inbound: unprotects what the endpoint sends (its key); outbound:
// protects what we send to it (our key). Not thread-safe: used by the session that owns it.
class SrtpContext {
 public:
  enum class Direction : uint8_t { kInbound, kOutbound };
  static std::unique_ptr<SrtpContext> create(const SrtpKey& key, Direction dir);
  ~SrtpContext();
  SrtpContext(const SrtpContext&) = delete;
  SrtpContext& operator=(const SrtpContext&) = delete;

  // In place; return the new length. protect_* need `capacity` >= size + kMaxGrowth.
  Result<size_t, SrtpError> protect_rtp(uint8_t* data, size_t size, size_t capacity);
  Result<size_t, SrtpError> unprotect_rtp(uint8_t* data, size_t size);
  Result<size_t, SrtpError> protect_rtcp(uint8_t* data, size_t size, size_t capacity);
  Result<size_t, SrtpError> unprotect_rtcp(uint8_t* data, size_t size);

  static constexpr size_t kMaxGrowth = 148;  // SRTP_MAX_TRAILER_LEN + SRTCP index

 private:
  explicit SrtpContext(void* session) : session_(session) {}
  void* session_;  // srtp_t
};

}  // namespace vg::media
