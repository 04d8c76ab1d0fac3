// Picking the credentials meant for us from a request that may carry several Authorization or
// Proxy-Authorization values (RFC 3261 §22.3: one per realm challenged by different proxies).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sip/auth.h"
#include "sip/header_id.h"
#include "sip/message.h"

namespace vg::auth {

// The first Digest value of header `id` whose realm (quoted-pairs undone) equals realm, or
// nullopt. Values that do not parse, other schemes and other realms are skipped. The views point
// into msg.
std::optional<sip::DigestParams> credentials_for_realm(const sip::Message& msg, sip::HeaderId id,
                                                       std::string_view realm);

// The username with quoted-pairs undone (parse_auth keeps them as written): the key to look the
// account up with.
std::string username(const sip::DigestParams& creds);

}  // namespace vg::auth
