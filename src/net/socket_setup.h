// Opening and binding listening sockets with the options the transports rely on
// (SO_REUSEPORT groups for UDP, IPV6_V6ONLY, big buffers). Errors name the listener.
#pragma once

#include <string>

#include "core/ip.h"
#include "core/result.h"
#include "net/fd.h"

namespace vg::net {

// Binds a plain UDP socket (no SO_REUSEPORT) to find out whether the address is free and, for port
// 0, which port the kernel picks; closes it again. A port held by anyone, even by a SO_REUSEPORT
// group of the same user, is reported rather than silently shared.
Result<uint16_t, std::string> probe_udp_port(const Endpoint& bind, const std::string& label);

// A non-blocking UDP socket in the SO_REUSEPORT group for bind (whose port must be concrete).
// buffer_bytes: SO_RCVBUF/SO_SNDBUF, best effort (SO_*BUFFORCE first, which needs CAP_NET_ADMIN).
Result<UniqueFd, std::string> open_udp_socket(const Endpoint& bind, int buffer_bytes, const std::string& label);

}  // namespace vg::net
