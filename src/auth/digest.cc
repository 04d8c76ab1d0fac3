#include "auth/digest.h"

#include "auth/crypto.h"
#include "auth/ha1_util.h"

namespace vg::auth {

Result<std::string, AuthError> ha1(Algorithm algorithm, std::string_view username, std::string_view realm,
                                   std::string_view password) {
  auto digests = crypto::Digests::fetch();
  if (!digests) return unexpected(digests.error());
  crypto::Hasher hasher;
  crypto::HexDigest out;
  if (!hasher.hash_joined(digests->get(algorithm), {username, realm, password}, out)) {
    return unexpected(AuthError::kCryptoUnavailable);
  }
  std::string result(out.view());
  crypto::cleanse(out.data.data(), out.data.size());
  return result;
}

Result<std::string, AuthError> digest_response(Algorithm algorithm, const ResponseInput& in) {
  auto digests = crypto::Digests::fetch();
  if (!digests) return unexpected(digests.error());
  crypto::HexDigest key;
  if (!normalize_ha1(algorithm, in.ha1, key)) return unexpected(AuthError::kBadHa1);
  crypto::Hasher hasher;
  crypto::HexDigest ha2, response;
  const EVP_MD* md = digests->get(algorithm);
  bool ok = hasher.hash_joined(md, {in.method, in.uri}, ha2) &&
            hasher.hash_joined(md, {key.view(), in.nonce, in.nc, in.cnonce, in.qop, ha2.view()}, response);
  crypto::cleanse(key.data.data(), key.data.size());
  if (!ok) return unexpected(AuthError::kCryptoUnavailable);
  return std::string(response.view());
}

}  // namespace vg::auth
