// Factories of the TLS Stream (tls_stream.cc): server side over an accepted socket with the
// listener's context, client side with the peer's context and verification parameters.
#pragma once

#include <memory>

#include "net/stream.h"
#include "net/tls_context.h"

namespace vg::net {

std::unique_ptr<Stream> make_tls_server_stream(asio::ip::tcp::socket socket, SslContextPtr context);
std::unique_ptr<Stream> make_tls_client_stream(asio::io_context& io, const TlsClientEntry& client);

}  // namespace vg::net
