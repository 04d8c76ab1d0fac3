// The TLS stream (RFC 3261 §26.2.1, RFC 5246 / RFC 8446) over a TCP socket: OpenSSL through
// asio::ssl. The handshake runs in async_start; records are read and written inside
// async_read_some / async_write. The SSL context is held for the stream's lifetime, so a reload
// that swaps contexts leaves this connection alone.
#include <utility>

#include "net/tls_context.h"
#include "net/tls_stream.h"

namespace vg::net {

namespace {

class TlsStream final : public Stream {
 public:
  TlsStream(asio::ip::tcp::socket socket, SslContextPtr context, TlsClientEntry client)
      : context_(std::move(context)), client_(std::move(client)), stream_(std::move(socket), *context_) {}

  [[nodiscard]] Transport transport() const override { return Transport::kTls; }

  void async_connect(const Endpoint& to, const Endpoint* from, DoneCallback done) override {
    remote_ = to;  // the IP address checked when no server name is configured
    async_connect_socket(stream_.next_layer(), to, from, std::move(done));
  }

  void async_start(bool server, DoneCallback done) override {
    std::error_code ec;
    stream_.next_layer().set_option(asio::ip::tcp::no_delay(true), ec);
    if (!server && !prepare_client_ssl(stream_.native_handle(), client_, remote_)) {
      asio::post(stream_.get_executor(),
                 [done = std::move(done)] { done(asio::error::make_error_code(asio::error::invalid_argument)); });
      return;
    }
    stream_.async_handshake(server ? asio::ssl::stream_base::server : asio::ssl::stream_base::client,
                            std::move(done));
  }

  void async_read_some(char* data, size_t size, IoCallback done) override {
    stream_.async_read_some(asio::buffer(data, size), std::move(done));
  }

  void async_write(std::vector<asio::const_buffer> buffers, IoCallback done) override {
    asio::async_write(stream_, std::move(buffers), std::move(done));
  }

  void close() override {
    // No close_notify exchange: SIP over TLS does not depend on it (messages are framed by
    // Content-Length), and waiting for a hostile peer's answer would keep the connection open.
    close_socket(stream_.next_layer());
  }

 private:
  SslContextPtr context_;  // declared before stream_: outlives the SSL object made from it
  TlsClientEntry client_;
  Endpoint remote_;
  asio::ssl::stream<asio::ip::tcp::socket> stream_;
};

}  // namespace

std::unique_ptr<Stream> make_tls_server_stream(asio::ip::tcp::socket socket, SslContextPtr context) {
  return std::make_unique<TlsStream>(std::move(socket), std::move(context), TlsClientEntry{});
}

std::unique_ptr<Stream> make_tls_client_stream(asio::io_context& io, const TlsClientEntry& client) {
  return std::make_unique<TlsStream>(asio::ip::tcp::socket(io), client.context, client);
}

}  // namespace vg::net
