#include "net/sockaddr.h"

#include <netinet/in.h>

#include <cstring>

namespace vg::net {

SockAddr to_sockaddr(const Endpoint& e) {
  SockAddr out;
  if (e.is_v4()) {
    auto* sin = reinterpret_cast<sockaddr_in*>(&out.storage);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(e.port);
    auto b = e.address.v4_bytes();
    std::memcpy(&sin->sin_addr, b.data(), 4);
    out.length = sizeof(sockaddr_in);
  } else {
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&out.storage);
    sin6->sin6_family = AF_INET6;
    sin6->sin6_port = htons(e.port);
    std::memcpy(&sin6->sin6_addr, e.address.bytes().data(), 16);
    out.length = sizeof(sockaddr_in6);
  }
  return out;
}

Endpoint from_sockaddr(const sockaddr* sa, socklen_t length) {
  if (sa == nullptr) return {};
  if (sa->sa_family == AF_INET && length >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    sockaddr_in sin;
    std::memcpy(&sin, sa, sizeof sin);
    std::array<uint8_t, 4> b;
    std::memcpy(b.data(), &sin.sin_addr, 4);
    return Endpoint{IpAddress::v4(b), ntohs(sin.sin_port)};
  }
  if (sa->sa_family == AF_INET6 && length >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    sockaddr_in6 sin6;
    std::memcpy(&sin6, sa, sizeof sin6);
    IpAddress::Bytes b;
    std::memcpy(b.data(), &sin6.sin6_addr, 16);
    return Endpoint{IpAddress::v6(b), ntohs(sin6.sin6_port)};
  }
  return {};
}

std::string listener_label(Transport t, const Endpoint& bind) {
  std::string out;
  switch (t) {
    case Transport::kUdp: out = "udp"; break;
    case Transport::kTcp: out = "tcp"; break;
    case Transport::kTls: out = "tls"; break;
  }
  out += bind.is_v4() ? '4' : '6';
  out += ' ';
  out += bind.to_string();
  return out;
}

}  // namespace vg::net
