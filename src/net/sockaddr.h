// Conversions between vg::Endpoint and the kernel's / Asio's socket addresses.
#pragma once

#include <sys/socket.h>

#include <string>

#include "core/ip.h"
#include "net/transport.h"

namespace vg::net {

struct SockAddr {
  sockaddr_storage storage{};
  socklen_t length = 0;

  [[nodiscard]] const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
  [[nodiscard]] sockaddr* get() { return reinterpret_cast<sockaddr*>(&storage); }
  [[nodiscard]] int family() const { return storage.ss_family; }
};

// IPv4 endpoints become AF_INET, everything else AF_INET6.
SockAddr to_sockaddr(const Endpoint& e);
// AF_INET / AF_INET6 (an IPv4-mapped AF_INET6 address becomes IPv4); anything else: 0.0.0.0:0.
Endpoint from_sockaddr(const sockaddr* sa, socklen_t length);

inline int family_of(const Endpoint& e) { return e.is_v4() ? AF_INET : AF_INET6; }

// "udp4 127.0.0.1:5060", "tcp6 [::1]:5060": how errors name a listener.
std::string listener_label(Transport t, const Endpoint& bind);

}  // namespace vg::net
