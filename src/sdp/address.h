// Network addresses in SDP: the c= line (RFC 8866 §5.7) and the literal-address checks shared by
// o=, a=rtcp and the rewriter. A gateway opens pinholes for these, so only IP literals are accepted.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/ip.h"
#include "core/result.h"
#include "sdp/error.h"

namespace vg::sdp {

enum class AddrType : uint8_t { kIp4, kIp6 };

// "IP4" / "IP6", as written in c=, o= and a=rtcp.
std::string_view addrtype_name(AddrType t);
// "IP4" / "IP6" (case-insensitive) → type; anything else → nullopt.
std::optional<AddrType> parse_addrtype(std::string_view s);

// Family of an IPv4 dotted-quad or IPv6 literal, as written (an IPv4-mapped IPv6 literal is IP6);
// nullopt for anything else (names, garbage, zone ids). Parsing is vg::IpAddress's.
std::optional<AddrType> literal_address_type(std::string_view address);
// True for 224.0.0.0/4 and ff00::/8; false for unicast and for non-literals.
bool is_multicast_address(std::string_view address);

// c=<nettype> <addrtype> <connection-address>
struct Connection {
  AddrType addrtype = AddrType::kIp4;
  std::string_view address;     // the literal, without /ttl/count
  IpAddress ip;                 // the same, parsed
  std::optional<uint8_t> ttl;   // IP4 multicast only (RFC 8866 §5.7: required there, forbidden elsewhere)
  uint16_t count = 1;           // multicast address count (/count), 1 when absent
  bool multicast = false;
};

// Parses the value of a c= line ("IN IP4 192.0.2.1"). Trailing white space is tolerated.
Result<Connection, Error> parse_connection(std::string_view value);

}  // namespace vg::sdp
