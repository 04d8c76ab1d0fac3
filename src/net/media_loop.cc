#include "net/media_loop.h"

#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace vg::net {

namespace {
constexpr size_t kSendBatchMessages = 256;
constexpr size_t kSendBatchBytes = 256 * 1024;
// Receive batches per readiness event before yielding to other sockets (fairness under load).
constexpr int kMaxBatchesPerWake = 8;
// Room after a received datagram for SRTP's auth tag and MKI when it is re-encrypted in place.
constexpr size_t kGrowRoom = 160;  // >= libsrtp SRTP_MAX_TRAILER_LEN (144) + the SRTCP index
}  // namespace

MediaLoop::MediaLoop(size_t batch, size_t slot)
    : rx_(batch, slot), tx_(kSendBatchMessages, kSendBatchBytes), scratch_(slot + kGrowRoom) {}

MediaLoop::~MediaLoop() { stop(); }

void MediaLoop::start() {
  guard_.emplace(io_.get_executor());
  for (size_t i = 0; i < periodic_.size(); ++i) arm_timer(i);
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "vg-media");  // visible in top -H and /proc/<pid>/task/*/comm
    io_.run();
  });
}

void MediaLoop::stop() {
  if (!thread_.joinable()) return;
  asio::post(io_, [this] {
    stopped_ = true;
    for (auto& p : periodic_) p.timer->cancel();
    for (auto& [fd, s] : sockets_) {
      asio::error_code ec;
      s.sock->close(ec);
    }
    sockets_.clear();
    socket_count_ = 0;
    guard_.reset();
  });
  thread_.join();
}

Result<UniqueFd, int> MediaLoop::bind_udp(const Endpoint& bind) {
  UniqueFd fd(::socket(family_of(bind), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return unexpected(errno);
  if (!bind.is_v4()) {
    int one = 1;
    if (::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) != 0) return unexpected(errno);
  }
  SockAddr sa = to_sockaddr(bind);
  if (::bind(fd.get(), sa.get(), sa.length) != 0) return unexpected(errno);
  return fd;
}

void MediaLoop::attach(UniqueFd fd, std::shared_ptr<DatagramReceiver> receiver, uint32_t tag) {
  const int raw = fd.release();
  ++socket_count_;
  asio::post(io_, [this, raw, receiver = std::move(receiver), tag]() mutable {
    if (stopped_) {  // attached while the loop stopped: nothing will serve it
      ::close(raw);
      --socket_count_;
      return;
    }
    int domain = AF_INET;
    socklen_t len = sizeof domain;
    (void)::getsockopt(raw, SOL_SOCKET, SO_DOMAIN, &domain, &len);
    Socket s;
    s.sock = std::make_unique<asio::ip::udp::socket>(io_);
    asio::error_code ec;
    s.sock->assign(domain == AF_INET6 ? asio::ip::udp::v6() : asio::ip::udp::v4(), raw, ec);
    if (ec) {
      ::close(raw);
      --socket_count_;
      return;
    }
    s.receiver = std::move(receiver);
    s.tag = tag;
    sockets_[raw] = std::move(s);
    arm(raw);
  });
}

void MediaLoop::detach(int fd) {
  asio::post(io_, [this, fd] {
    auto it = sockets_.find(fd);
    if (it == sockets_.end()) return;
    asio::error_code ec;
    it->second.sock->close(ec);  // cancels the pending wait; its handler sees operation_aborted
    sockets_.erase(it);
    --socket_count_;
  });
}

void MediaLoop::post(std::function<void()> fn) { asio::post(io_, std::move(fn)); }

void MediaLoop::every(std::chrono::milliseconds period, std::function<void()> fn) {
  periodic_.push_back(Periodic{period, std::move(fn), std::make_unique<asio::steady_timer>(io_)});
}

void MediaLoop::arm_timer(size_t i) {
  auto& p = periodic_[i];
  p.timer->expires_after(p.period);
  p.timer->async_wait([this, i](const asio::error_code& ec) {
    // stopped_: the timer had expired (this handler queued) before stop()'s cancel could reach it.
    if (ec || stopped_) return;
    periodic_[i].fn();
    flush();
    arm_timer(i);
  });
}

void MediaLoop::arm(int fd) {
  auto it = sockets_.find(fd);
  if (it == sockets_.end()) return;
  it->second.sock->async_wait(asio::socket_base::wait_read, [this, fd](const asio::error_code& ec) {
    if (ec) return;  // closed
    drain(fd);
    arm(fd);
  });
}

void MediaLoop::drain(int fd) {
  for (int round = 0; round < kMaxBatchesPerWake; ++round) {
    auto it = sockets_.find(fd);
    if (it == sockets_.end()) break;  // a receiver detached its own socket
    const int n = rx_.receive(fd);
    if (n <= 0) break;
    for (int i = 0; i < n; ++i) {
      const auto idx = static_cast<size_t>(i);
      if (rx_.truncated(idx)) {
        ++stats_.truncated;  // larger than any RTP packet we relay: dropped
        continue;
      }
      auto d = rx_.data(idx);
      std::memcpy(scratch_.data(), d.data(), d.size());
      ++stats_.received;
      // Copy what the receiver call needs: it may detach sockets (including this one).
      auto receiver = it->second.receiver;
      receiver->on_datagram(*this, it->second.tag, scratch_.data(), d.size(), scratch_.size(), rx_.source(idx));
      it = sockets_.find(fd);
      if (it == sockets_.end()) break;
    }
    flush();
    if (static_cast<size_t>(n) < rx_.capacity()) break;
  }
}

void MediaLoop::send(int fd, const Endpoint& to, std::string_view bytes) {
  if (!tx_.has_room(bytes.size())) flush();
  tx_.add(fd, to_sockaddr(to), bytes);
}

void MediaLoop::flush() {
  if (tx_.empty()) return;
  auto r = tx_.flush();
  stats_.sent += r.sent;
  stats_.send_failures += r.queue_full + r.too_large + r.errors;
}

}  // namespace vg::net
