// IP address, endpoint (address + port) and CIDR prefix value types, shared by every layer (ban lists,
// ACLs, Via received=, sockets). Text conversion only; no sockets here (src/net owns those).
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vg {

enum class IpError : uint8_t {
  kEmpty,
  kBadAddress,     // not an IPv4 dotted quad or an IPv6 address
  kBadPort,        // missing, not a number, or over 65535
  kBadPrefix,      // CIDR prefix length missing, not a number, or too long for the family
  kHostBitsSet,    // strict CIDR parse: bits set after the prefix ("10.0.0.1/8")
};

std::string_view describe(IpError e);

// An IPv4 or IPv6 address in 16 bytes of network-order storage. IPv4 is stored in its IPv4-mapped
// form (::ffff:a.b.c.d, RFC 4291 §2.5.5.2), so "1.2.3.4" and "::ffff:1.2.3.4" are the same value:
// a ban or an ACL entry cannot be dodged by spelling an IPv4 peer as a mapped IPv6 address.
// Zone ids (fe80::1%eth0) are not supported.
class IpAddress {
 public:
  using Bytes = std::array<uint8_t, 16>;

  IpAddress() { bytes_[10] = 0xff; bytes_[11] = 0xff; }  // 0.0.0.0

  // IPv4 from four bytes in network order / from a host-order integer (0x7f000001 = 127.0.0.1).
  static IpAddress v4(std::array<uint8_t, 4> b);
  static IpAddress v4(uint32_t host_order);
  // IPv6 from 16 bytes; an IPv4-mapped address becomes IPv4.
  static IpAddress v6(const Bytes& b);
  static IpAddress v6_any() { return v6(Bytes{}); }
  static IpAddress v6_loopback();

  // "192.0.2.1", "2001:db8::1", "::ffff:192.0.2.1" (becomes IPv4). No brackets, no zone id.
  static Result<IpAddress, IpError> parse(std::string_view text);

  [[nodiscard]] bool is_v4() const;
  [[nodiscard]] bool is_v6() const { return !is_v4(); }
  // Host-order IPv4 value; only meaningful when is_v4().
  [[nodiscard]] uint32_t v4_value() const;
  [[nodiscard]] std::array<uint8_t, 4> v4_bytes() const { return {bytes_[12], bytes_[13], bytes_[14], bytes_[15]}; }
  // The 16 stored bytes (IPv4 as ::ffff:a.b.c.d).
  [[nodiscard]] const Bytes& bytes() const { return bytes_; }

  [[nodiscard]] bool is_unspecified() const;  // 0.0.0.0, ::
  [[nodiscard]] bool is_loopback() const;     // 127.0.0.0/8, ::1
  // Not routable on the public Internet by design: RFC 1918 (10/8, 172.16/12, 192.168/16),
  // RFC 6598 shared address space (100.64/10, carrier-grade NAT), RFC 4193 unique local (fc00::/7).
  [[nodiscard]] bool is_private() const;
  [[nodiscard]] bool is_link_local() const;   // 169.254/16, fe80::/10
  [[nodiscard]] bool is_multicast() const;    // 224/4, ff00::/8

  // Keeps the first `prefix` bits (counted in the address's own family: 0..32 or 0..128).
  [[nodiscard]] IpAddress masked(unsigned prefix) const;

  // Dotted quad for IPv4; RFC 5952 canonical text for IPv6 (lower case, no leading zeros, the
  // longest run of two or more zero groups shortened to "::", the first one on a tie).
  [[nodiscard]] std::string to_string() const;

  friend auto operator<=>(const IpAddress&, const IpAddress&) = default;
  friend bool operator==(const IpAddress&, const IpAddress&) = default;

 private:
  Bytes bytes_{};
};

// An address and a port. Text form "192.0.2.1:5060", "[2001:db8::1]:5060".
struct Endpoint {
  IpAddress address;
  uint16_t port = 0;

  // Requires a port: "192.0.2.1:5060", "[::1]:5060". Port 0 is allowed (bind an ephemeral port).
  static Result<Endpoint, IpError> parse(std::string_view text);
  // As parse, but a missing port ("192.0.2.1", "[::1]", "::1") takes default_port.
  static Result<Endpoint, IpError> parse(std::string_view text, uint16_t default_port);

  [[nodiscard]] bool is_v4() const { return address.is_v4(); }
  [[nodiscard]] std::string to_string() const;

  friend auto operator<=>(const Endpoint&, const Endpoint&) = default;
  friend bool operator==(const Endpoint&, const Endpoint&) = default;
};

// A network prefix: "10.0.0.0/8", "2001:db8::/32"; a bare address is a host prefix (/32, /128).
class Cidr {
 public:
  Cidr() = default;
  // prefix counts in the address's family (0..32 for IPv4); bits after it are cleared.
  Cidr(IpAddress network, unsigned prefix);

  // Host bits are cleared ("10.1.2.3/8" is 10.0.0.0/8) unless strict, which rejects them.
  static Result<Cidr, IpError> parse(std::string_view text, bool strict = false);

  [[nodiscard]] const IpAddress& network() const { return network_; }
  [[nodiscard]] unsigned prefix() const { return prefix_; }  // in the network's family
  [[nodiscard]] bool is_v4() const { return network_.is_v4(); }
  // True when address is in the same family and shares the first prefix() bits.
  [[nodiscard]] bool contains(const IpAddress& address) const;
  [[nodiscard]] std::string to_string() const;

  friend auto operator<=>(const Cidr&, const Cidr&) = default;
  friend bool operator==(const Cidr&, const Cidr&) = default;

 private:
  IpAddress network_;
  unsigned prefix_ = 32;
};

}  // namespace vg

template <>
struct std::hash<vg::IpAddress> {
  size_t operator()(const vg::IpAddress& a) const noexcept;
};

template <>
struct std::hash<vg::Endpoint> {
  size_t operator()(const vg::Endpoint& e) const noexcept;
};
