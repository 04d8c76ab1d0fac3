// Normalisation of a stored HA1 (internal): checks it is hex of the algorithm's digest size and
// lower-cases it into an inline buffer, since the response hash takes HA1 in lower-case hex.
#pragma once

#include <string_view>

#include "auth/algorithm.h"
#include "auth/crypto.h"

namespace vg::auth {

[[nodiscard]] inline bool normalize_ha1(Algorithm algorithm, std::string_view in, crypto::HexDigest& out) {
  out.size = 0;
  if (in.size() != hex_size(algorithm)) return false;
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c + 32);
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    out.data[i] = c;
  }
  out.size = in.size();
  return true;
}

}  // namespace vg::auth
