#include <utility>

#include "net/sockaddr.h"
#include "net/stream.h"

namespace vg::net {

namespace {

class TcpStream final : public Stream {
 public:
  explicit TcpStream(asio::ip::tcp::socket socket) : socket_(std::move(socket)) {}

  [[nodiscard]] Transport transport() const override { return Transport::kTcp; }

  void async_connect(const Endpoint& to, const Endpoint* from, DoneCallback done) override {
    async_connect_socket(socket_, to, from, std::move(done));
  }

  void async_start(bool /*server*/, DoneCallback done) override {
    std::error_code ec;
    // SIP messages are written whole; waiting for more data (Nagle) only adds latency.
    socket_.set_option(asio::ip::tcp::no_delay(true), ec);
    asio::post(socket_.get_executor(), [done = std::move(done)] { done(std::error_code{}); });
  }

  void async_read_some(char* data, size_t size, IoCallback done) override {
    socket_.async_read_some(asio::buffer(data, size), std::move(done));
  }

  void async_write(std::vector<asio::const_buffer> buffers, IoCallback done) override {
    asio::async_write(socket_, std::move(buffers), std::move(done));
  }

  void close() override { close_socket(socket_); }

 private:
  asio::ip::tcp::socket socket_;
};

}  // namespace

void async_connect_socket(asio::ip::tcp::socket& socket, const Endpoint& to, const Endpoint* from,
                          Stream::DoneCallback done) {
  std::error_code ec;
  auto target = to_asio_tcp(to);
  socket.open(target.protocol(), ec);
  if (!ec && from != nullptr) socket.bind(to_asio_tcp(Endpoint{from->address, 0}), ec);
  if (ec) {
    // Keep callbacks asynchronous: never call back from inside the initiating call.
    asio::post(socket.get_executor(), [done = std::move(done), ec] { done(ec); });
    return;
  }
  socket.async_connect(target, std::move(done));
}

void close_socket(asio::ip::tcp::socket& socket) {
  std::error_code ec;
  socket.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  socket.close(ec);
}

std::unique_ptr<Stream> make_tcp_stream(asio::ip::tcp::socket socket) {
  return std::make_unique<TcpStream>(std::move(socket));
}

std::unique_ptr<Stream> make_tcp_stream(asio::io_context& io) {
  return std::make_unique<TcpStream>(asio::ip::tcp::socket(io));
}

asio::ip::tcp::endpoint to_asio_tcp(const Endpoint& e) {
  if (e.is_v4()) {
    return {asio::ip::address_v4(e.address.v4_value()), e.port};
  }
  asio::ip::address_v6::bytes_type b;
  std::copy(e.address.bytes().begin(), e.address.bytes().end(), b.begin());
  return {asio::ip::address_v6(b), e.port};
}

Endpoint from_asio(const asio::ip::tcp::endpoint& e) {
  return from_sockaddr(e.data(), static_cast<socklen_t>(e.size()));
}

}  // namespace vg::net
