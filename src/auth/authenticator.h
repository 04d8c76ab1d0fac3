// Server side of SIP digest authentication (RFC 3261 §22, RFC 7616, RFC 8760), sans-I/O: builds
// challenges and verifies credentials against stored HA1 hashes, with stateless nonces and
// nonce-count replay protection. One Authenticator serves every realm (tenant) and every worker
// thread: verify() and www_authenticate_values() are thread-safe; rotate_secret() may run
// concurrently with them.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "auth/algorithm.h"
#include "auth/crypto.h"
#include "auth/error.h"
#include "auth/nonce.h"
#include "auth/replay_table.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "sip/auth.h"

namespace vg::auth {

// What the server stores for an account: HA1 per algorithm (hex, from ha1()), never a password.
// An empty string means "no hash for this algorithm".
struct AccountHashes {
  std::string ha1_md5;
  std::string ha1_sha256;
};

// Outcome of verify(). Suggested answers in parentheses; every 401/407 carries fresh challenges.
enum class Verdict : uint8_t {
  kOk,                    // authenticated (go on)
  kStale,                 // right password, nonce expired or forgotten (challenge with stale=true)
  kBadNonce,              // nonce not ours / tampered / other realm (challenge; count as suspicious)
  kWrongPassword,         // response does not match (challenge; count toward brute-force bans)
  kUnknownUser,           // account == nullptr (answer exactly as kWrongPassword: no enumeration)
  kReplay,                // nc already used with this nonce (challenge; count as suspicious)
  kMalformed,             // not Digest, missing field, qop != auth, bad nc/response/cnonce, userhash,
                          // unknown or -sess algorithm, empty uri (400 or challenge)
  kRealmMismatch,         // credentials for another realm (challenge)
  kUriMismatch,           // digest uri differs from the Request-URI (RFC 7616 §3.4.6: 400)
  kAlgorithmUnavailable,  // account has no usable HA1 for the chosen algorithm (challenge with
                          // the algorithms it has; same work as a real check, like kUnknownUser)
};

// Stable identifier ("kWrongPassword") and short text. Fixed strings: never carry request data.
std::string_view verdict_name(Verdict v);
std::string_view describe(Verdict v);

inline constexpr size_t kMaxCnonceLength = 256;

class Authenticator {
 public:
  // The replay table starts at clock's time now (see ReplayTable::create).
  static Result<std::unique_ptr<Authenticator>, AuthError> create(NonceManager nonces, const ReplayOptions& replay,
                                                                  const Clock& clock);

  // Header values for one 401/407: one challenge per algorithm, preferred first, sharing one new
  // nonce bound to realm.
  [[nodiscard]] Result<std::vector<std::string>, AuthError> www_authenticate_values(
      std::string_view realm, std::span<const Algorithm> algorithms, bool stale, const Clock& clock,
      Random& random) const;

  // Checks one set of credentials (one Authorization / Proxy-Authorization value; the caller picks
  // the one whose realm is ours when there are several). method and request_uri come from the
  // request line; account is the stored entry for creds.username in realm, or nullptr.
  // Requires qop=auth (RFC 2069 responses without qop are refused). Hashing work is the same for
  // known users, unknown users and accounts without the chosen algorithm.
  [[nodiscard]] Verdict verify(const sip::DigestParams& creds, std::string_view method, std::string_view request_uri,
                               const AccountHashes* account, std::string_view realm, const Clock& clock);

  // New nonces use next; nonces of the current secret stay valid, those of the one before are
  // retired. Rotate at most once per nonce lifetime.
  [[nodiscard]] Result<void, AuthError> rotate_secret(const Secret& next);

  [[nodiscard]] std::shared_ptr<const NonceManager> nonces() const { return nonces_.load(); }
  [[nodiscard]] size_t replay_entries() const { return replay_->size(); }

 private:
  Authenticator(NonceManager nonces, std::unique_ptr<ReplayTable> replay, crypto::Digests digests)
      : nonces_(std::make_shared<const NonceManager>(std::move(nonces))),
        replay_(std::move(replay)),
        digests_(std::move(digests)) {}

  std::atomic<std::shared_ptr<const NonceManager>> nonces_;  // swapped whole on rotation
  std::unique_ptr<ReplayTable> replay_;
  crypto::Digests digests_;
};

}  // namespace vg::auth
