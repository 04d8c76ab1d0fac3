#include "auth/challenge.h"

#include <algorithm>

#include "auth/quoted.h"

namespace vg::auth {

bool valid_realm(std::string_view realm) {
  if (realm.empty() || realm.size() > kMaxRealmLength) return false;
  return std::none_of(realm.begin(), realm.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

Result<std::vector<std::string>, AuthError> challenge_values(std::string_view realm, std::string_view nonce,
                                                             std::span<const Algorithm> algorithms, bool stale) {
  if (!valid_realm(realm)) return unexpected(AuthError::kBadRealm);
  if (algorithms.empty()) return unexpected(AuthError::kNoAlgorithm);
  std::vector<std::string> out;
  out.reserve(algorithms.size());
  for (size_t i = 0; i < algorithms.size(); ++i) {
    if (std::find(algorithms.begin(), algorithms.begin() + static_cast<std::ptrdiff_t>(i), algorithms[i]) !=
        algorithms.begin() + static_cast<std::ptrdiff_t>(i)) {
      continue;
    }
    std::string v;
    v.reserve(96 + realm.size() + nonce.size());
    v += "Digest realm=\"";
    append_quoted(v, realm);
    v += "\", nonce=\"";
    v += nonce;
    // RFC 7616 §3.3: qop is a quoted list in challenges; only "auth" is offered (no auth-int).
    v += "\", qop=\"auth\", algorithm=";
    v += algorithm_name(algorithms[i]);
    if (stale) v += ", stale=true";
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace vg::auth
