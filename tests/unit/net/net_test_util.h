// Helpers for the transport tests: a recording/echoing Handler, plain-socket UDP and TCP peers on
// loopback, and waiting for a condition with a deadline (never a bare sleep as synchronisation).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/ip.h"
#include "net/transport.h"

namespace vg::net::test {

using namespace std::chrono_literals;

inline constexpr auto kDeadline = 10s;

// Polls pred until it holds or the deadline passes.
inline bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds timeout = kDeadline) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

inline IpAddress ip(const char* s) { return IpAddress::parse(s).value_or(IpAddress{}); }
inline Endpoint ep(const char* s, uint16_t port) { return Endpoint{ip(s), port}; }

inline std::string sip_message(const std::string& tag, const std::string& body = "") {
  return "OPTIONS sip:gw@127.0.0.1 SIP/2.0\r\n"
         "Via: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK" + tag + "\r\n"
         "Call-ID: " + tag + "\r\n"
         "CSeq: 1 OPTIONS\r\n"
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

struct Received {
  std::string data;
  Endpoint source;
  Endpoint local;
  Transport transport = Transport::kUdp;
  ConnectionId connection = 0;
  size_t listener = 0;
};

// Records every message; echoes it back to its source (same transport, connection, listener) when
// echo is set. Thread-safe.
class RecordingHandler : public Handler {
 public:
  void on_message(const Inbound& in, Sender& out) override {
    if (throw_on_message) throw std::runtime_error("handler failure");
    if (const int us = delay_us.load()) std::this_thread::sleep_for(std::chrono::microseconds(us));
    {
      std::lock_guard lock(mutex_);
      messages_.push_back(Received{std::string(in.data), in.source, in.local, in.transport, in.connection, in.listener});
    }
    cv_.notify_all();
    if (echo) {
      Outbound o;
      o.transport = in.transport;
      o.destination = in.source;
      o.connection = in.connection;
      o.listener = in.listener;
      if (out.send(o, in.data) != SendError::kNone) send_failures.fetch_add(1);
    }
  }
  void on_tick(Clock::MonoTime, Sender&) override { ticks.fetch_add(1); }

  bool wait_for(size_t n, std::chrono::milliseconds timeout = kDeadline) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] { return messages_.size() >= n; });
  }
  size_t count() {
    std::lock_guard lock(mutex_);
    return messages_.size();
  }
  std::vector<Received> messages() {
    std::lock_guard lock(mutex_);
    return messages_;
  }

  std::atomic<bool> echo{true};
  std::atomic<bool> throw_on_message{false};
  std::atomic<int> delay_us{0};  // time each message takes (a busy worker)
  std::atomic<int> send_failures{0};
  std::atomic<int> ticks{0};

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<Received> messages_;
};

inline sockaddr_storage to_sa(const Endpoint& e, socklen_t& len) {
  sockaddr_storage ss{};
  if (e.is_v4()) {
    auto* sin = reinterpret_cast<sockaddr_in*>(&ss);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(e.port);
    auto b = e.address.v4_bytes();
    std::memcpy(&sin->sin_addr, b.data(), 4);
    len = sizeof(sockaddr_in);
  } else {
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&ss);
    sin6->sin6_family = AF_INET6;
    sin6->sin6_port = htons(e.port);
    std::memcpy(&sin6->sin6_addr, e.address.bytes().data(), 16);
    len = sizeof(sockaddr_in6);
  }
  return ss;
}

inline Endpoint from_sa(const sockaddr_storage& ss) {
  if (ss.ss_family == AF_INET) {
    const auto* sin = reinterpret_cast<const sockaddr_in*>(&ss);
    std::array<uint8_t, 4> b;
    std::memcpy(b.data(), &sin->sin_addr, 4);
    return Endpoint{IpAddress::v4(b), ntohs(sin->sin_port)};
  }
  const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(&ss);
  IpAddress::Bytes b;
  std::memcpy(b.data(), &sin6->sin6_addr, 16);
  return Endpoint{IpAddress::v6(b), ntohs(sin6->sin6_port)};
}

inline Endpoint local_of(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  return from_sa(ss);
}

inline bool wait_readable(int fd, std::chrono::milliseconds timeout) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, static_cast<int>(timeout.count())) == 1;
}

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    std::swap(fd_, o.fd_);
    return *this;
  }
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

class UdpPeer {
 public:
  explicit UdpPeer(const char* bind_ip = "127.0.0.1") {
    Endpoint b = ep(bind_ip, 0);
    fd_ = Fd(::socket(b.is_v4() ? AF_INET : AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    int size = 8 << 20;
    ::setsockopt(fd_.get(), SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size);
    ::setsockopt(fd_.get(), SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof size);
    socklen_t len;
    auto sa = to_sa(b, len);
    if (::bind(fd_.get(), reinterpret_cast<sockaddr*>(&sa), len) != 0) throw std::runtime_error("bind");
    local_ = local_of(fd_.get());
  }
  const Endpoint& local() const { return local_; }
  bool send_to(const Endpoint& to, std::string_view data) {
    socklen_t len;
    auto sa = to_sa(to, len);
    return ::sendto(fd_.get(), data.data(), data.size(), 0, reinterpret_cast<sockaddr*>(&sa), len) ==
           static_cast<ssize_t>(data.size());
  }
  std::optional<std::string> receive(std::chrono::milliseconds timeout = kDeadline, Endpoint* from = nullptr) {
    if (!wait_readable(fd_.get(), timeout)) return std::nullopt;
    std::string buf(70000, '\0');
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    ssize_t n = ::recvfrom(fd_.get(), buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&ss), &len);
    if (n < 0) return std::nullopt;
    if (from) *from = from_sa(ss);
    buf.resize(static_cast<size_t>(n));
    return buf;
  }

 private:
  Fd fd_;
  Endpoint local_;
};

class TcpPeer {
 public:
  // Connects from bind_ip (any port) to `to`; check connected().
  explicit TcpPeer(const Endpoint& to, const char* bind_ip = nullptr) {
    fd_ = Fd(::socket(to.is_v4() ? AF_INET : AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0));
    int one = 1;
    ::setsockopt(fd_.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    socklen_t len;
    if (bind_ip) {
      auto b = to_sa(ep(bind_ip, 0), len);
      ::bind(fd_.get(), reinterpret_cast<sockaddr*>(&b), len);
    }
    auto sa = to_sa(to, len);
    connected_ = ::connect(fd_.get(), reinterpret_cast<sockaddr*>(&sa), len) == 0;
    local_ = local_of(fd_.get());
  }
  explicit TcpPeer(Fd accepted) : fd_(std::move(accepted)), connected_(true) { local_ = local_of(fd_.get()); }

  bool connected() const { return connected_; }
  const Endpoint& local() const { return local_; }
  int fd() const { return fd_.get(); }

  bool write(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_.get(), data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }
  // Reads until `n` bytes are buffered (or the deadline / close); returns and removes them.
  std::string read_exactly(size_t n, std::chrono::milliseconds timeout = kDeadline) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (buffer_.size() < n && !eof_) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left <= 0ms || !wait_readable(fd_.get(), left)) break;
      fill();
    }
    std::string out = buffer_.substr(0, std::min(n, buffer_.size()));
    buffer_.erase(0, out.size());
    return out;
  }
  // True once the server has closed the connection (EOF or reset) within the deadline.
  bool wait_closed(std::chrono::milliseconds timeout = kDeadline) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!eof_) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left <= 0ms || !wait_readable(fd_.get(), left)) return false;
      fill();
    }
    return true;
  }
  // Still open: nothing to read that says otherwise within a short look.
  bool open_now() {
    while (wait_readable(fd_.get(), 0ms) && !eof_) fill();
    return !eof_;
  }
  void close() { fd_.reset(); }

 private:
  void fill() {
    char buf[65536];
    ssize_t n = ::recv(fd_.get(), buf, sizeof buf, 0);
    if (n <= 0) {
      eof_ = true;
      return;
    }
    buffer_.append(buf, static_cast<size_t>(n));
  }

  Fd fd_;
  bool connected_ = false;
  bool eof_ = false;
  Endpoint local_;
  std::string buffer_;
};

// A plain listening TCP socket standing in for a remote SIP server.
class TcpTestListener {
 public:
  explicit TcpTestListener(const char* bind_ip = "127.0.0.1") {
    Endpoint b = ep(bind_ip, 0);
    fd_ = Fd(::socket(b.is_v4() ? AF_INET : AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0));
    socklen_t len;
    auto sa = to_sa(b, len);
    ::bind(fd_.get(), reinterpret_cast<sockaddr*>(&sa), len);
    ::listen(fd_.get(), 16);
    local_ = local_of(fd_.get());
  }
  const Endpoint& local() const { return local_; }
  std::optional<TcpPeer> accept(std::chrono::milliseconds timeout = kDeadline) {
    if (!wait_readable(fd_.get(), timeout)) return std::nullopt;
    int c = ::accept4(fd_.get(), nullptr, nullptr, SOCK_CLOEXEC);
    if (c < 0) return std::nullopt;
    return TcpPeer(Fd(c));
  }
  bool pending(std::chrono::milliseconds timeout) { return wait_readable(fd_.get(), timeout); }

 private:
  Fd fd_;
  Endpoint local_;
};

}  // namespace vg::net::test
