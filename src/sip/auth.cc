#include "sip/auth.h"

#include "sip/scan.h"

namespace vg::sip {

namespace {

constexpr auto kBad = ParseError::kBadAuth;

bool assign(std::string_view& field, bool& has, std::string_view value) {
  if (has) return false;  // a repeated parameter is ambiguous: reject rather than pick one
  field = value;
  has = true;
  return true;
}

}  // namespace

Result<DigestParams, ParseError> parse_auth(std::string_view text) {
  DigestParams d;
  text = scan::trim(text);
  size_t i = 0;
  while (i < text.size() && scan::is_token(text[i])) ++i;
  if (i == 0) return unexpected(kBad);
  d.scheme = text.substr(0, i);
  d.raw = scan::ltrim(text.substr(i));
  if (i < text.size() && !scan::is_lws(text[i])) return unexpected(kBad);
  d.is_digest = scan::iequals(d.scheme, "Digest");
  if (!d.is_digest) return d;

  std::string_view s = d.raw;
  bool has_domain = false, has_userhash = false;
  while (true) {
    s = scan::ltrim(s);
    if (s.empty()) break;
    size_t n = 0;
    while (n < s.size() && scan::is_token(s[n])) ++n;
    if (n == 0) return unexpected(kBad);
    std::string_view name = s.substr(0, n);
    s = scan::ltrim(s.substr(n));
    if (s.empty() || s[0] != '=') return unexpected(kBad);
    s = scan::ltrim(s.substr(1));
    std::string_view value;
    if (!s.empty() && s[0] == '"') {
      size_t end = scan::skip_quoted(s, 0);
      if (end == std::string_view::npos) return unexpected(kBad);
      value = s.substr(1, end - 2);
      s.remove_prefix(end);
    } else {
      size_t m = 0;
      while (m < s.size() && s[m] != ',' && !scan::is_lws(s[m])) ++m;
      value = s.substr(0, m);
      if (value.empty()) return unexpected(kBad);
      s.remove_prefix(m);
    }
    bool ok = true;
    if (scan::iequals(name, "username")) ok = assign(d.username, d.has_username, value);
    else if (scan::iequals(name, "realm")) ok = assign(d.realm, d.has_realm, value);
    else if (scan::iequals(name, "nonce")) ok = assign(d.nonce, d.has_nonce, value);
    else if (scan::iequals(name, "uri")) ok = assign(d.uri, d.has_uri, value);
    else if (scan::iequals(name, "response")) ok = assign(d.response, d.has_response, value);
    else if (scan::iequals(name, "algorithm")) ok = assign(d.algorithm, d.has_algorithm, value);
    else if (scan::iequals(name, "cnonce")) ok = assign(d.cnonce, d.has_cnonce, value);
    else if (scan::iequals(name, "opaque")) ok = assign(d.opaque, d.has_opaque, value);
    else if (scan::iequals(name, "qop")) ok = assign(d.qop, d.has_qop, value);
    else if (scan::iequals(name, "nc")) ok = assign(d.nc, d.has_nc, value);
    else if (scan::iequals(name, "stale")) ok = assign(d.stale, d.has_stale, value);
    else if (scan::iequals(name, "domain")) ok = assign(d.domain, has_domain, value);
    else if (scan::iequals(name, "userhash")) ok = assign(d.userhash, has_userhash, value);
    if (!ok) return unexpected(kBad);
    s = scan::ltrim(s);
    if (s.empty()) break;
    if (s[0] != ',') return unexpected(kBad);
    s.remove_prefix(1);
  }
  return d;
}

}  // namespace vg::sip
