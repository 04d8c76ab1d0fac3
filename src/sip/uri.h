// SIP, SIPS and tel URIs (RFC 3261 §19.1, RFC 3966) as views into the message buffer.
// Escaped characters are kept as written; use unescape() to decode a component.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "sip/error.h"
#include "sip/params.h"

namespace vg::sip {

enum class UriScheme : uint8_t { kSip, kSips, kTel, kOther };
enum class HostType : uint8_t { kNone, kName, kIpv4, kIpv6 };

struct Uri {
  std::string_view raw;
  UriScheme scheme = UriScheme::kOther;
  std::string_view scheme_name;  // as written
  std::string_view user;         // sip/sips: user part; tel: the number (global or local)
  std::string_view password;
  bool has_password = false;
  std::string_view host;         // as written; an IPv6 reference keeps its brackets
  HostType host_type = HostType::kNone;
  uint16_t port = 0;             // 0: absent
  ParamList params;              // after the first ';' (sip/sips/tel)
  std::string_view headers;      // after '?', raw
  std::string_view opaque;       // kOther: everything after "scheme:"

  [[nodiscard]] bool is_sip_or_sips() const { return scheme == UriScheme::kSip || scheme == UriScheme::kSips; }
  // Host without the brackets of an IPv6 reference.
  [[nodiscard]] std::string_view host_bare() const {
    if (host_type == HostType::kIpv6 && host.size() >= 2) return host.substr(1, host.size() - 2);
    return host;
  }
};

// Parses a URI. Accepts any syntactically valid absolute URI scheme (as kOther); sip/sips/tel are
// parsed fully and strictly (no whitespace, valid escapes, valid host and port).
Result<Uri, ParseError> parse_uri(std::string_view text, size_t max_length);
// The same, filling `out` in place (no copy of the struct); kNone on success.
ParseError parse_uri_into(std::string_view text, size_t max_length, Uri& out);

// Decodes %HH escapes into out (appends). Returns false on a malformed escape.
bool unescape(std::string_view in, std::string& out);

// Host syntax helpers (RFC 3261 §25.1 host, RFC 5118 IPv6 references).
bool is_ipv4(std::string_view s);
bool is_ipv6(std::string_view s);  // without brackets
// Parses a host (name, IPv4, or [IPv6]) and returns its type, kNone if invalid.
HostType classify_host(std::string_view s);

}  // namespace vg::sip
