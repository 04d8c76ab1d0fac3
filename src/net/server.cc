#include <thread>

#include "net/connection.h"
#include "net/context.h"
#include "net/sender_impl.h"
#include "net/socket_setup.h"
#include "net/tcp_acceptor.h"
#include "net/tls_context.h"
#include "net/transport.h"
#include "net/worker.h"

namespace vg::net {

namespace {

constexpr size_t kMaxUdpBatch = 1024;
constexpr std::chrono::milliseconds kMinSweep{5};

NetConfig normalise(NetConfig c) {
  if (c.workers == 0) c.workers = std::max<size_t>(1, std::thread::hardware_concurrency());
  c.workers = std::min(c.workers, kMaxWorkers);
  c.udp_batch = std::clamp<size_t>(c.udp_batch, 1, kMaxUdpBatch);
  if (c.tick_interval <= std::chrono::milliseconds::zero()) c.tick_interval = std::chrono::milliseconds(50);
  if (c.limits.max_message_size == 0) c.limits.max_message_size = sip::kMaxMessageSize;
  return c;
}

}  // namespace

Context::Context(NetConfig c, std::vector<ListenerConfig> l, Handler& h, const Clock& clk)
    : config(normalise(std::move(c))),
      limits(config.limits.clamped()),
      handler(h),
      clock(clk),
      table(config.workers, config.max_connections, config.max_connections_per_ip) {
  for (auto& lc : l) {
    ListenerInfo info;
    info.label = listener_label(lc.transport, lc.bind);
    info.bound = lc.bind;
    info.config = std::move(lc);
    listeners.push_back(std::move(info));
  }
  // Deadlines are checked a few times per header timeout, and at least every tick.
  auto sweep = std::min<std::chrono::milliseconds>(
      {config.tick_interval, config.header_timeout / 4, config.tls_handshake_timeout / 4});
  sweep_interval = std::max(sweep, kMinSweep);
}

Context::~Context() = default;

class Server::Impl {
 public:
  Impl(NetConfig config, std::vector<ListenerConfig> listeners, Handler& handler, const Clock& clock)
      : ctx_(std::move(config), std::move(listeners), handler, clock), sender_(ctx_) {
    ctx_.sender = &sender_;
  }

  ~Impl() {
    stop();
    ctx_.workers.clear();  // while the table and stats they point to still exist
  }

  Result<void, std::string> start() {
    if (started_) return unexpected(std::string("server already started"));
    started_ = true;
    for (size_t i = 0; i < ctx_.config.workers; ++i) ctx_.workers.push_back(std::make_unique<Worker>(ctx_, i));
    for (size_t i = 0; i < ctx_.listeners.size(); ++i) {
      auto r = open_listener(i);
      if (!r) {
        for (auto& w : ctx_.workers) w->close_sockets();
        ctx_.workers.clear();
        return r;
      }
    }
    ctx_.running.store(true);
    for (auto& w : ctx_.workers) w->start();
    return {};
  }

  std::vector<Endpoint> bound_endpoints() const {
    std::vector<Endpoint> out;
    for (const auto& l : ctx_.listeners) out.push_back(l.bound);
    return out;
  }

  void stop() {
    std::lock_guard lock(stop_mutex_);
    if (!ctx_.running.exchange(false)) return;
    // Sends already inside the sender (from non-worker threads) finish before sockets close.
    sender_.wait_idle();
    for (auto& w : ctx_.workers) w->request_shutdown();
    for (auto& w : ctx_.workers) w->join();
    // Connections created after a worker shut down (by a send racing with stop) never started.
    for (size_t i = 0; i < ctx_.workers.size(); ++i) {
      for (auto& c : ctx_.table.take_all(i)) c->close(std::nullopt);
    }
    for (auto& w : ctx_.workers) w->close_sockets();
  }

  Sender& sender() { return sender_; }
  const NetStats& stats() const { return ctx_.stats; }
  std::vector<size_t> udp_sockets_served() const {
    std::vector<size_t> out;
    for (const auto& w : ctx_.workers) out.push_back(w->served_udp_sockets());
    return out;
  }

  Result<void, std::string> configure_tls(const TlsSetup& setup) {
    std::vector<std::string> labels;
    for (const auto& l : ctx_.listeners) labels.push_back(l.label);
    auto built = build_tls_contexts(setup, labels);
    if (!built) return unexpected(built.error());
    std::atomic_store(&ctx_.tls, std::move(*built));
    return {};
  }

 private:
  Result<void, std::string> open_listener(size_t i) {
    ListenerInfo& info = ctx_.listeners[i];
    switch (info.config.transport) {
      case Transport::kUdp: {
        auto port = probe_udp_port(info.config.bind, info.label);
        if (!port) return unexpected(port.error());
        info.bound = Endpoint{info.config.bind.address, *port};
        for (auto& w : ctx_.workers) {
          auto r = w->open_udp(i);
          if (!r) return r;
        }
        return {};
      }
      case Transport::kTcp:
      case Transport::kTls: {
        if (info.config.transport == Transport::kTls) {
          auto contexts = ctx_.tls_contexts();
          if (!contexts || i >= contexts->servers.size() || !contexts->servers[i]) {
            return unexpected(info.label + ": no TLS certificate configured");
          }
        }
        // Acceptors are spread over the workers; each hands connections to all of them in turn.
        Worker& w = *ctx_.workers[i % ctx_.workers.size()];
        auto a = TcpAcceptor::open(ctx_, w.io(), i);
        if (!a) return unexpected(a.error());
        w.add_acceptor(std::move(*a));
        return {};
      }
    }
    return unexpected(info.label + ": unknown transport");
  }

  Context ctx_;
  RoutingSender sender_;
  std::mutex stop_mutex_;
  bool started_ = false;
};

Server::Server(NetConfig config, std::vector<ListenerConfig> listeners, Handler& handler, const Clock& clock)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(listeners), handler, clock)) {}

Server::~Server() = default;

Result<void, std::string> Server::start() { return impl_->start(); }
std::vector<Endpoint> Server::bound_endpoints() const { return impl_->bound_endpoints(); }
void Server::stop() { impl_->stop(); }
Sender& Server::sender() { return impl_->sender(); }
Result<void, std::string> Server::configure_tls(const TlsSetup& setup) { return impl_->configure_tls(setup); }
const NetStats& Server::stats() const { return impl_->stats(); }
std::vector<size_t> Server::udp_sockets_served() const { return impl_->udp_sockets_served(); }

}  // namespace vg::net
