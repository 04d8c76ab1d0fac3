// quoted-string helpers (RFC 3261 §25.1 quoted-pair) for digest parameters (internal).
// sip::parse_auth gives quoted values without their quotes but with escapes as written.
#pragma once

#include <string>
#include <string_view>

namespace vg::auth {

// The value with quoted-pairs undone. Returns in itself when it has no backslash (the usual case,
// no copy); otherwise fills storage and returns a view of it. A trailing lone backslash is kept.
inline std::string_view unquote(std::string_view in, std::string& storage) {
  if (in.find('\\') == std::string_view::npos) return in;
  storage.clear();
  storage.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '\\' && i + 1 < in.size()) ++i;
    storage.push_back(in[i]);
  }
  return storage;
}

// Appends in as the inside of a quoted-string: '"' and '\' escaped.
inline void append_quoted(std::string& out, std::string_view in) {
  for (char c : in) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
}

}  // namespace vg::auth
