#include "core/ip.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace vg {

namespace {

constexpr unsigned kV4Offset = 96;  // bits before the IPv4 part of a mapped address

// inet_pton needs a NUL-terminated string; addresses are short, so copy into a small buffer.
constexpr size_t kMaxAddressText = 64;

bool copy_text(std::string_view text, char (&out)[kMaxAddressText]) {
  if (text.empty() || text.size() >= kMaxAddressText) return false;
  if (text.find('\0') != std::string_view::npos) return false;  // inet_pton would stop there
  std::memcpy(out, text.data(), text.size());
  out[text.size()] = '\0';
  return true;
}

Result<uint16_t, IpError> parse_port(std::string_view s) {
  if (s.empty() || s.size() > 5) return unexpected(IpError::kBadPort);
  unsigned v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v > 65535) return unexpected(IpError::kBadPort);
  return static_cast<uint16_t>(v);
}

bool prefix_matches(const IpAddress::Bytes& a, const IpAddress::Bytes& b, unsigned bits) {
  size_t whole = bits / 8;
  if (std::memcmp(a.data(), b.data(), whole) != 0) return false;
  unsigned rest = bits % 8;
  if (rest == 0) return true;
  auto mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (a[whole] & mask) == (b[whole] & mask);
}

}  // namespace

std::string_view describe(IpError e) {
  switch (e) {
    case IpError::kEmpty: return "empty address";
    case IpError::kBadAddress: return "not an IPv4 or IPv6 address";
    case IpError::kBadPort: return "bad or missing port";
    case IpError::kBadPrefix: return "bad prefix length";
    case IpError::kHostBitsSet: return "address has bits set after the prefix";
  }
  return "unknown address error";
}

IpAddress IpAddress::v4(std::array<uint8_t, 4> b) {
  IpAddress a;
  std::memcpy(a.bytes_.data() + 12, b.data(), 4);
  return a;
}

IpAddress IpAddress::v4(uint32_t host_order) {
  return v4({static_cast<uint8_t>(host_order >> 24), static_cast<uint8_t>(host_order >> 16),
             static_cast<uint8_t>(host_order >> 8), static_cast<uint8_t>(host_order)});
}

IpAddress IpAddress::v6(const Bytes& b) {
  IpAddress a;
  a.bytes_ = b;
  return a;
}

IpAddress IpAddress::v6_loopback() {
  Bytes b{};
  b[15] = 1;
  return v6(b);
}

Result<IpAddress, IpError> IpAddress::parse(std::string_view text) {
  if (text.empty()) return unexpected(IpError::kEmpty);
  char buf[kMaxAddressText];
  if (!copy_text(text, buf)) return unexpected(IpError::kBadAddress);
  IpAddress a;
  if (text.find(':') == std::string_view::npos) {
    // glibc's inet_pton(AF_INET) takes only the four-part decimal form (no octal, no "127.1").
    if (inet_pton(AF_INET, buf, a.bytes_.data() + 12) != 1) return unexpected(IpError::kBadAddress);
    return a;
  }
  Bytes b{};
  if (inet_pton(AF_INET6, buf, b.data()) != 1) return unexpected(IpError::kBadAddress);
  return v6(b);
}

bool IpAddress::is_v4() const {
  static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return std::memcmp(bytes_.data(), kMapped, sizeof kMapped) == 0;
}

uint32_t IpAddress::v4_value() const {
  return (uint32_t{bytes_[12]} << 24) | (uint32_t{bytes_[13]} << 16) | (uint32_t{bytes_[14]} << 8) | bytes_[15];
}

bool IpAddress::is_unspecified() const {
  if (is_v4()) return v4_value() == 0;
  return *this == v6_any();
}

bool IpAddress::is_loopback() const {
  if (is_v4()) return bytes_[12] == 127;
  return *this == v6_loopback();
}

bool IpAddress::is_private() const {
  if (is_v4()) {
    uint8_t a = bytes_[12], b = bytes_[13];
    return a == 10 || (a == 172 && (b & 0xf0) == 16) || (a == 192 && b == 168) ||
           (a == 100 && (b & 0xc0) == 64);
  }
  return (bytes_[0] & 0xfe) == 0xfc;
}

bool IpAddress::is_link_local() const {
  if (is_v4()) return bytes_[12] == 169 && bytes_[13] == 254;
  return bytes_[0] == 0xfe && (bytes_[1] & 0xc0) == 0x80;
}

bool IpAddress::is_multicast() const {
  if (is_v4()) return (bytes_[12] & 0xf0) == 224;
  return bytes_[0] == 0xff;
}

IpAddress IpAddress::masked(unsigned prefix) const {
  unsigned bits = is_v4() ? kV4Offset + std::min(prefix, 32u) : std::min(prefix, 128u);
  IpAddress out = *this;
  for (unsigned i = 0; i < 16; ++i) {
    unsigned start = i * 8;
    if (start >= bits) {
      out.bytes_[i] = 0;
    } else if (bits - start < 8) {
      out.bytes_[i] &= static_cast<uint8_t>(0xff << (8 - (bits - start)));
    }
  }
  return out;
}

std::string IpAddress::to_string() const {
  if (is_v4()) {
    // By hand: inet_ntop goes through sprintf, and this runs several times per forwarded message
    // (Via received=, NAT checks). At most 15 characters, so the result stays in the SSO buffer.
    char buf[16];
    size_t n = 0;
    for (int i = 12; i < 16; ++i) {
      unsigned v = bytes_[static_cast<size_t>(i)];
      if (v >= 100) buf[n++] = static_cast<char>('0' + v / 100);
      if (v >= 10) buf[n++] = static_cast<char>('0' + v / 10 % 10);
      buf[n++] = static_cast<char>('0' + v % 10);
      if (i != 15) buf[n++] = '.';
    }
    return std::string(buf, n);
  }
  // RFC 5952 §4 by hand rather than inet_ntop: glibc prints "::a.b.c.d" for IPv4-compatible
  // addresses, which RFC 5952 §5 does not recommend.
  uint16_t groups[8];
  for (int i = 0; i < 8; ++i) groups[i] = static_cast<uint16_t>((bytes_[2 * i] << 8) | bytes_[2 * i + 1]);
  int best_start = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (groups[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i > best_len) {  // strict: the first of equal runs wins (§4.2.3)
      best_start = i;
      best_len = j - i;
    }
    i = j;
  }
  if (best_len < 2) best_start = -1;  // §4.2.2: one zero group is not shortened
  std::string out;
  out.reserve(39);
  for (int i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    char hex[5];
    auto [p, ec] = std::to_chars(hex, hex + sizeof hex, groups[i], 16);
    (void)ec;
    out.append(hex, p);
  }
  return out;
}

Result<Endpoint, IpError> Endpoint::parse(std::string_view text) {
  if (text.empty()) return unexpected(IpError::kEmpty);
  std::string_view host, port;
  if (text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos) return unexpected(IpError::kBadAddress);
    host = text.substr(1, close - 1);
    std::string_view rest = text.substr(close + 1);
    if (rest.size() < 2 || rest.front() != ':') return unexpected(IpError::kBadPort);
    port = rest.substr(1);
    if (host.find(':') == std::string_view::npos) return unexpected(IpError::kBadAddress);  // "[1.2.3.4]"
  } else {
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return unexpected(IpError::kBadPort);
    if (text.find(':') != colon) return unexpected(IpError::kBadPort);  // bare IPv6: no room for a port
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  auto a = IpAddress::parse(host);
  if (!a) return unexpected(a.error());
  auto p = parse_port(port);
  if (!p) return unexpected(p.error());
  return Endpoint{*a, *p};
}

Result<Endpoint, IpError> Endpoint::parse(std::string_view text, uint16_t default_port) {
  if (text.empty()) return unexpected(IpError::kEmpty);
  if (text.front() == '[') {
    if (text.back() == ']') {
      std::string_view host = text.substr(1, text.size() - 2);
      if (host.find(':') == std::string_view::npos) return unexpected(IpError::kBadAddress);
      auto a = IpAddress::parse(host);
      if (!a) return unexpected(a.error());
      return Endpoint{*a, default_port};
    }
    return parse(text);
  }
  size_t colons = static_cast<size_t>(std::count(text.begin(), text.end(), ':'));
  if (colons == 1) return parse(text);
  auto a = IpAddress::parse(text);
  if (!a) return unexpected(a.error());
  return Endpoint{*a, default_port};
}

std::string Endpoint::to_string() const {
  std::string out;
  if (address.is_v4()) {
    out = address.to_string();
  } else {
    out = "[" + address.to_string() + "]";
  }
  out += ':';
  out += std::to_string(port);
  return out;
}

Cidr::Cidr(IpAddress network, unsigned prefix) {
  unsigned max = network.is_v4() ? 32 : 128;
  prefix_ = std::min(prefix, max);
  network_ = network.masked(prefix_);
}

Result<Cidr, IpError> Cidr::parse(std::string_view text, bool strict) {
  if (text.empty()) return unexpected(IpError::kEmpty);
  size_t slash = text.find('/');
  auto a = IpAddress::parse(text.substr(0, slash));
  if (!a) return unexpected(a.error());
  unsigned max = a->is_v4() ? 32 : 128;
  unsigned prefix = max;
  if (slash != std::string_view::npos) {
    std::string_view p = text.substr(slash + 1);
    if (p.empty() || p.size() > 3) return unexpected(IpError::kBadPrefix);
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), prefix);
    if (ec != std::errc() || end != p.data() + p.size() || prefix > max) return unexpected(IpError::kBadPrefix);
  }
  Cidr c(*a, prefix);
  if (strict && c.network_ != *a) return unexpected(IpError::kHostBitsSet);
  return c;
}

bool Cidr::contains(const IpAddress& address) const {
  if (address.is_v4() != network_.is_v4()) return false;
  unsigned bits = network_.is_v4() ? kV4Offset + prefix_ : prefix_;
  return prefix_matches(network_.bytes(), address.bytes(), bits);
}

std::string Cidr::to_string() const { return network_.to_string() + "/" + std::to_string(prefix_); }

}  // namespace vg

size_t std::hash<vg::IpAddress>::operator()(const vg::IpAddress& a) const noexcept {
  // FNV-1a over the 16 bytes; stable, cheap, and good enough for sharding and hash maps.
  uint64_t h = 1469598103934665603ULL;
  for (uint8_t b : a.bytes()) {
    h ^= b;
    h *= 1099511628211ULL;
  }
  return static_cast<size_t>(h);
}

size_t std::hash<vg::Endpoint>::operator()(const vg::Endpoint& e) const noexcept {
  size_t h = std::hash<vg::IpAddress>{}(e.address);
  return h ^ (static_cast<size_t>(e.port) * 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
}
