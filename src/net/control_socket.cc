#include "net/control_socket.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vg::net {

namespace {

constexpr size_t kMaxRequest = 4096;

bool fill_address(const std::string& path, sockaddr_un& addr) {
  addr = {};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path) return false;
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  return true;
}

bool wait_readable(int fd, int ms) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, ms) > 0;
}

bool write_all(int fd, std::string_view s) {
  while (!s.empty()) {
    const ssize_t n = ::send(fd, s.data(), s.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    s.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<ControlServer>, std::string> ControlServer::start(const std::string& path, Handler handler) {
  sockaddr_un addr;
  if (!fill_address(path, addr)) return unexpected("control socket path too long: " + path);
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return unexpected(std::string("control socket: ") + std::strerror(errno));
  ::unlink(path.c_str());  // a stale socket of a previous run
  // Created with no permissions for group and others from the start (no window before chmod).
  const mode_t old = ::umask(0077);
  const int rc = ::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
  ::umask(old);
  if (rc != 0 || ::chmod(path.c_str(), 0600) != 0 || ::listen(fd, 16) != 0) {
    const std::string err = std::strerror(errno);
    ::close(fd);
    return unexpected("control socket " + path + ": " + err);
  }
  std::unique_ptr<ControlServer> s(new ControlServer(path, fd, std::move(handler)));
  s->thread_ = std::thread([p = s.get()] { p->run(); });
  return s;
}

ControlServer::ControlServer(std::string path, int fd, Handler handler)
    : path_(std::move(path)), fd_(fd), handler_(std::move(handler)) {}

ControlServer::~ControlServer() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  ::close(fd_);
  ::unlink(path_.c_str());
}

void ControlServer::run() {
  while (!stop_) {
    if (!wait_readable(fd_, 200)) continue;
    const int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (c < 0) continue;
    std::string req;
    char buf[512];
    while (req.size() < kMaxRequest && req.find('\n') == std::string::npos && wait_readable(c, 5000)) {
      const ssize_t n = ::recv(c, buf, sizeof buf, 0);
      if (n <= 0) break;
      req.append(buf, static_cast<size_t>(n));
    }
    if (auto nl = req.find('\n'); nl != std::string::npos) {
      req.resize(nl);
      (void)write_all(c, handler_(req));
    }
    ::close(c);
  }
}

Result<std::string, std::string> control_request(const std::string& path, std::string_view line) {
  sockaddr_un addr;
  if (!fill_address(path, addr)) return unexpected("control socket path too long: " + path);
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return unexpected(std::string(std::strerror(errno)));
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    const std::string err = std::strerror(errno);
    ::close(fd);
    return unexpected("cannot reach the running voipguard at " + path + ": " + err);
  }
  std::string req(line);
  req.push_back('\n');
  std::string answer;
  if (write_all(fd, req)) {
    char buf[4096];
    while (wait_readable(fd, 10000)) {
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      answer.append(buf, static_cast<size_t>(n));
    }
  }
  ::close(fd);
  return answer;
}

}  // namespace vg::net
