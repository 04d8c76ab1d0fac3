// Digest authentication as the proxy uses it: builds challenges for a tenant's realm and verifies the
// credentials of a request against the tenant's accounts (vg::auth does the cryptography).
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/clock.h"
#include "core/random.h"
#include "sip/message.h"

#include "auth/authenticator.h"

namespace vg::proxy {

class DigestGuard {
 public:
  enum class Outcome : uint8_t { kOk, kNoCredentials, kStale, kFailed };
  struct Verdict {
    Outcome outcome = Outcome::kNoCredentials;
    std::string username;  // as claimed in the credentials (never a secret)
    std::string why;       // short reason for logs and events; never contains secrets
  };

  // secret: 32 random bytes (kept by the server under var/, so nonces survive a restart).
  // Throws std::runtime_error if the crypto library cannot be set up (start-up only).
  DigestGuard(const auth::Secret& secret, std::chrono::seconds nonce_lifetime, const Clock& clock, Random& random);

  // Header values for WWW-Authenticate (401) or Proxy-Authenticate (407): one per configured
  // algorithm, preferred first (RFC 8760 §2.4).
  std::vector<std::string> challenges(std::string_view realm, const config::AuthConfig& cfg, bool stale);
  // Verifies the credentials in `header` (Authorization or Proxy-Authorization) for `realm`.
  // is_us tells whether a host:port names this server: a digest uri that names us (as SIPp and
  // some phones write it) is accepted in place of the exact Request-URI; see docs/decisions.md.
  Verdict verify(const sip::Message& m, sip::HeaderId header, const config::Tenant& tenant,
                 const std::function<bool(std::string_view host, uint16_t port)>& is_us);

 private:
  std::unique_ptr<auth::Authenticator> auth_;
  const Clock& clock_;
  Random& random_;
  std::mutex random_mu_;  // Random implementations are not required to be thread-safe
};

}  // namespace vg::proxy
