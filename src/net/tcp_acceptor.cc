#include "net/tcp_acceptor.h"

#include "net/connection.h"
#include "net/stream.h"
#include "net/tls_stream.h"
#include "net/worker.h"

namespace vg::net {

namespace {

// After accept() fails for lack of resources (descriptors, memory), wait before retrying instead of
// spinning on an error that persists.
constexpr std::chrono::milliseconds kAcceptRetryDelay{50};

bool is_resource_error(const std::error_code& ec) {
  return ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space || ec == asio::error::no_memory ||
         ec.value() == ENFILE;
}

}  // namespace

TcpAcceptor::TcpAcceptor(Context& ctx, asio::io_context& io, size_t listener)
    : ctx_(ctx), listener_(listener), acceptor_(io), retry_(io) {}

Result<std::unique_ptr<TcpAcceptor>, std::string> TcpAcceptor::open(Context& ctx, asio::io_context& io,
                                                                    size_t listener) {
  ListenerInfo& info = ctx.listeners[listener];
  std::unique_ptr<TcpAcceptor> a(new TcpAcceptor(ctx, io, listener));
  auto fail = [&](const std::error_code& ec) { return unexpected(info.label + ": " + ec.message()); };
  std::error_code ec;
  auto endpoint = to_asio_tcp(info.config.bind);
  a->acceptor_.open(endpoint.protocol(), ec);
  if (ec) return fail(ec);
  // SO_REUSEADDR lets a restarted gateway bind while old connections sit in TIME_WAIT; it does not
  // let two listeners share the port on Linux.
  a->acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) return fail(ec);
  if (!info.config.bind.is_v4()) {
    a->acceptor_.set_option(asio::ip::v6_only(true), ec);
    if (ec) return fail(ec);
  }
  a->acceptor_.bind(endpoint, ec);
  if (ec) return fail(ec);
  a->acceptor_.listen(ctx.config.listen_backlog, ec);
  if (ec) return fail(ec);
  auto bound = a->acceptor_.local_endpoint(ec);
  if (ec) return fail(ec);
  info.bound = from_asio(bound);
  return a;
}

void TcpAcceptor::start() { accept_next(); }

void TcpAcceptor::close() {
  closed_ = true;
  std::error_code ec;
  retry_.cancel();
  acceptor_.close(ec);
}

void TcpAcceptor::accept_next() {
  if (closed_) return;
  // The socket is created on the worker that will own the connection (round-robin).
  size_t worker = ctx_.pick_worker();
  acceptor_.async_accept(ctx_.workers[worker]->io(),
                         [this, worker](const std::error_code& ec, asio::ip::tcp::socket socket) {
                           on_accept(worker, ec, std::move(socket));
                         });
}

bool TcpAcceptor::take_handshake_token() {
  const double rate = ctx_.config.tls_handshakes_per_second;
  if (rate <= 0) return true;  // 0: no bound
  const auto now = ctx_.clock.mono();
  if (refilled_ == Clock::MonoTime{}) {
    tokens_ = rate;
  } else {
    tokens_ = std::min(rate, tokens_ + rate * std::chrono::duration<double>(now - refilled_).count());
  }
  refilled_ = now;
  if (tokens_ < 1) return false;
  tokens_ -= 1;
  return true;
}

void TcpAcceptor::on_accept(size_t worker, const std::error_code& ec, asio::ip::tcp::socket socket) {
  if (closed_ || ec == asio::error::operation_aborted) return;
  if (ec) {
    ctx_.stats.count(DropReason::kAcceptError);
    if (is_resource_error(ec)) {
      retry_.expires_after(kAcceptRetryDelay);
      retry_.async_wait([this](const std::error_code& e) {
        if (!e) accept_next();
      });
    } else {
      accept_next();
    }
    return;
  }
  std::error_code e2;
  auto peer = socket.remote_endpoint(e2);
  if (e2) {  // already gone
    accept_next();
    return;
  }
  Endpoint remote = from_asio(peer);
  const ListenerInfo& info = ctx_.listeners[listener_];
  // Reset rather than a graceful close: frees the kernel state at once, no TIME_WAIT on our side.
  auto refuse = [&](DropReason why) {
    ctx_.stats.count(why);
    socket.set_option(asio::socket_base::linger(true, 0), e2);
    socket.close(e2);
    accept_next();
  };
  const bool tls = info.config.transport == Transport::kTls;
  // The rate check comes first: a refused handshake costs nothing but the accept.
  if (tls && !take_handshake_token()) return refuse(DropReason::kTlsHandshakeRate);
  SslContextPtr tls_context;
  if (tls) {
    auto contexts = ctx_.tls_contexts();
    if (contexts && listener_ < contexts->servers.size()) tls_context = contexts->servers[listener_];
    if (!tls_context) return refuse(DropReason::kTlsHandshakeFailed);
  }
  Admission admission = ctx_.table.admit_inbound(remote.address);
  if (admission != Admission::kOk) {
    return refuse(admission == Admission::kPerIp ? DropReason::kPerIpLimit : DropReason::kTooManyConnections);
  }
  ctx_.stats.connections_accepted.fetch_add(1, std::memory_order_relaxed);
  auto stream = tls ? make_tls_server_stream(std::move(socket), std::move(tls_context))
                    : make_tcp_stream(std::move(socket));
  auto c = std::make_shared<Connection>(ctx_, worker, ctx_.table.next_id(worker), info.config.transport,
                                        std::move(stream), remote, listener_, info.bound, /*inbound=*/true);
  Worker& w = *ctx_.workers[worker];
  asio::post(w.io(), [c, &w] { w.adopt(c); });
  accept_next();
}

}  // namespace vg::net
