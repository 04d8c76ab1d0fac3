// Via header values (RFC 3261 §20.42, §18.2.1 received/rport of RFC 3581) as views.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/result.h"
#include "sip/error.h"
#include "sip/params.h"
#include "sip/uri.h"

namespace vg::sip {

// RFC 3261 §8.1.1.7: branches of RFC 3261 elements start with this magic cookie.
inline constexpr std::string_view kBranchMagicCookie = "z9hG4bK";

struct Via {
  std::string_view raw;
  std::string_view protocol_name;     // "SIP"
  std::string_view protocol_version;  // "2.0"
  std::string_view transport;         // "UDP", "TCP", "TLS", "SCTP", "WS", ... as written
  std::string_view host;              // sent-by host; IPv6 reference keeps brackets
  HostType host_type = HostType::kNone;
  uint16_t port = 0;                  // 0: absent
  ParamList params;
  std::string_view branch;            // empty if absent
  std::string_view received;          // empty if absent
  bool has_rport = false;
  std::optional<uint16_t> rport;      // value when "rport=N"
  std::string_view maddr;
  std::optional<uint8_t> ttl;

  [[nodiscard]] bool rfc3261_branch() const { return branch.substr(0, kBranchMagicCookie.size()) == kBranchMagicCookie; }
};

Result<Via, ParseError> parse_via(std::string_view text);
// The same, filling `out` in place; kNone on success.
ParseError parse_via_into(std::string_view text, Via& out);

}  // namespace vg::sip
