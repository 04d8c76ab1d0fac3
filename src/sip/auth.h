// Authorization / Proxy-Authorization credentials and WWW-Authenticate / Proxy-Authenticate
// challenges (RFC 3261 §20.7, §25.1; RFC 7616 / RFC 8760 digest parameters) as views.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/result.h"
#include "sip/error.h"

namespace vg::sip {

struct DigestParams {
  std::string_view scheme;   // "Digest" or another scheme as written
  bool is_digest = false;
  std::string_view raw;      // everything after the scheme (other schemes: opaque)
  // Digest parameters; quoted values are given without their quotes (escapes kept as written).
  std::string_view username, realm, nonce, uri, response, algorithm, cnonce, opaque, qop, nc, stale, domain,
      userhash;
  bool has_username = false, has_realm = false, has_nonce = false, has_uri = false, has_response = false,
       has_algorithm = false, has_cnonce = false, has_opaque = false, has_qop = false, has_nc = false,
       has_stale = false;
};

// Parses one credentials or challenge value. Unknown schemes parse (is_digest false, raw kept).
// Duplicate digest parameters and malformed quoting are errors (kBadAuth).
Result<DigestParams, ParseError> parse_auth(std::string_view text);

}  // namespace vg::sip
