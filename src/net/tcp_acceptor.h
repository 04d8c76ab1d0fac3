// Listening socket of one stream listener. Runs on one worker; hands each accepted connection to
// the next worker in turn, after the max_connections and per-source-IP admission checks.
#pragma once

#include <asio.hpp>

#include <memory>
#include <string>

#include "core/result.h"
#include "core/clock.h"
#include "net/context.h"

namespace vg::net {

class TcpAcceptor {
 public:
  // Binds and listens on ctx.listeners[listener] (main thread); records the bound address there.
  static Result<std::unique_ptr<TcpAcceptor>, std::string> open(Context& ctx, asio::io_context& io, size_t listener);

  void start();  // on io's thread
  void close();  // on io's thread, or after it stopped

 private:
  TcpAcceptor(Context& ctx, asio::io_context& io, size_t listener);
  void accept_next();
  void on_accept(size_t worker, const std::error_code& ec, asio::ip::tcp::socket socket);
  // TLS listeners: token bucket of tls_handshakes_per_second new connections (burst of one second).
  bool take_handshake_token();

  Context& ctx_;
  const size_t listener_;
  asio::ip::tcp::acceptor acceptor_;
  asio::steady_timer retry_;
  bool closed_ = false;
  double tokens_ = 0;
  Clock::MonoTime refilled_{};
};

}  // namespace vg::net
