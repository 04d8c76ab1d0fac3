#include "sip/uri.h"

#include <arpa/inet.h>

#include <array>

#include "sip/scan.h"

namespace vg::sip {

namespace {

constexpr auto kBad = ParseError::kBadUri;

// Bytes that may not appear unescaped anywhere in a URI: controls, SP, DEL, '<', '>', '"'.
constexpr std::array<bool, 256> kNotInUri = [] {
  std::array<bool, 256> t{};
  for (size_t c = 0; c <= 0x20; ++c) t[c] = true;
  t[0x7f] = t['<'] = t['>'] = t['"'] = true;
  return t;
}();

bool valid_scheme(std::string_view s) {
  if (s.empty() || !scan::is(s[0], scan::kAlpha)) return false;
  for (char ch : s) {
    if (!scan::is(ch, scan::kAlpha | scan::kDigit) && ch != '+' && ch != '-' && ch != '.') return false;
  }
  return true;
}

bool valid_hostname(std::string_view s) {
  if (s.empty() || s.size() > 255) return false;
  // RFC 3261 §25.1: labels are non-empty (a trailing dot is allowed), do not start or end with '-',
  // and the top label starts with a letter. The last rule keeps numeric look-alikes of addresses
  // ("127.1", "2130706433", "0x7f.1") that inet_aton-style resolvers accept from passing as names.
  // One pass: characters and label rules together.
  size_t label = 0, top = 0;
  char prev = '.';
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (!scan::is(c, scan::kHostChar)) return false;
    if (c == '.') {
      if (label == 0 || prev == '-') return false;
      label = 0;
    } else {
      if (label == 0) {
        if (c == '-') return false;
        top = i;
      }
      ++label;
    }
    prev = c;
  }
  if (label != 0 && prev == '-') return false;
  return scan::is(s[top], scan::kAlpha);
}

bool valid_user(std::string_view s) {
  if (s.empty()) return false;
  // 1*( unreserved / escaped / user-unreserved ): every '%' starts a %HH escape.
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (!scan::is(c, scan::kUserChar)) return false;
    if (c == '%') {
      if (i + 2 >= s.size() || !scan::is(s[i + 1], scan::kHex) || !scan::is(s[i + 2], scan::kHex)) return false;
      i += 2;
    }
  }
  return true;
}

bool valid_password(std::string_view s) {
  for (char ch : s) {
    if (!scan::is(ch, scan::kAlpha | scan::kDigit) && std::string_view("-_.!~*'()&=+$,%").find(ch) == std::string_view::npos) {
      return false;
    }
  }
  return scan::escapes_valid(s);
}

bool valid_uri_headers(std::string_view s) {
  // hname "=" hvalue *( "&" hname "=" hvalue ); hnv-unreserved = [ ] / ? : + $; hname non-empty
  for (char ch : s) {
    if (!scan::is(ch, scan::kAlpha | scan::kDigit) &&
        std::string_view("-_.!~*'()[]/?:+$%&=").find(ch) == std::string_view::npos) {
      return false;
    }
  }
  size_t b = 0;
  while (true) {
    size_t amp = s.find('&', b);
    std::string_view header = s.substr(b, amp == std::string_view::npos ? std::string_view::npos : amp - b);
    size_t eq = header.find('=');
    if (eq == 0 || eq == std::string_view::npos || header.find('=', eq + 1) != std::string_view::npos) return false;
    if (amp == std::string_view::npos) break;
    b = amp + 1;
  }
  return scan::escapes_valid(s);
}

// host [":" port] from the start of s; returns bytes consumed or 0 on error.
size_t parse_hostport(std::string_view s, Uri& u) {
  size_t i = 0;
  if (!s.empty() && s[0] == '[') {
    size_t close = s.find(']');
    if (close == std::string_view::npos) return 0;
    if (!is_ipv6(s.substr(1, close - 1))) return 0;
    u.host = s.substr(0, close + 1);
    u.host_type = HostType::kIpv6;
    i = close + 1;
  } else {
    while (i < s.size() && s[i] != ':' && s[i] != ';' && s[i] != '?') ++i;
    u.host = s.substr(0, i);
    u.host_type = is_ipv4(u.host) ? HostType::kIpv4 : HostType::kName;
    if (u.host_type == HostType::kName && !valid_hostname(u.host)) return 0;
  }
  if (i < s.size() && s[i] == ':') {
    size_t b = ++i;
    while (i < s.size() && scan::is_digit(s[i])) ++i;
    auto port = scan::parse_uint<uint32_t>(s.substr(b, i - b), 65535);
    if (!port || *port == 0) return 0;
    u.port = static_cast<uint16_t>(*port);
  }
  return i;
}

ParseError parse_sip(std::string_view rest, Uri& u) {
  // userinfo ends at the first '@' (user, password, params and headers cannot hold a raw '@').
  size_t at = rest.find('@');
  std::string_view hostpart = rest;
  if (at != std::string_view::npos) {
    std::string_view userinfo = rest.substr(0, at);
    size_t colon = userinfo.find(':');
    u.user = userinfo.substr(0, colon);
    if (!valid_user(u.user)) return kBad;
    if (colon != std::string_view::npos) {
      u.password = userinfo.substr(colon + 1);
      u.has_password = true;
      if (!valid_password(u.password)) return kBad;
    }
    hostpart = rest.substr(at + 1);
  }
  size_t n = parse_hostport(hostpart, u);
  if (n == 0) return kBad;
  std::string_view tail = hostpart.substr(n);
  size_t q = tail.find('?');
  std::string_view params = tail.substr(0, q);
  if (q != std::string_view::npos) {
    u.headers = tail.substr(q + 1);
    if (u.headers.empty() || !valid_uri_headers(u.headers)) return kBad;
  }
  if (!params.empty()) {
    if (params[0] != ';') return kBad;
    params.remove_prefix(1);
    if (!validate_params(params, false)) return kBad;
    u.params = ParamList(params);
  }
  return ParseError::kNone;
}

ParseError parse_tel(std::string_view rest, Uri& u) {
  // RFC 3966: telephone-subscriber = global-number / local-number, then ;par.
  size_t semi = rest.find(';');
  u.user = rest.substr(0, semi);
  if (u.user.empty()) return kBad;
  // global-number-digits = "+" *phonedigit DIGIT *phonedigit; local-number-digits =
  // *phonedigit-hex (HEXDIG / "*" / "#") *phonedigit-hex (RFC 3966 §3; 'p'/'w' of RFC 2806 tolerated).
  const bool global = u.user[0] == '+';
  bool has_digit = false;
  for (size_t i = global ? 1 : 0; i < u.user.size(); ++i) {
    const char ch = scan::lower(u.user[i]);
    if (global ? scan::is_digit(ch) : (scan::is(ch, scan::kHex) || ch == '*' || ch == '#')) {
      has_digit = true;
    } else if (std::string_view("-.()pw").find(ch) == std::string_view::npos) {
      return kBad;
    }
  }
  if (!has_digit) return kBad;
  if (semi != std::string_view::npos) {
    std::string_view params = rest.substr(semi + 1);
    if (!validate_params(params, false)) return kBad;
    u.params = ParamList(params);
  }
  return ParseError::kNone;
}

}  // namespace

bool is_ipv4(std::string_view s) {
  if (s.size() < 7 || s.size() > 15) return false;
  int parts = 0;
  unsigned value = 0;
  int digits = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '.') {
      if (digits == 0 || value > 255) return false;
      ++parts;
      value = 0;
      digits = 0;
      continue;
    }
    if (!scan::is_digit(s[i]) || ++digits > 3) return false;
    value = value * 10 + static_cast<unsigned>(s[i] - '0');
  }
  return parts == 4;
}

bool is_ipv6(std::string_view s) {
  if (s.size() < 2 || s.size() > 45) return false;
  char buf[46];
  s.copy(buf, s.size());
  buf[s.size()] = '\0';
  in6_addr a{};
  if (inet_pton(AF_INET6, buf, &a) == 1) return true;
  // RFC 5118 §4.10: RFC 3261's ABNF allowed "hexseq::" followed by ":" IPv4address, i.e. three
  // colons ("2001:db8:::192.0.2.1"); implementations must tolerate it. Retry with two colons.
  std::string_view sv(buf, s.size());
  size_t triple = sv.find(":::");
  if (triple == std::string_view::npos || sv.find(":::", triple + 1) != std::string_view::npos) return false;
  if (!is_ipv4(sv.substr(triple + 3))) return false;
  char fixed[46];
  sv.substr(0, triple + 2).copy(fixed, triple + 2);
  sv.substr(triple + 3).copy(fixed + triple + 2, sv.size() - triple - 3);
  fixed[sv.size() - 1] = '\0';
  return inet_pton(AF_INET6, fixed, &a) == 1;
}

HostType classify_host(std::string_view s) {
  if (s.size() >= 2 && s.front() == '[' && s.back() == ']') {
    return is_ipv6(s.substr(1, s.size() - 2)) ? HostType::kIpv6 : HostType::kNone;
  }
  if (is_ipv4(s)) return HostType::kIpv4;
  return valid_hostname(s) ? HostType::kName : HostType::kNone;
}

ParseError parse_uri_into(std::string_view text, size_t max_length, Uri& u) {
  u = Uri{};
  if (text.size() > max_length) return ParseError::kUriTooLong;
  if (text.empty()) return kBad;
  u.raw = text;
  size_t colon = text.find(':');
  if (colon == std::string_view::npos) return kBad;
  u.scheme_name = text.substr(0, colon);
  if (!valid_scheme(u.scheme_name)) return kBad;
  std::string_view rest = text.substr(colon + 1);
  // sip, sips and tel check every character of every component against its own (narrower) class,
  // so the general "nothing unescaped that may not appear in a URI" scan is needed only for others.
  if (u.scheme_name.size() == 3 && scan::iequals(u.scheme_name, "sip")) {
    u.scheme = UriScheme::kSip;
    return parse_sip(rest, u);
  }
  if (u.scheme_name.size() == 4 && scan::iequals(u.scheme_name, "sips")) {
    u.scheme = UriScheme::kSips;
    return parse_sip(rest, u);
  }
  if (u.scheme_name.size() == 3 && scan::iequals(u.scheme_name, "tel")) {
    u.scheme = UriScheme::kTel;
    return parse_tel(rest, u);
  }
  for (char ch : text) {
    // RFC 3261 §19.1.1 / §25.1: no whitespace or controls inside a URI; they must be escaped.
    if (kNotInUri[static_cast<unsigned char>(ch)]) return kBad;
  }
  if (rest.empty()) return kBad;
  u.scheme = UriScheme::kOther;
  u.opaque = rest;
  return ParseError::kNone;
}

Result<Uri, ParseError> parse_uri(std::string_view text, size_t max_length) {
  Uri u;
  if (auto e = parse_uri_into(text, max_length, u); e != ParseError::kNone) return unexpected(e);
  return u;
}

bool unescape(std::string_view in, std::string& out) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    c = scan::lower(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out.push_back(in[i]);
      continue;
    }
    if (i + 2 >= in.size()) return false;
    int hi = hex(in[i + 1]), lo = hex(in[i + 2]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return true;
}

}  // namespace vg::sip
