#include "proxy/digest_guard.h"

#include <stdexcept>

#include "auth/credentials.h"
#include "auth/nonce.h"
#include "sip/auth.h"

namespace vg::proxy {

DigestGuard::DigestGuard(const auth::Secret& secret, std::chrono::seconds nonce_lifetime, const Clock& clock,
                         Random& random)
    : clock_(clock), random_(random) {
  auto nonces = auth::NonceManager::create(secret, nonce_lifetime);
  if (!nonces) throw std::runtime_error("digest authentication: cannot create the nonce manager");
  auto a = auth::Authenticator::create(std::move(*nonces), auth::ReplayOptions{}, clock);
  if (!a) throw std::runtime_error("digest authentication: cannot create the authenticator");
  auth_ = std::move(*a);
}

std::vector<std::string> DigestGuard::challenges(std::string_view realm, const config::AuthConfig& cfg, bool stale) {
  std::vector<auth::Algorithm> algs;
  for (auto a : cfg.algorithms) {
    algs.push_back(a == config::DigestAlgorithm::kMd5 ? auth::Algorithm::kMd5 : auth::Algorithm::kSha256);
  }
  std::lock_guard lock(random_mu_);
  auto v = auth_->www_authenticate_values(realm, algs, stale, clock_, random_);
  if (!v) return {};
  return std::move(*v);
}

DigestGuard::Verdict DigestGuard::verify(const sip::Message& m, sip::HeaderId header, const config::Tenant& tenant,
                                         const std::function<bool(std::string_view, uint16_t)>& is_us) {
  Verdict out;
  // Several credentials may be present (one per realm): use the one for this tenant's realm.
  std::optional<sip::DigestParams> creds = auth::credentials_for_realm(m, header, tenant.domain);
  if (!creds) return out;  // kNoCredentials: challenge
  const std::string user = auth::username(*creds);
  // The claimed user name is echoed in events; keep it short and printable.
  for (char ch : std::string_view(user).substr(0, 64)) {
    out.username.push_back(static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f ? '?' : ch);
  }
  const config::Account* account = tenant.find_account(user);
  auth::AccountHashes hashes;
  if (account) hashes = auth::AccountHashes{account->ha1_md5, account->ha1_sha256};
  // RFC 2617 §3.2.2.5: the digest uri should be the Request-URI. Accept also a URI that names this
  // server or the tenant's domain with the same user (the response is still checked against it),
  // so peers that write the registrar's address keep working; any other uri is a mismatch.
  std::string_view check_uri = m.request_uri_text();
  if (creds->uri != check_uri) {
    auto du = sip::parse_uri(creds->uri, sip::kMaxUriLength);
    auto ru = m.request_uri();
    if (du && ru && du->is_sip_or_sips() &&
        (is_us(du->host, du->port) || du->host_bare() == tenant.domain) &&
        (du->user.empty() || du->user == (*ru)->user)) {
      check_uri = creds->uri;
    }
  }
  const auto v = auth_->verify(*creds, m.method_name(), check_uri, account ? &hashes : nullptr, tenant.domain, clock_);
  out.why = std::string(auth::describe(v));
  switch (v) {
    case auth::Verdict::kOk: out.outcome = Outcome::kOk; break;
    case auth::Verdict::kStale:
    // A reused nonce count with the right response: a phone re-sending its cached nonce, or a
    // captured request replayed. Either way a fresh nonce is the answer (stale=true: only someone
    // who knows the password can use it), not a 403 counted as a failed login.
    case auth::Verdict::kReplay: out.outcome = Outcome::kStale; break;
    case auth::Verdict::kBadNonce:
    case auth::Verdict::kRealmMismatch: out.outcome = Outcome::kNoCredentials; break;
    default: out.outcome = Outcome::kFailed; break;
  }
  return out;
}

}  // namespace vg::proxy
