// The byte stream under a stream connection: plain TCP now; TLS is one more implementation (its
// handshake runs in async_start, its records inside read/write). Owned by one worker thread; every
// callback runs on that worker's io_context.
#pragma once

#include <asio.hpp>

#include <functional>
#include <memory>
#include <system_error>
#include <vector>

#include "core/ip.h"
#include "net/transport.h"

namespace vg::net {

class Stream {
 public:
  using IoCallback = std::function<void(const std::error_code&, size_t)>;
  using DoneCallback = std::function<void(const std::error_code&)>;

  virtual ~Stream() = default;
  [[nodiscard]] virtual Transport transport() const = 0;

  // Outgoing: opens a socket (bound to from's address when from is set) and connects.
  virtual void async_connect(const Endpoint& to, const Endpoint* from, DoneCallback done) = 0;
  // After accept or connect: anything the protocol needs before data flows (TLS handshake).
  // server: this side accepted the connection.
  virtual void async_start(bool server, DoneCallback done) = 0;
  virtual void async_read_some(char* data, size_t size, IoCallback done) = 0;
  // Writes all of buffers (their memory stays valid until done runs).
  virtual void async_write(std::vector<asio::const_buffer> buffers, IoCallback done) = 0;
  // Cancels pending operations (their callbacks see an error) and closes the socket.
  virtual void close() = 0;
};

// TCP over an accepted socket / a new unconnected socket on io.
std::unique_ptr<Stream> make_tcp_stream(asio::ip::tcp::socket socket);
std::unique_ptr<Stream> make_tcp_stream(asio::io_context& io);

// Shared by the TCP and TLS streams: opens `socket` (bound to from's address when from is set) and
// connects it to `to` (done always runs asynchronously); shuts down and closes it, ignoring errors.
void async_connect_socket(asio::ip::tcp::socket& socket, const Endpoint& to, const Endpoint* from,
                          Stream::DoneCallback done);
void close_socket(asio::ip::tcp::socket& socket);

asio::ip::tcp::endpoint to_asio_tcp(const Endpoint& e);
Endpoint from_asio(const asio::ip::tcp::endpoint& e);

}  // namespace vg::net
