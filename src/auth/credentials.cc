#include "auth/credentials.h"

#include <string>

#include "auth/quoted.h"

namespace vg::auth {

std::optional<sip::DigestParams> credentials_for_realm(const sip::Message& msg, sip::HeaderId id,
                                                       std::string_view realm) {
  std::string storage;
  for (const sip::HeaderField& h : msg.headers()) {
    if (h.id != id) continue;
    auto creds = sip::parse_auth(h.value);
    if (!creds || !creds->is_digest || !creds->has_realm) continue;
    if (unquote(creds->realm, storage) == realm) return *creds;
  }
  return std::nullopt;
}

std::string username(const sip::DigestParams& creds) {
  std::string storage;
  return std::string(unquote(creds.username, storage));
}

}  // namespace vg::auth
