// OpenSSL implementations of the primitives of the SRTP suites voipguard offers — AES in counter
// mode (RFC 3711 §4.1.1, "AES-ICM"), HMAC-SHA1 (§4.2.1) and AES-GCM (RFC 7714) — installed into
// libsrtp2 through its public replacement API (srtp_replace_cipher_type / srtp_replace_auth_type).
//
// Why: Debian's libsrtp2 is built against NSS, and every packet then goes through NSS's PK11 layer
// (context look-ups and a digest context per HMAC); that made decrypt + re-encrypt cost several
// times what the AES-NI and SHA extensions of the CPU need. libsrtp2 keeps doing the protocol —
// key derivation, packet index and rollover counter, replay window, tag placement — and only the
// ciphers and the MAC run here. libsrtp2 runs its own known-answer tests on a replacement
// before accepting it (the test vectors it exports are reused below), so a wrong implementation
// refuses to load instead of producing bad packets.
#include "media/srtp_crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <srtp2/auth.h>
#include <srtp2/cipher.h>

#include <array>
#include <cstring>
#include <new>

extern "C" {
// Known-answer vectors that libsrtp2 exports (its own self-tests use them).
extern const srtp_cipher_test_case_t srtp_aes_icm_128_test_case_0;
extern const srtp_cipher_test_case_t srtp_aes_icm_192_test_case_0;
extern const srtp_cipher_test_case_t srtp_aes_icm_256_test_case_0;
extern const srtp_cipher_test_case_t srtp_aes_gcm_128_test_case_0;
extern const srtp_cipher_test_case_t srtp_aes_gcm_256_test_case_0;
extern const srtp_auth_test_case_t srtp_hmac_test_case_0;
}

namespace vg::media {

namespace {

constexpr int kSaltLen = 14;  // RFC 3711 §4.1.1: 112-bit session salt

// ---------------------------------------------------------------- AES-ICM ----

struct IcmState {
  EVP_CIPHER_CTX* ctx = nullptr;
  // Salt || 0x0000: XORed with libsrtp's per-packet IV to form the initial counter block. The low
  // 16 bits start at zero, so EVP's 128-bit big-endian increment equals ICM's 16-bit block counter
  // for any packet shorter than 2^16 blocks (1 MiB).
  std::array<uint8_t, 16> offset{};
  int key_len = 0;  // AES key + salt, as allocated
};

// libsrtp2's cipher object followed by our state, allocated together (libsrtp2 frees it through
// the type's dealloc).
template <class State>
struct CipherOf {
  srtp_cipher_t base;
  State state;
};

template <class State>
srtp_err_status_t cipher_dealloc(srtp_cipher_pointer_t c) {
  if (c == nullptr) return srtp_err_status_bad_param;
  auto* cipher = reinterpret_cast<CipherOf<State>*>(c);
  EVP_CIPHER_CTX_free(cipher->state.ctx);  // clears the key schedule
  OPENSSL_cleanse(&cipher->state, sizeof cipher->state);  // and the salt we kept
  delete cipher;
  return srtp_err_status_ok;
}

// A new cipher object with its own EVP context; the caller fills in the rest of its state.
template <class State>
srtp_err_status_t cipher_alloc(const srtp_cipher_type_t* type, srtp_cipher_pointer_t* c, int key_len,
                               int algorithm, State** state) {
  auto* cipher = new (std::nothrow) CipherOf<State>{};
  if (cipher == nullptr) return srtp_err_status_alloc_fail;
  cipher->state.ctx = EVP_CIPHER_CTX_new();
  if (cipher->state.ctx == nullptr) {
    delete cipher;
    return srtp_err_status_alloc_fail;
  }
  cipher->state.key_len = key_len;
  cipher->base.type = type;
  cipher->base.state = &cipher->state;
  cipher->base.key_len = key_len;
  cipher->base.algorithm = algorithm;
  *c = &cipher->base;
  *state = &cipher->state;
  return srtp_err_status_ok;
}

const EVP_CIPHER* ctr_cipher(int key_len) {
  switch (key_len) {
    case SRTP_AES_ICM_128_KEY_LEN_WSALT: return EVP_aes_128_ctr();
    case SRTP_AES_ICM_192_KEY_LEN_WSALT: return EVP_aes_192_ctr();
    case SRTP_AES_ICM_256_KEY_LEN_WSALT: return EVP_aes_256_ctr();
    default: return nullptr;
  }
}

int icm_algorithm(int key_len) {
  switch (key_len) {
    case SRTP_AES_ICM_192_KEY_LEN_WSALT: return SRTP_AES_ICM_192;
    case SRTP_AES_ICM_256_KEY_LEN_WSALT: return SRTP_AES_ICM_256;
    default: return SRTP_AES_ICM_128;
  }
}

srtp_err_status_t icm_alloc_for(const srtp_cipher_type_t* type, srtp_cipher_pointer_t* c,
                                int key_len) {
  if (ctr_cipher(key_len) == nullptr) return srtp_err_status_bad_param;
  IcmState* state = nullptr;
  return cipher_alloc(type, c, key_len, icm_algorithm(key_len), &state);
}

srtp_err_status_t icm_init(void* state, const uint8_t* key) {
  auto* s = static_cast<IcmState*>(state);
  const int key_len = s->key_len;
  const int aes_len = key_len - kSaltLen;
  s->offset.fill(0);
  std::memcpy(s->offset.data(), key + aes_len, kSaltLen);
  if (EVP_EncryptInit_ex(s->ctx, ctr_cipher(key_len), nullptr, key, nullptr) != 1)
    return srtp_err_status_init_fail;
  return srtp_err_status_ok;
}

srtp_err_status_t icm_set_iv(void* state, uint8_t* iv, srtp_cipher_direction_t) {
  auto* s = static_cast<IcmState*>(state);
  std::array<uint8_t, 16> counter;
  for (size_t i = 0; i < counter.size(); ++i) counter[i] = static_cast<uint8_t>(s->offset[i] ^ iv[i]);
  if (EVP_EncryptInit_ex(s->ctx, nullptr, nullptr, nullptr, counter.data()) != 1)
    return srtp_err_status_cipher_fail;
  return srtp_err_status_ok;
}

// Counter mode: encryption and decryption are the same keystream XOR.
srtp_err_status_t icm_crypt(void* state, uint8_t* buf, unsigned int* len) {
  auto* s = static_cast<IcmState*>(state);
  int out = 0;
  if (*len > static_cast<unsigned>(INT32_MAX) ||
      EVP_EncryptUpdate(s->ctx, buf, &out, buf, static_cast<int>(*len)) != 1)
    return srtp_err_status_cipher_fail;
  return srtp_err_status_ok;
}

srtp_err_status_t icm128_alloc(srtp_cipher_pointer_t* c, int key_len, int);
srtp_err_status_t icm192_alloc(srtp_cipher_pointer_t* c, int key_len, int);
srtp_err_status_t icm256_alloc(srtp_cipher_pointer_t* c, int key_len, int);

const srtp_cipher_type_t kIcm128 = {icm128_alloc, cipher_dealloc<IcmState>, icm_init, nullptr, icm_crypt,
                                    icm_crypt, icm_set_iv, nullptr, "AES-128 counter mode (OpenSSL)",
                                    &srtp_aes_icm_128_test_case_0, SRTP_AES_ICM_128};
const srtp_cipher_type_t kIcm192 = {icm192_alloc, cipher_dealloc<IcmState>, icm_init, nullptr, icm_crypt,
                                    icm_crypt, icm_set_iv, nullptr, "AES-192 counter mode (OpenSSL)",
                                    &srtp_aes_icm_192_test_case_0, SRTP_AES_ICM_192};
const srtp_cipher_type_t kIcm256 = {icm256_alloc, cipher_dealloc<IcmState>, icm_init, nullptr, icm_crypt,
                                    icm_crypt, icm_set_iv, nullptr, "AES-256 counter mode (OpenSSL)",
                                    &srtp_aes_icm_256_test_case_0, SRTP_AES_ICM_256};

// libsrtp2 allocates every ICM type with the key length the policy asks for; each type accepts
// only its own length so a 128-bit type never silently runs with a 256-bit key.
srtp_err_status_t icm128_alloc(srtp_cipher_pointer_t* c, int key_len, int) {
  if (key_len != SRTP_AES_ICM_128_KEY_LEN_WSALT) return srtp_err_status_bad_param;
  return icm_alloc_for(&kIcm128, c, key_len);
}
srtp_err_status_t icm192_alloc(srtp_cipher_pointer_t* c, int key_len, int) {
  if (key_len != SRTP_AES_ICM_192_KEY_LEN_WSALT) return srtp_err_status_bad_param;
  return icm_alloc_for(&kIcm192, c, key_len);
}
srtp_err_status_t icm256_alloc(srtp_cipher_pointer_t* c, int key_len, int) {
  if (key_len != SRTP_AES_ICM_256_KEY_LEN_WSALT) return srtp_err_status_bad_param;
  return icm_alloc_for(&kIcm256, c, key_len);
}

// ---------------------------------------------------------------- AES-GCM ----
// RFC 7714. libsrtp2 drives an AEAD cipher as: set_iv (with the direction), set_aad (the RTP
// header, or the SRTCP header and index), then encrypt followed by get_tag, or decrypt over
// ciphertext || tag, which must fail with auth_fail when the tag does not verify.

struct GcmState {
  EVP_CIPHER_CTX* ctx = nullptr;
  int key_len = 0;  // AES key + 12-byte salt, as allocated
  int tag_len = 16;
  bool encrypting = true;
};

const EVP_CIPHER* gcm_cipher(int key_len) {
  switch (key_len) {
    case SRTP_AES_GCM_128_KEY_LEN_WSALT: return EVP_aes_128_gcm();
    case SRTP_AES_GCM_256_KEY_LEN_WSALT: return EVP_aes_256_gcm();
    default: return nullptr;
  }
}

srtp_err_status_t gcm_alloc_for(const srtp_cipher_type_t* type, srtp_cipher_pointer_t* c, int key_len,
                                int tag_len, int algorithm) {
  if (gcm_cipher(key_len) == nullptr || (tag_len != 16 && tag_len != 8)) return srtp_err_status_bad_param;
  GcmState* state = nullptr;
  auto st = cipher_alloc(type, c, key_len, algorithm, &state);
  if (st == srtp_err_status_ok) state->tag_len = tag_len;
  return st;
}

srtp_err_status_t gcm_init(void* state, const uint8_t* key) {
  auto* s = static_cast<GcmState*>(state);
  // The salt part of the key is libsrtp2's: it XORs it into the IV it hands to set_iv.
  if (EVP_CipherInit_ex(s->ctx, gcm_cipher(s->key_len), nullptr, key, nullptr, 1) != 1)
    return srtp_err_status_init_fail;
  return srtp_err_status_ok;
}

srtp_err_status_t gcm_set_iv(void* state, uint8_t* iv, srtp_cipher_direction_t dir) {
  auto* s = static_cast<GcmState*>(state);
  if (dir != srtp_direction_encrypt && dir != srtp_direction_decrypt) return srtp_err_status_bad_param;
  s->encrypting = dir == srtp_direction_encrypt;
  // The default GCM IV length is the 12 octets RFC 7714 §8.1 uses.
  if (EVP_CipherInit_ex(s->ctx, nullptr, nullptr, nullptr, iv, s->encrypting ? 1 : 0) != 1)
    return srtp_err_status_init_fail;
  return srtp_err_status_ok;
}

srtp_err_status_t gcm_set_aad(void* state, const uint8_t* aad, uint32_t len) {
  auto* s = static_cast<GcmState*>(state);
  int out = 0;
  if (len > static_cast<uint32_t>(INT32_MAX) ||
      EVP_CipherUpdate(s->ctx, nullptr, &out, aad, static_cast<int>(len)) != 1)
    return srtp_err_status_algo_fail;
  return srtp_err_status_ok;
}

srtp_err_status_t gcm_encrypt(void* state, uint8_t* buf, unsigned int* len) {
  auto* s = static_cast<GcmState*>(state);
  int out = 0;
  if (!s->encrypting || *len > static_cast<unsigned>(INT32_MAX) ||
      EVP_CipherUpdate(s->ctx, buf, &out, buf, static_cast<int>(*len)) != 1)
    return srtp_err_status_cipher_fail;
  return srtp_err_status_ok;
}

srtp_err_status_t gcm_get_tag(void* state, uint8_t* tag, uint32_t* len) {
  auto* s = static_cast<GcmState*>(state);
  std::array<uint8_t, 16> unused{};
  int out = 0;
  if (!s->encrypting || EVP_CipherFinal_ex(s->ctx, unused.data(), &out) != 1 ||
      EVP_CIPHER_CTX_ctrl(s->ctx, EVP_CTRL_GCM_GET_TAG, s->tag_len, tag) != 1)
    return srtp_err_status_algo_fail;
  *len = static_cast<uint32_t>(s->tag_len);
  return srtp_err_status_ok;
}

// buf holds ciphertext || tag; on success *len shrinks by the tag.
srtp_err_status_t gcm_decrypt(void* state, uint8_t* buf, unsigned int* len) {
  auto* s = static_cast<GcmState*>(state);
  const auto tag_len = static_cast<unsigned>(s->tag_len);
  if (s->encrypting || *len < tag_len || *len > static_cast<unsigned>(INT32_MAX))
    return srtp_err_status_bad_param;
  const unsigned body = *len - tag_len;
  int out = 0;
  if (EVP_CIPHER_CTX_ctrl(s->ctx, EVP_CTRL_GCM_SET_TAG, s->tag_len, buf + body) != 1 ||
      EVP_CipherUpdate(s->ctx, buf, &out, buf, static_cast<int>(body)) != 1)
    return srtp_err_status_cipher_fail;
  std::array<uint8_t, 16> unused{};
  if (EVP_CipherFinal_ex(s->ctx, unused.data(), &out) != 1) return srtp_err_status_auth_fail;
  *len = body;
  return srtp_err_status_ok;
}

srtp_err_status_t gcm128_alloc(srtp_cipher_pointer_t* c, int key_len, int tag_len);
srtp_err_status_t gcm256_alloc(srtp_cipher_pointer_t* c, int key_len, int tag_len);

const srtp_cipher_type_t kGcm128 = {gcm128_alloc, cipher_dealloc<GcmState>, gcm_init, gcm_set_aad, gcm_encrypt,
                                    gcm_decrypt, gcm_set_iv, gcm_get_tag, "AES-128 GCM (OpenSSL)",
                                    &srtp_aes_gcm_128_test_case_0, SRTP_AES_GCM_128};
const srtp_cipher_type_t kGcm256 = {gcm256_alloc, cipher_dealloc<GcmState>, gcm_init, gcm_set_aad, gcm_encrypt,
                                    gcm_decrypt, gcm_set_iv, gcm_get_tag, "AES-256 GCM (OpenSSL)",
                                    &srtp_aes_gcm_256_test_case_0, SRTP_AES_GCM_256};

srtp_err_status_t gcm128_alloc(srtp_cipher_pointer_t* c, int key_len, int tag_len) {
  if (key_len != SRTP_AES_GCM_128_KEY_LEN_WSALT) return srtp_err_status_bad_param;
  return gcm_alloc_for(&kGcm128, c, key_len, tag_len, SRTP_AES_GCM_128);
}
srtp_err_status_t gcm256_alloc(srtp_cipher_pointer_t* c, int key_len, int tag_len) {
  if (key_len != SRTP_AES_GCM_256_KEY_LEN_WSALT) return srtp_err_status_bad_param;
  return gcm_alloc_for(&kGcm256, c, key_len, tag_len, SRTP_AES_GCM_256);
}

// -------------------------------------------------------------- HMAC-SHA1 ----

constexpr int kSha1Len = 20;

EVP_MAC* hmac_algorithm() {
  // Fetched once; the EVP_MAC object is immutable and shared by every context.
  static EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  return mac;
}

struct HmacAuth {
  srtp_auth_t base;
  EVP_MAC_CTX* ctx = nullptr;
};

HmacAuth* hmac_of(void* state) { return static_cast<HmacAuth*>(state); }

srtp_err_status_t hmac_alloc(srtp_auth_pointer_t* a, int key_len, int out_len);

srtp_err_status_t hmac_dealloc(srtp_auth_pointer_t a) {
  if (a == nullptr) return srtp_err_status_bad_param;
  auto* h = reinterpret_cast<HmacAuth*>(a);
  EVP_MAC_CTX_free(h->ctx);  // clears the key schedule it holds
  delete h;
  return srtp_err_status_ok;
}

srtp_err_status_t hmac_init(void* state, const uint8_t* key, int key_len) {
  auto* h = hmac_of(state);
  char digest[] = "SHA1";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest, 0),
                               OSSL_PARAM_construct_end()};
  if (EVP_MAC_init(h->ctx, key, static_cast<size_t>(key_len), params) != 1)
    return srtp_err_status_init_fail;
  return srtp_err_status_ok;
}

// Re-initialising with no key restarts from the stored inner-pad state: no key schedule per packet.
srtp_err_status_t hmac_start(void* state) {
  return EVP_MAC_init(hmac_of(state)->ctx, nullptr, 0, nullptr) == 1 ? srtp_err_status_ok
                                                                     : srtp_err_status_auth_fail;
}

srtp_err_status_t hmac_update(void* state, const uint8_t* buf, int len) {
  if (len < 0) return srtp_err_status_bad_param;
  return EVP_MAC_update(hmac_of(state)->ctx, buf, static_cast<size_t>(len)) == 1
             ? srtp_err_status_ok
             : srtp_err_status_auth_fail;
}

srtp_err_status_t hmac_compute(void* state, const uint8_t* buf, int len, int tag_len, uint8_t* tag) {
  if (tag_len < 0 || tag_len > kSha1Len) return srtp_err_status_bad_param;
  if (auto st = hmac_update(state, buf, len); st != srtp_err_status_ok) return st;
  std::array<uint8_t, kSha1Len> full{};
  size_t n = 0;
  if (EVP_MAC_final(hmac_of(state)->ctx, full.data(), &n, full.size()) != 1 || n != full.size())
    return srtp_err_status_auth_fail;
  std::memcpy(tag, full.data(), static_cast<size_t>(tag_len));  // RFC 3711 §4.2.1: leftmost bits
  return srtp_err_status_ok;
}

const srtp_auth_type_t kHmacSha1 = {hmac_alloc,   hmac_dealloc, hmac_init,
                                    hmac_compute, hmac_update,  hmac_start,
                                    "HMAC-SHA1 (OpenSSL)", &srtp_hmac_test_case_0,
                                    SRTP_HMAC_SHA1};

srtp_err_status_t hmac_alloc(srtp_auth_pointer_t* a, int key_len, int out_len) {
  if (key_len < 0 || key_len > kSha1Len || out_len < 0 || out_len > kSha1Len)
    return srtp_err_status_bad_param;
  if (hmac_algorithm() == nullptr) return srtp_err_status_alloc_fail;
  auto* h = new (std::nothrow) HmacAuth{};
  if (h == nullptr) return srtp_err_status_alloc_fail;
  h->ctx = EVP_MAC_CTX_new(hmac_algorithm());
  if (h->ctx == nullptr) {
    delete h;
    return srtp_err_status_alloc_fail;
  }
  h->base.type = &kHmacSha1;
  h->base.state = h;
  h->base.out_len = out_len;
  h->base.key_len = key_len;
  h->base.prefix_len = 0;
  *a = &h->base;
  return srtp_err_status_ok;
}

}  // namespace

bool install_openssl_srtp_crypto() {
  // Each replacement passes libsrtp2's known-answer test or is refused (the NSS one then stays).
  bool ok = srtp_replace_cipher_type(&kIcm128, SRTP_AES_ICM_128) == srtp_err_status_ok;
  ok = srtp_replace_cipher_type(&kIcm192, SRTP_AES_ICM_192) == srtp_err_status_ok && ok;
  ok = srtp_replace_cipher_type(&kIcm256, SRTP_AES_ICM_256) == srtp_err_status_ok && ok;
  ok = srtp_replace_cipher_type(&kGcm128, SRTP_AES_GCM_128) == srtp_err_status_ok && ok;
  ok = srtp_replace_cipher_type(&kGcm256, SRTP_AES_GCM_256) == srtp_err_status_ok && ok;
  ok = srtp_replace_auth_type(&kHmacSha1, SRTP_HMAC_SHA1) == srtp_err_status_ok && ok;
  return ok;
}

}  // namespace vg::media
