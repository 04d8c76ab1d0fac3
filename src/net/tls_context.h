// OpenSSL contexts of a Server's TLS side, built from a TlsSetup: one server context per TLS
// listener, one client context per configured peer plus a default one. Immutable once built; the
// Server swaps the whole set on reload (shared_ptr), and every TLS stream keeps the context it was
// made with alive, so a reload never disturbs an established connection.
#pragma once

#include <asio.hpp>
#include <asio/ssl.hpp>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/ip.h"
#include "core/result.h"
#include "net/transport.h"

namespace vg::net {

using SslContextPtr = std::shared_ptr<asio::ssl::context>;

struct TlsClientEntry {
  SslContextPtr context;
  std::string server_name;  // empty: verify the destination's IP address
};

struct TlsContexts {
  std::vector<SslContextPtr> servers;  // by listener index; null for non-TLS listeners
  std::unordered_map<Endpoint, TlsClientEntry> peers;
  TlsClientEntry default_client;

  // The client entry for an outgoing connection to `to`.
  [[nodiscard]] const TlsClientEntry& client_for(const Endpoint& to) const;
};

// TLS 1.2 minimum (no SSLv3, TLS 1.0, 1.1), AEAD suites only (ECDHE with AES-GCM or
// ChaCha20-Poly1305 for TLS 1.2; the TLS 1.3 suites are all AEAD), no compression, no renegotiation.
Result<SslContextPtr, std::string> make_server_context(const TlsServerSettings& s);
// Verifies the peer's chain against ca_file (empty: OpenSSL's default paths); presents
// certificate/private_key when given.
Result<SslContextPtr, std::string> make_client_context(const std::string& ca_file, const std::string& certificate,
                                                       const std::string& private_key);
// labels: listener labels by index, for error messages.
Result<std::shared_ptr<const TlsContexts>, std::string> build_tls_contexts(const TlsSetup& setup,
                                                                           const std::vector<std::string>& labels);

// Sets up `ssl` (a client connection) to check the peer against entry: SNI plus the host-name check
// of RFC 5922 §7 (subjectAltName DNS, no wildcards, never the Common Name), or the IP address.
// Returns false if OpenSSL refused the parameters.
bool prepare_client_ssl(SSL* ssl, const TlsClientEntry& entry, const Endpoint& to);

}  // namespace vg::net
