#include "media/srtp.h"

#include "media/srtp_crypto.h"

#include <sodium.h>
#include <srtp2/srtp.h>

#include <mutex>

namespace vg::media {

namespace {

std::once_flag g_init;
bool openssl_crypto_installed = false;

void init_libraries() {
  std::call_once(g_init, [] {
    if (srtp_init() == srtp_err_status_ok) openssl_crypto_installed = install_openssl_srtp_crypto();
    // Idempotent; < 0 only when no entropy source exists, and randombytes then aborts rather than
    // returning predictable bytes.
    if (sodium_init() < 0) return;
  });
}

// RFC 3711 §3.3.2: 64 is the minimum; a larger window tolerates reordering on long paths.
constexpr unsigned long kReplayWindow = 1024;

SrtpError map_error(srtp_err_status_t s) {
  switch (s) {
    case srtp_err_status_auth_fail: return SrtpError::kAuthFailed;
    case srtp_err_status_replay_fail:
    case srtp_err_status_replay_old: return SrtpError::kReplay;
    case srtp_err_status_bad_param: return SrtpError::kBadPacket;
    default: return SrtpError::kFailed;
  }
}

void set_policy(srtp_crypto_policy_t* p, SrtpSuite s) {
  switch (s) {
    case SrtpSuite::kAesCm128Sha1_80: srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(p); break;
    case SrtpSuite::kAesCm128Sha1_32: srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(p); break;
    case SrtpSuite::kAeadAes128Gcm: srtp_crypto_policy_set_aes_gcm_128_16_auth(p); break;
    case SrtpSuite::kAeadAes256Gcm: srtp_crypto_policy_set_aes_gcm_256_16_auth(p); break;
  }
}

}  // namespace

std::optional<SrtpSuite> srtp_suite_from(sdp::CryptoSuite s) {
  switch (s) {
    case sdp::CryptoSuite::kAesCm128HmacSha1_80: return SrtpSuite::kAesCm128Sha1_80;
    case sdp::CryptoSuite::kAesCm128HmacSha1_32: return SrtpSuite::kAesCm128Sha1_32;
    case sdp::CryptoSuite::kAeadAes128Gcm: return SrtpSuite::kAeadAes128Gcm;
    case sdp::CryptoSuite::kAeadAes256Gcm: return SrtpSuite::kAeadAes256Gcm;
    default: return std::nullopt;
  }
}

std::string_view suite_name(SrtpSuite s) {
  switch (s) {
    case SrtpSuite::kAesCm128Sha1_80: return "AES_CM_128_HMAC_SHA1_80";
    case SrtpSuite::kAesCm128Sha1_32: return "AES_CM_128_HMAC_SHA1_32";
    case SrtpSuite::kAeadAes128Gcm: return "AEAD_AES_128_GCM";
    case SrtpSuite::kAeadAes256Gcm: return "AEAD_AES_256_GCM";
  }
  return "";
}

size_t key_salt_length(SrtpSuite s) {
  switch (s) {
    case SrtpSuite::kAesCm128Sha1_80:
    case SrtpSuite::kAesCm128Sha1_32: return SRTP_AES_ICM_128_KEY_LEN_WSALT;  // 16 + 14
    case SrtpSuite::kAeadAes128Gcm: return SRTP_AES_GCM_128_KEY_LEN_WSALT;    // 16 + 12
    case SrtpSuite::kAeadAes256Gcm: return SRTP_AES_GCM_256_KEY_LEN_WSALT;    // 32 + 12
  }
  return 0;
}

SrtpKey::~SrtpKey() { sodium_memzero(bytes_.data(), bytes_.size()); }

SrtpKey SrtpKey::generate(SrtpSuite suite) {
  init_libraries();
  SrtpKey k;
  k.suite_ = suite;
  k.size_ = key_salt_length(suite);
  randombytes_buf(k.bytes_.data(), k.size_);
  return k;
}

std::optional<SrtpKey> SrtpKey::from_crypto(const sdp::Crypto& c) {
  auto suite = srtp_suite_from(c.suite);
  if (!suite || c.key_params().size() != 1) return std::nullopt;
  const auto& kp = c.key_params()[0];
  // No MKI (we create one key per stream) and no lifetime that would end inside a call.
  if (kp.mki_length != 0) return std::nullopt;
  if (kp.lifetime && *kp.lifetime < (uint64_t{1} << 31)) return std::nullopt;
  SrtpKey k;
  k.suite_ = *suite;
  auto n = sdp::base64_decode(kp.key_salt, k.bytes_);
  if (!n || *n != key_salt_length(*suite)) return std::nullopt;
  k.size_ = *n;
  return k;
}

std::string SrtpKey::inline_param() const {
  std::array<char, 80> b64{};
  sodium_bin2base64(b64.data(), b64.size(), bytes_.data(), size_, sodium_base64_VARIANT_ORIGINAL);
  std::string out = "inline:";
  out += b64.data();
  sodium_memzero(b64.data(), b64.size());
  return out;
}

bool srtp_crypto_is_openssl() {
  init_libraries();
  return openssl_crypto_installed;
}

std::string_view describe(SrtpError e) {
  switch (e) {
    case SrtpError::kAuthFailed: return "authentication failed";
    case SrtpError::kReplay: return "replayed packet";
    case SrtpError::kBadPacket: return "malformed packet";
    case SrtpError::kNoRoom: return "no room for the SRTP trailer";
    case SrtpError::kFailed: return "SRTP failure";
  }
  return "";
}

std::unique_ptr<SrtpContext> SrtpContext::create(const SrtpKey& key, Direction dir) {
  init_libraries();
  srtp_policy_t policy{};
  set_policy(&policy.rtp, key.suite());
  set_policy(&policy.rtcp, key.suite());
  policy.ssrc.type = dir == Direction::kInbound ? ssrc_any_inbound : ssrc_any_outbound;
  std::array<uint8_t, 46> copy{};
  std::copy(key.data(), key.data() + key.size(), copy.begin());
  policy.key = copy.data();
  policy.window_size = kReplayWindow;
  // Never encrypt two packets under the same index: a peer repeating a sequence number with other
  // content would otherwise make us reuse keystream (RFC 3711 §9.1).
  policy.allow_repeat_tx = 0;
  policy.next = nullptr;
  srtp_t session = nullptr;
  const auto st = srtp_create(&session, &policy);
  sodium_memzero(copy.data(), copy.size());
  if (st != srtp_err_status_ok) return nullptr;
  return std::unique_ptr<SrtpContext>(new SrtpContext(session));
}

SrtpContext::~SrtpContext() { srtp_dealloc(static_cast<srtp_t>(session_)); }

Result<size_t, SrtpError> SrtpContext::protect_rtp(uint8_t* data, size_t size, size_t capacity) {
  if (capacity < size + kMaxGrowth) return unexpected(SrtpError::kNoRoom);
  if (size < 12) return unexpected(SrtpError::kBadPacket);
  int len = static_cast<int>(size);
  const auto st = srtp_protect(static_cast<srtp_t>(session_), data, &len);
  if (st != srtp_err_status_ok) return unexpected(map_error(st));
  return static_cast<size_t>(len);
}

Result<size_t, SrtpError> SrtpContext::unprotect_rtp(uint8_t* data, size_t size) {
  if (size < 12) return unexpected(SrtpError::kBadPacket);
  int len = static_cast<int>(size);
  const auto st = srtp_unprotect(static_cast<srtp_t>(session_), data, &len);
  if (st != srtp_err_status_ok) return unexpected(map_error(st));
  return static_cast<size_t>(len);
}

Result<size_t, SrtpError> SrtpContext::protect_rtcp(uint8_t* data, size_t size, size_t capacity) {
  if (capacity < size + kMaxGrowth) return unexpected(SrtpError::kNoRoom);
  if (size < 8) return unexpected(SrtpError::kBadPacket);
  int len = static_cast<int>(size);
  const auto st = srtp_protect_rtcp(static_cast<srtp_t>(session_), data, &len);
  if (st != srtp_err_status_ok) return unexpected(map_error(st));
  return static_cast<size_t>(len);
}

Result<size_t, SrtpError> SrtpContext::unprotect_rtcp(uint8_t* data, size_t size) {
  if (size < 8) return unexpected(SrtpError::kBadPacket);
  int len = static_cast<int>(size);
  const auto st = srtp_unprotect_rtcp(static_cast<srtp_t>(session_), data, &len);
  if (st != srtp_err_status_ok) return unexpected(map_error(st));
  return static_cast<size_t>(len);
}

}  // namespace vg::media
