#include "sip/via.h"

#include "sip/scan.h"

namespace vg::sip {

namespace {

constexpr auto kBad = ParseError::kBadVia;

// Reads a token at the front of s (after LWS), advancing s.
std::string_view take_token(std::string_view& s) {
  s = scan::ltrim(s);
  size_t i = 0;
  while (i < s.size() && scan::is_token(s[i])) ++i;
  auto t = s.substr(0, i);
  s.remove_prefix(i);
  return t;
}

bool take_char(std::string_view& s, char ch) {
  s = scan::ltrim(s);
  if (s.empty() || s[0] != ch) return false;
  s.remove_prefix(1);
  return true;
}

}  // namespace

ParseError parse_via_into(std::string_view text, Via& v) {
  v = Via{};
  v.raw = scan::trim(text);
  std::string_view s = v.raw;
  // sent-protocol = protocol-name SLASH protocol-version SLASH transport (SLASH = SWS "/" SWS)
  v.protocol_name = take_token(s);
  if (v.protocol_name.empty() || !take_char(s, '/')) return kBad;
  v.protocol_version = take_token(s);
  if (v.protocol_version.empty() || !take_char(s, '/')) return kBad;
  v.transport = take_token(s);
  if (v.transport.empty()) return kBad;
  if (s.empty() || !scan::is_lws(s[0])) return kBad;
  s = scan::ltrim(s);
  // sent-by = host [ COLON port ]
  size_t i = 0;
  if (!s.empty() && s[0] == '[') {
    i = s.find(']');
    if (i == std::string_view::npos) return kBad;
    ++i;
  } else {
    while (i < s.size() && s[i] != ':' && s[i] != ';' && !scan::is_lws(s[i])) ++i;
  }
  v.host = s.substr(0, i);
  v.host_type = classify_host(v.host);
  if (v.host_type == HostType::kNone) return kBad;
  s.remove_prefix(i);
  if (take_char(s, ':')) {
    s = scan::ltrim(s);
    size_t n = 0;
    while (n < s.size() && scan::is_digit(s[n])) ++n;
    auto port = scan::parse_uint<uint32_t>(s.substr(0, n), 65535);
    if (!port || *port == 0) return kBad;
    v.port = static_cast<uint16_t>(*port);
    s.remove_prefix(n);
  }
  s = scan::ltrim(s);
  if (s.empty()) return ParseError::kNone;
  if (s[0] != ';') return kBad;
  s.remove_prefix(1);
  v.params = ParamList(s);
  // Validation and the parameters a proxy needs, in one pass (names compared case-insensitively).
  auto one = [&v](const Param& p) {
    switch (p.name.size()) {
      case 6:
        if (scan::iequals(p.name, "branch")) {
          if (!p.has_value || p.value.empty()) return false;
          v.branch = p.value;
        }
        return true;
      case 8:
        if (scan::iequals(p.name, "received")) {
          // RFC 3261 received = IPv4address / IPv6address; RFC 5118 §4.5 accepts the bracketed form too.
          std::string_view r = p.value;
          bool ok = is_ipv4(r) || is_ipv6(r) ||
                    (r.size() > 2 && r.front() == '[' && r.back() == ']' && is_ipv6(r.substr(1, r.size() - 2)));
          if (!ok) return false;
          v.received = r;
        }
        return true;
      case 5:
        if (scan::iequals(p.name, "rport")) {
          v.has_rport = true;
          if (p.has_value) {
            auto port = scan::parse_uint<uint32_t>(p.value, 65535);
            if (!port) return false;
            v.rport = static_cast<uint16_t>(*port);
          }
        } else if (scan::iequals(p.name, "maddr")) {
          if (classify_host(p.value) == HostType::kNone) return false;
          v.maddr = p.value;
        }
        return true;
      case 3:
        if (scan::iequals(p.name, "ttl")) {
          auto ttl = scan::parse_uint<uint32_t>(p.value, 255);
          if (!ttl) return false;
          v.ttl = static_cast<uint8_t>(*ttl);
        }
        return true;
      default:
        return true;
    }
  };
  if (!scan_params(s, true, one)) return kBad;
  return ParseError::kNone;
}

Result<Via, ParseError> parse_via(std::string_view text) {
  Via v;
  if (auto e = parse_via_into(text, v); e != ParseError::kNone) return unexpected(e);
  return v;
}

}  // namespace vg::sip
