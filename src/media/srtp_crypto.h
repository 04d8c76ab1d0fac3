#pragma once

namespace vg::media {

// Replaces libsrtp2's AES-ICM (128/192/256) and HMAC-SHA1 with OpenSSL implementations (see
// srtp_crypto.cc for why). Call once, after srtp_init(). Returns false when libsrtp2 refused any
// of them (its known-answer test failed); the built-in implementation then stays in use for that
// one, so SRTP keeps working either way.
bool install_openssl_srtp_crypto();

}  // namespace vg::media
