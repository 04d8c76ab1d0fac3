#include "net/socket_setup.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "net/sockaddr.h"

namespace vg::net {

namespace {

std::string error_text(const std::string& label, int err) { return label + ": " + std::strerror(err); }

Result<UniqueFd, std::string> udp_socket(const Endpoint& bind, const std::string& label) {
  UniqueFd fd(::socket(family_of(bind), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return unexpected(error_text(label, errno));
  if (!bind.is_v4()) {
    // A v6 listener serves v6 only; IPv4 gets its own listener (and IPv4 peers keep IPv4 addresses).
    int one = 1;
    if (::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) != 0) {
      return unexpected(error_text(label, errno));
    }
  }
  return fd;
}

void set_buffer(int fd, int force_opt, int opt, int bytes) {
  if (::setsockopt(fd, SOL_SOCKET, force_opt, &bytes, sizeof bytes) == 0) return;
  (void)::setsockopt(fd, SOL_SOCKET, opt, &bytes, sizeof bytes);  // capped by net.core.*mem_max
}

}  // namespace

Result<uint16_t, std::string> probe_udp_port(const Endpoint& bind, const std::string& label) {
  auto fd = udp_socket(bind, label);
  if (!fd) return unexpected(fd.error());
  SockAddr sa = to_sockaddr(bind);
  if (::bind(fd->get(), sa.get(), sa.length) != 0) return unexpected(error_text(label, errno));
  SockAddr bound;
  bound.length = sizeof bound.storage;
  if (::getsockname(fd->get(), bound.get(), &bound.length) != 0) return unexpected(error_text(label, errno));
  return from_sockaddr(bound.get(), bound.length).port;
}

Result<UniqueFd, std::string> open_udp_socket(const Endpoint& bind, int buffer_bytes, const std::string& label) {
  auto fd = udp_socket(bind, label);
  if (!fd) return fd;
  int one = 1;
  // Linux SO_REUSEPORT: every worker binds the same address; the kernel spreads datagrams over
  // the group by a hash of the 4-tuple, so one source always lands on the same worker.
  if (::setsockopt(fd->get(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0) {
    return unexpected(error_text(label, errno));
  }
  if (buffer_bytes > 0) {
    set_buffer(fd->get(), SO_RCVBUFFORCE, SO_RCVBUF, buffer_bytes);
    set_buffer(fd->get(), SO_SNDBUFFORCE, SO_SNDBUF, buffer_bytes);
  }
  SockAddr sa = to_sockaddr(bind);
  if (::bind(fd->get(), sa.get(), sa.length) != 0) return unexpected(error_text(label, errno));
  return fd;
}

}  // namespace vg::net
