#include "net/worker.h"

#include <cerrno>

#include "net/socket_setup.h"
#include "net/tcp_acceptor.h"

namespace vg::net {

namespace {

thread_local Worker* t_worker = nullptr;
thread_local const Context* t_context = nullptr;

// Rounds of recvmmsg per readiness event before yielding to the worker's other sockets.
constexpr int kMaxRounds = 4;
// Replies collected during one received batch before an early flush.
constexpr size_t kSendBatchMessages = 64;
constexpr size_t kSendBatchBytes = 1 << 20;

bool only_crlf(std::string_view s) { return s.find_first_not_of("\r\n") == std::string_view::npos; }

}  // namespace

Worker::Worker(Context& ctx, size_t index)
    : ctx_(ctx),
      index_(index),
      io_(1),  // one thread runs this context: let Asio skip internal locking where it can
      sweep_timer_(io_),
      tick_timer_(io_),
      rx_(ctx.config.udp_batch, ctx.limits.max_message_size),
      tx_(kSendBatchMessages, kSendBatchBytes) {
  udp_fds_.assign(ctx.listeners.size(), -1);
}

Worker::~Worker() {
  if (thread_.joinable()) {
    request_shutdown();
    join();
  }
}

Worker* Worker::current(const Context& ctx) { return t_context == &ctx ? t_worker : nullptr; }

Result<void, std::string> Worker::open_udp(size_t listener) {
  const ListenerInfo& l = ctx_.listeners[listener];
  auto fd = open_udp_socket(l.bound, ctx_.config.socket_buffer_bytes, l.label);
  if (!fd) return unexpected(fd.error());
  auto port = std::make_shared<UdpPort>();
  port->owner = index_;
  port->listener = listener;
  port->socket = std::make_unique<asio::ip::udp::socket>(io_);
  std::error_code ec;
  int raw = fd->get();
  port->socket->assign(l.bound.is_v4() ? asio::ip::udp::v4() : asio::ip::udp::v6(), raw, ec);
  if (ec) return unexpected(l.label + ": " + ec.message());
  fd->release();  // the Asio socket owns it now
  port->fd = raw;
  udp_fds_[listener] = raw;
  served_.push_back(std::move(port));
  served_count_.store(served_.size(), std::memory_order_relaxed);
  return {};
}

void Worker::add_acceptor(std::unique_ptr<TcpAcceptor> acceptor) { acceptors_.push_back(std::move(acceptor)); }

void Worker::start() {
  guard_.emplace(asio::make_work_guard(io_));
  for (auto& p : served_) arm_udp(p);
  for (auto& a : acceptors_) a->start();
  arm_sweep();
  if (index_ == 0) {
    next_tick_ = std::chrono::steady_clock::now() + ctx_.config.tick_interval;
    arm_tick();
  }
  thread_ = std::thread([this] { run(); });
}

void Worker::run() {
  t_worker = this;
  t_context = &ctx_;
  for (;;) {
    try {
      io_.run();
      break;
    } catch (...) {
      // Handlers are called inside try blocks already; this keeps the worker alive regardless.
      ctx_.stats.count(DropReason::kHandlerException);
    }
  }
  t_worker = nullptr;
  t_context = nullptr;
}

void Worker::request_shutdown() {
  if (!thread_.joinable()) return;
  asio::post(io_, [this] { shutdown(); });
}

void Worker::join() {
  if (thread_.joinable()) thread_.join();
}

void Worker::shutdown() {
  stopped_ = true;
  sweep_timer_.cancel();
  tick_timer_.cancel();
  for (auto& p : served_) {
    std::error_code ec;
    if (p->socket) p->socket->cancel(ec);
  }
  for (auto& a : acceptors_) a->close();
  // close() removes each connection from owned_: iterate over a copy.
  std::vector<std::shared_ptr<Connection>> connections;
  connections.reserve(owned_.size());
  for (auto& [id, c] : owned_) connections.push_back(c);
  for (auto& c : connections) c->close(std::nullopt);
  owned_.clear();
  guard_.reset();  // run() returns once the aborted operations have completed
}

void Worker::close_sockets() {
  // Each UDP descriptor is served by exactly one worker, which closes it.
  for (auto& p : served_) {
    std::error_code ec;
    if (p->socket) p->socket->close(ec);
    p->socket.reset();
  }
  served_.clear();
  served_count_.store(0, std::memory_order_relaxed);
  for (int& fd : udp_fds_) fd = -1;
  acceptors_.clear();
}

void Worker::adopt(const std::shared_ptr<Connection>& c) {
  ctx_.table.add(c);
  if (stopped_) {
    c->close(std::nullopt);
    return;
  }
  own(c);
  c->start_accepted();
}

void Worker::connect(const std::shared_ptr<Connection>& c, std::optional<Endpoint> from) {
  if (stopped_) {
    c->close(std::nullopt);
    return;
  }
  own(c);
  c->start_outgoing(from ? &*from : nullptr);
}

void Worker::own(const std::shared_ptr<Connection>& c) { owned_.emplace(c->id(), c); }

void Worker::disown(ConnectionId id) { owned_.erase(id); }

void Worker::arm_udp(const std::shared_ptr<UdpPort>& port) {
  port->socket->async_wait(asio::socket_base::wait_read, [this, port](const std::error_code& ec) {
    // A port handed over to another worker was cancelled and its socket released: nothing to do.
    if (ec || stopped_ || !port->socket) return;
    const auto t0 = std::chrono::steady_clock::now();
    drain_udp(*port);
    busy_ns_.fetch_add(static_cast<uint64_t>((std::chrono::steady_clock::now() - t0).count()),
                       std::memory_order_relaxed);
    arm_udp(port);
  });
}

void Worker::hand_over(bool to_owner, bool (*keep)(const UdpPort&, size_t self)) {
  std::vector<std::shared_ptr<UdpPort>> kept;
  for (auto& p : served_) {
    if (keep(*p, index_) || !p->socket) {
      kept.push_back(p);
      continue;
    }
    // Cancel the wait (its handler sees the released port and stops) and take the descriptor out
    // of this worker's reactor without closing it; datagrams wait in the socket meanwhile.
    std::error_code ec;
    p->socket->cancel(ec);
    UniqueFd fd(p->socket->release(ec));
    p->socket.reset();
    if (ec || !fd.valid()) continue;
    Worker& target = *ctx_.workers[to_owner ? p->owner : 0];
    asio::post(target.io(), [&target, owner = p->owner, listener = p->listener, fd = std::make_shared<UniqueFd>(std::move(fd))] {
      target.take_port(owner, listener, std::move(*fd));
    });
  }
  served_ = std::move(kept);
  served_count_.store(served_.size(), std::memory_order_relaxed);
}

void Worker::take_port(size_t owner, size_t listener, UniqueFd fd) {
  if (stopped_) return;  // fd closes here
  const ListenerInfo& l = ctx_.listeners[listener];
  auto port = std::make_shared<UdpPort>();
  port->owner = owner;
  port->listener = listener;
  port->socket = std::make_unique<asio::ip::udp::socket>(io_);
  std::error_code ec;
  port->socket->assign(l.bound.is_v4() ? asio::ip::udp::v4() : asio::ip::udp::v6(), fd.get(), ec);
  if (ec) {
    ctx_.stats.count(DropReason::kReceiveError);
    return;
  }
  port->fd = fd.release();
  served_.push_back(port);
  served_count_.store(served_.size(), std::memory_order_relaxed);
  arm_udp(port);
}

void Worker::balance_udp() {
  constexpr double kSpreadAbove = 0.5;   // worker 0's share of time on UDP before sharing the work
  constexpr double kGatherBelow = 0.25;  // all workers' time together, for kQuietWindows windows
  constexpr int kQuietWindows = 4;
  constexpr std::chrono::milliseconds kWindow{500};
  if (ctx_.workers.size() < 2 || !ctx_.config.udp_consolidation) return;
  const auto now = std::chrono::steady_clock::now();
  if (balance_window_start_ == std::chrono::steady_clock::time_point{}) {
    balance_window_start_ = now;
    udp_spread_ = false;  // start gathered: worker 0 takes every worker's sockets
    gather_udp();
    return;
  }
  const auto span = now - balance_window_start_;
  if (span < kWindow) return;
  balance_window_start_ = now;
  const double window_ns = static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(span).count());
  double mine = 0, all = 0;
  for (auto& w : ctx_.workers) {
    const double busy = static_cast<double>(w->busy_ns_.exchange(0, std::memory_order_relaxed)) / window_ns;
    all += busy;
    if (w.get() == this) mine = busy;
  }
  if (!udp_spread_) {
    if (mine > kSpreadAbove) {
      udp_spread_ = true;
      quiet_windows_ = 0;
      hand_over(true, [](const UdpPort& p, size_t self) { return p.owner == self; });  // back to their owners
    }
    return;
  }
  quiet_windows_ = all < kGatherBelow ? quiet_windows_ + 1 : 0;
  if (quiet_windows_ < kQuietWindows) return;
  udp_spread_ = false;
  quiet_windows_ = 0;
  gather_udp();
}

void Worker::gather_udp() {
  for (auto& w : ctx_.workers) {
    if (w.get() == this) continue;
    asio::post(w->io(), [w = w.get()] { w->hand_over(false, [](const UdpPort&, size_t) { return false; }); });
  }
}

void Worker::drain_udp(const UdpPort& port) {
  const int fd = port.fd;
  const size_t listener = port.listener;
  const ListenerInfo& info = ctx_.listeners[listener];
  TransportStats& ts = ctx_.stats.of(Transport::kUdp);
  for (int round = 0; round < kMaxRounds; ++round) {
    int n = rx_.receive(fd);
    if (n <= 0) {
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) ctx_.stats.count(DropReason::kReceiveError);
      return;
    }
    const auto now = ctx_.clock.mono();
    uint64_t messages = 0, bytes = 0, truncated = 0, empty = 0, keepalives = 0;
    in_batch_ = true;
    for (size_t i = 0; i < static_cast<size_t>(n); ++i) {
      if (rx_.truncated(i)) {
        ++truncated;
        continue;
      }
      std::string_view data = rx_.data(i);
      bytes += data.size();
      if (data.empty()) {
        ++empty;
        continue;
      }
      if (only_crlf(data)) {  // CRLF keepalive some UAs send over UDP; nothing to answer
        ++keepalives;
        continue;
      }
      ++messages;
      Inbound in;
      in.data = data;
      in.source = rx_.source(i);
      in.local = info.bound;
      in.transport = Transport::kUdp;
      in.listener = listener;
      in.received_at = now;
      try {
        ctx_.handler.on_message(in, *ctx_.sender);
      } catch (...) {
        ctx_.stats.count(DropReason::kHandlerException);
      }
    }
    in_batch_ = false;
    flush_udp();
    ts.messages_in.fetch_add(messages, std::memory_order_relaxed);
    ts.bytes_in.fetch_add(bytes, std::memory_order_relaxed);
    if (truncated) ctx_.stats.count(DropReason::kUdpTruncated, truncated);
    if (empty) ctx_.stats.count(DropReason::kEmptyDatagram, empty);
    if (keepalives) ctx_.stats.keepalives_in.fetch_add(keepalives, std::memory_order_relaxed);
    if (static_cast<size_t>(n) < rx_.capacity()) return;  // drained
  }
}

void Worker::flush_udp() {
  if (tx_.empty()) return;
  UdpFlushResult r = tx_.flush();
  TransportStats& ts = ctx_.stats.of(Transport::kUdp);
  ts.messages_out.fetch_add(r.sent, std::memory_order_relaxed);
  ts.bytes_out.fetch_add(r.bytes, std::memory_order_relaxed);
  if (r.queue_full) ctx_.stats.count(SendError::kQueueFull, r.queue_full);
  if (r.too_large) ctx_.stats.count(SendError::kTooLarge, r.too_large);
  if (r.errors) ctx_.stats.count(SendError::kSocketError, r.errors);
}

SendError Worker::send_udp(size_t listener, const SockAddr& to, std::string_view bytes) {
  const int fd = udp_fds_[listener];
  if (fd < 0) return SendError::kNoRoute;
  if (t_worker == this && in_batch_) {  // in_batch_ belongs to this worker's thread: check that first
    if (!tx_.has_room(bytes.size())) flush_udp();
    tx_.add(fd, to, bytes);
    return SendError::kNone;
  }
  SendError e = send_datagram(fd, to, bytes);
  if (e == SendError::kNone) {
    TransportStats& ts = ctx_.stats.of(Transport::kUdp);
    ts.messages_out.fetch_add(1, std::memory_order_relaxed);
    ts.bytes_out.fetch_add(bytes.size(), std::memory_order_relaxed);
  }
  return e;
}

void Worker::arm_sweep() {
  sweep_timer_.expires_after(ctx_.sweep_interval);
  sweep_timer_.async_wait([this](const std::error_code& ec) {
    if (ec || stopped_) return;
    const auto now = ctx_.clock.mono();
    std::vector<std::shared_ptr<Connection>> connections;
    connections.reserve(owned_.size());
    for (auto& [id, c] : owned_) connections.push_back(c);
    for (auto& c : connections) c->sweep(now);  // may close, which disowns
    arm_sweep();
  });
}

void Worker::arm_tick() {
  tick_timer_.expires_at(next_tick_);
  tick_timer_.async_wait([this](const std::error_code& ec) {
    if (ec || stopped_) return;
    try {
      ctx_.handler.on_tick(ctx_.clock.mono(), *ctx_.sender);
    } catch (...) {
      ctx_.stats.count(DropReason::kHandlerException);
    }
    balance_udp();
    next_tick_ += ctx_.config.tick_interval;
    auto now = std::chrono::steady_clock::now();
    if (next_tick_ < now) next_tick_ = now + ctx_.config.tick_interval;  // fell behind: do not burst
    arm_tick();
  });
}

}  // namespace vg::net
