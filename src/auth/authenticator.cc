#include "auth/authenticator.h"

#include "auth/challenge.h"
#include "auth/ha1_util.h"
#include "auth/quoted.h"

namespace vg::auth {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 7616 §3.4: nc-value = 8LHEX. Upper-case digits are tolerated (the hash uses nc as sent).
// 0 is refused: counts start at 00000001.
bool parse_nc(std::string_view s, uint32_t& out) {
  if (s.size() != 8) return false;
  uint32_t v = 0;
  for (char c : s) {
    const int d = hex_digit(c);
    if (d < 0) return false;
    v = v << 4 | static_cast<uint32_t>(d);
  }
  out = v;
  return v != 0;
}

// The client's response, lower-cased into out; it must be hex of the algorithm's size.
bool normalize_response(Algorithm a, std::string_view in, crypto::HexDigest& out) {
  return normalize_ha1(a, in, out);  // same shape: hex of the digest size
}

// Stands in for HA1 when there is none to use, so that the response hash is computed anyway.
constexpr std::string_view kDummyHa1 = "0000000000000000000000000000000000000000000000000000000000000000";

}  // namespace

std::string_view verdict_name(Verdict v) {
  switch (v) {
    case Verdict::kOk: return "kOk";
    case Verdict::kStale: return "kStale";
    case Verdict::kBadNonce: return "kBadNonce";
    case Verdict::kWrongPassword: return "kWrongPassword";
    case Verdict::kUnknownUser: return "kUnknownUser";
    case Verdict::kReplay: return "kReplay";
    case Verdict::kMalformed: return "kMalformed";
    case Verdict::kRealmMismatch: return "kRealmMismatch";
    case Verdict::kUriMismatch: return "kUriMismatch";
    case Verdict::kAlgorithmUnavailable: return "kAlgorithmUnavailable";
  }
  return "kUnknown";
}

std::string_view describe(Verdict v) {
  switch (v) {
    case Verdict::kOk: return "authenticated";
    case Verdict::kStale: return "nonce expired";
    case Verdict::kBadNonce: return "nonce not issued by this server for this realm";
    case Verdict::kWrongPassword: return "wrong password";
    case Verdict::kUnknownUser: return "unknown user";
    case Verdict::kReplay: return "nonce count reused (replay)";
    case Verdict::kMalformed: return "malformed or unsupported digest credentials";
    case Verdict::kRealmMismatch: return "credentials for another realm";
    case Verdict::kUriMismatch: return "digest uri differs from the Request-URI";
    case Verdict::kAlgorithmUnavailable: return "no stored hash for the chosen algorithm";
  }
  return "unknown verdict";
}

Result<std::unique_ptr<Authenticator>, AuthError> Authenticator::create(NonceManager nonces,
                                                                        const ReplayOptions& replay,
                                                                        const Clock& clock) {
  auto digests = crypto::Digests::fetch();
  if (!digests) return unexpected(digests.error());
  auto table = ReplayTable::create(replay, nonces.lifetime(), unix_millis(clock));
  if (!table) return unexpected(table.error());
  return std::unique_ptr<Authenticator>(
      new Authenticator(std::move(nonces), std::move(*table), std::move(*digests)));
}

Result<std::vector<std::string>, AuthError> Authenticator::www_authenticate_values(
    std::string_view realm, std::span<const Algorithm> algorithms, bool stale, const Clock& clock,
    Random& random) const {
  if (!valid_realm(realm)) return unexpected(AuthError::kBadRealm);
  if (algorithms.empty()) return unexpected(AuthError::kNoAlgorithm);
  auto nonce = nonces_.load()->issue(realm, clock, random);
  if (!nonce) return unexpected(nonce.error());
  return challenge_values(realm, *nonce, algorithms, stale);
}

Result<void, AuthError> Authenticator::rotate_secret(const Secret& next) {
  auto rotated = nonces_.load()->rotated(next);
  if (!rotated) return unexpected(rotated.error());
  nonces_.store(std::make_shared<const NonceManager>(std::move(*rotated)));
  return {};
}

Verdict Authenticator::verify(const sip::DigestParams& creds, std::string_view method,
                              std::string_view request_uri, const AccountHashes* account,
                              std::string_view realm, const Clock& clock) {
  // 1. Shape of the credentials: everything here is public, checked before any hashing.
  if (!creds.is_digest) return Verdict::kMalformed;
  if (!(creds.has_username && creds.has_realm && creds.has_nonce && creds.has_uri && creds.has_response &&
        creds.has_qop && creds.has_nc && creds.has_cnonce)) {
    return Verdict::kMalformed;  // RFC 7616 §3.4: all of these are required with qop
  }
  // RFC 7616 §3.4.4 hashed usernames are not supported (accounts are looked up by name).
  if (iequals(creds.userhash, "true")) return Verdict::kMalformed;
  // RFC 7616 §3.4: no algorithm parameter means MD5.
  Algorithm algorithm = Algorithm::kMd5;
  if (creds.has_algorithm) {
    auto parsed = parse_algorithm(creds.algorithm);
    if (!parsed) return Verdict::kMalformed;
    algorithm = *parsed;
  }
  // Only qop=auth: auth-int is not offered, and the RFC 2069 form without qop has no cnonce/nc.
  if (!iequals(creds.qop, "auth")) return Verdict::kMalformed;
  uint32_t nc = 0;
  if (!parse_nc(creds.nc, nc)) return Verdict::kMalformed;
  std::string cnonce_storage, uri_storage, realm_storage;
  const std::string_view cnonce = unquote(creds.cnonce, cnonce_storage);
  if (cnonce.empty() || cnonce.size() > kMaxCnonceLength) return Verdict::kMalformed;
  crypto::HexDigest response;
  if (!normalize_response(algorithm, creds.response, response)) return Verdict::kMalformed;
  const std::string_view uri = unquote(creds.uri, uri_storage);
  if (uri.empty()) return Verdict::kMalformed;

  // 2. Realm and uri (RFC 7616 §3.4.6: the uri must name the resource of the request line).
  if (unquote(creds.realm, realm_storage) != realm) return Verdict::kRealmMismatch;
  if (uri != request_uri) return Verdict::kUriMismatch;

  // 3. Nonce: ours, for this realm (MAC), and its age. A stale nonce still gets the full check so
  // that stale=true is only ever a hint to someone who knows the password (RFC 7616 §3.3 stale).
  const NonceCheck nonce = nonces_.load()->verify(creds.nonce, realm, clock);
  if (nonce.status == NonceStatus::kInvalid) return Verdict::kBadNonce;

  // 4. The response, with the same hashing work whether or not there is a usable HA1.
  crypto::HexDigest ha1;
  const std::string_view stored =
      account == nullptr ? std::string_view{}
                         : (algorithm == Algorithm::kSha256 ? account->ha1_sha256 : account->ha1_md5);
  const bool have_ha1 = account != nullptr && normalize_ha1(algorithm, stored, ha1);
  if (!have_ha1) (void)normalize_ha1(algorithm, kDummyHa1.substr(0, hex_size(algorithm)), ha1);
  const EVP_MD* md = digests_.get(algorithm);
  crypto::Hasher hasher;
  crypto::HexDigest ha2, expected;
  const bool hashed = hasher.hash_joined(md, {method, uri}, ha2) &&
                      hasher.hash_joined(md, {ha1.view(), creds.nonce, creds.nc, cnonce, creds.qop, ha2.view()},
                                         expected);
  const bool match = hashed && crypto::constant_time_equal(expected.view(), response.view());
  crypto::cleanse(ha1.data.data(), ha1.data.size());
  crypto::cleanse(expected.data.data(), expected.data.size());
  if (account == nullptr) return Verdict::kUnknownUser;
  if (!have_ha1) return Verdict::kAlgorithmUnavailable;
  if (!match) return Verdict::kWrongPassword;

  // 5. Freshness: expired nonce, then the nonce count (recorded only now that the request is
  // authentic, so nobody can burn another client's counts).
  if (nonce.status == NonceStatus::kStale) return Verdict::kStale;
  switch (replay_->check_and_record(nonce.id, nonce.issued_ms, nc, unix_millis(clock))) {
    case ReplayResult::kFresh: return Verdict::kOk;
    case ReplayResult::kReplay: return Verdict::kReplay;
    case ReplayResult::kForgotten: return Verdict::kStale;
  }
  return Verdict::kReplay;
}

}  // namespace vg::auth
