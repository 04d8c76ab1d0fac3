#include "sdp/address.h"

#include <arpa/inet.h>

#include <array>
#include <cstring>

#include "sdp/limits.h"
#include "sdp/scan.h"

namespace vg::sdp {
namespace {

// inet_pton wants a NUL-terminated string; the longest IPv6 text form is 45 characters.
constexpr size_t kMaxLiteral = 45;

std::optional<AddrType> to_bytes(std::string_view address, std::array<unsigned char, 16>& out) {
  if (address.empty() || address.size() > kMaxLiteral) return std::nullopt;
  std::array<char, kMaxLiteral + 1> buf{};
  std::memcpy(buf.data(), address.data(), address.size());
  // inet_pton is a pure conversion (no I/O); glibc rejects leading zeros, short forms and zone ids.
  if (address.find(':') != std::string_view::npos) {
    if (inet_pton(AF_INET6, buf.data(), out.data()) == 1) return AddrType::kIp6;
    return std::nullopt;
  }
  if (inet_pton(AF_INET, buf.data(), out.data()) == 1) return AddrType::kIp4;
  return std::nullopt;
}

}  // namespace

std::string_view addrtype_name(AddrType t) { return t == AddrType::kIp6 ? "IP6" : "IP4"; }

std::optional<AddrType> parse_addrtype(std::string_view s) {
  if (scan::iequals(s, "IP4")) return AddrType::kIp4;
  if (scan::iequals(s, "IP6")) return AddrType::kIp6;
  return std::nullopt;
}

std::optional<AddrType> literal_address_type(std::string_view address) {
  std::array<unsigned char, 16> bytes{};
  return to_bytes(address, bytes);
}

bool is_multicast_address(std::string_view address) {
  std::array<unsigned char, 16> bytes{};
  const auto t = to_bytes(address, bytes);
  if (!t) return false;
  if (*t == AddrType::kIp4) return (bytes[0] & 0xf0) == 0xe0;  // 224.0.0.0/4
  return bytes[0] == 0xff;                                        // ff00::/8
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
  if (literal_address_type(c.address) != type) return bad;
  c.multicast = is_multicast_address(c.address);

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
