#include "sdp/address.h"

#include "sdp/limits.h"
#include "sdp/scan.h"

namespace vg::sdp {

std::string_view addrtype_name(AddrType t) { return t == AddrType::kIp6 ? "IP6" : "IP4"; }

std::optional<AddrType> parse_addrtype(std::string_view s) {
  if (scan::iequals(s, "IP4")) return AddrType::kIp4;
  if (scan::iequals(s, "IP6")) return AddrType::kIp6;
  return std::nullopt;
}

std::optional<AddrType> literal_address_type(std::string_view address) {
  if (!IpAddress::parse(address)) return std::nullopt;
  return address.find(':') == std::string_view::npos ? AddrType::kIp4 : AddrType::kIp6;
}

bool is_multicast_address(std::string_view address) {
  auto ip = IpAddress::parse(address);
  return ip && ip->is_multicast();
}

Result<Connection, Error> parse_connection(std::string_view value) {
  constexpr auto bad = unexpected(Error::kBadConnection);
  std::string_view rest = scan::trim_trailing_ws(value);
  const std::string_view nettype = scan::next_field(rest, ' ');
  const std::string_view addrtype = scan::next_field(rest, ' ');
  const std::string_view connection_address = rest;
  if (!scan::iequals(nettype, "IN") || connection_address.empty()) return bad;
  const auto type = parse_addrtype(addrtype);
  if (!type) return bad;

  Connection c;
  c.addrtype = *type;
  std::string_view suffix = connection_address;
  c.address = scan::next_field(suffix, '/');
  auto ip = IpAddress::parse(c.address);
  const AddrType family = c.address.find(':') == std::string_view::npos ? AddrType::kIp4 : AddrType::kIp6;
  if (!ip || family != *type) return bad;
  c.ip = *ip;
  c.multicast = ip->is_multicast();

  // RFC 8866 §5.7: IP4 multicast carries /ttl[/count]; IP6 multicast carries only [/count];
  // unicast addresses carry neither.
  const bool has_suffix = c.address.size() != connection_address.size();
  if (!has_suffix) {
    if (c.multicast && c.addrtype == AddrType::kIp4) return bad;
    return c;
  }
  if (!c.multicast) return bad;
  if (c.addrtype == AddrType::kIp4) {
    const bool has_count = suffix.find('/') != std::string_view::npos;
    const auto ttl = scan::parse_uint<uint8_t>(scan::next_field(suffix, '/'), 255, 3);
    if (!ttl) return bad;
    c.ttl = *ttl;
    if (!has_count) return c;
  }
  const auto count = scan::parse_uint<uint16_t>(suffix, kMaxAddressCount, 5);
  if (!count || *count == 0) return bad;
  c.count = *count;
  return c;
}

}  // namespace vg::sdp
