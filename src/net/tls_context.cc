#include "net/tls_context.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <cstring>

namespace vg::net {

namespace {

// TLS 1.2: forward secrecy (ECDHE) and AEAD only. TLS 1.3 suites are listed explicitly as well, so
// that a changed OpenSSL default cannot add a non-AEAD one.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
constexpr const char* kTls13Suites = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";
// Session id context: required by OpenSSL for session resumption when client certificates are verified.
constexpr unsigned char kSessionContext[] = "voipguard-sip";

// The first queued OpenSSL error as text (and the queue cleared), e.g. "No such file or directory".
std::string ssl_error() {
  unsigned long e = ERR_get_error();
  std::string text;
  if (e != 0) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    const char* reason = ERR_reason_error_string(e);
    text = reason ? reason : buf;
    if (ERR_GET_LIB(e) == ERR_LIB_SYS) text = std::strerror(ERR_GET_REASON(e));
  }
  ERR_clear_error();
  return text.empty() ? std::string("unknown OpenSSL error") : text;
}

Result<SslContextPtr, std::string> base_context(bool server) {
  ERR_clear_error();
  auto ctx = std::make_shared<asio::ssl::context>(server ? asio::ssl::context::tls_server
                                                         : asio::ssl::context::tls_client);
  SSL_CTX* c = ctx->native_handle();
  if (SSL_CTX_set_min_proto_version(c, TLS1_2_VERSION) != 1 || SSL_CTX_set_cipher_list(c, kTls12Ciphers) != 1 ||
      SSL_CTX_set_ciphersuites(c, kTls13Suites) != 1) {
    return unexpected("cannot restrict TLS versions and ciphers: " + ssl_error());
  }
  SSL_CTX_set_options(c, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  // Writes may be retried with a moved buffer (Asio's composed writes): allow it.
  SSL_CTX_set_mode(c, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  return ctx;
}

Result<void, std::string> load_identity(SSL_CTX* c, const std::string& certificate, const std::string& key) {
  if (SSL_CTX_use_certificate_chain_file(c, certificate.c_str()) != 1) {
    return unexpected("certificate " + certificate + ": " + ssl_error());
  }
  if (SSL_CTX_use_PrivateKey_file(c, key.c_str(), SSL_FILETYPE_PEM) != 1) {
    return unexpected("private key " + key + ": " + ssl_error());
  }
  if (SSL_CTX_check_private_key(c) != 1) {
    return unexpected("private key " + key + " does not match (mismatch) certificate " + certificate);
  }
  return {};
}

Result<void, std::string> load_ca(SSL_CTX* c, const std::string& ca_file) {
  if (ca_file.empty()) {
    if (SSL_CTX_set_default_verify_paths(c) != 1) return unexpected("default CA paths: " + ssl_error());
    return {};
  }
  if (SSL_CTX_load_verify_locations(c, ca_file.c_str(), nullptr) != 1) {
    return unexpected("CA file " + ca_file + ": " + ssl_error());
  }
  return {};
}

}  // namespace

const TlsClientEntry& TlsContexts::client_for(const Endpoint& to) const {
  auto it = peers.find(to);
  return it == peers.end() ? default_client : it->second;
}

Result<SslContextPtr, std::string> make_server_context(const TlsServerSettings& s) {
  auto ctx = base_context(true);
  if (!ctx) return ctx;
  SSL_CTX* c = (*ctx)->native_handle();
  if (auto r = load_identity(c, s.certificate, s.private_key); !r) return unexpected(r.error());
  SSL_CTX_set_session_id_context(c, kSessionContext, sizeof kSessionContext - 1);
  if (s.verify_client != TlsVerify::kNone) {
    if (s.ca_file.empty()) return unexpected(std::string("verify_client needs a ca_file"));
    if (auto r = load_ca(c, s.ca_file); !r) return unexpected(r.error());
    // Tell clients which CAs we accept (RFC 5246 §7.4.4 certificate_authorities).
    if (STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(s.ca_file.c_str())) {
      SSL_CTX_set_client_CA_list(c, names);
    }
    int mode = SSL_VERIFY_PEER;
    if (s.verify_client == TlsVerify::kRequired) mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
    SSL_CTX_set_verify(c, mode, nullptr);
  } else {
    SSL_CTX_set_verify(c, SSL_VERIFY_NONE, nullptr);
  }
  return ctx;
}

Result<SslContextPtr, std::string> make_client_context(const std::string& ca_file, const std::string& certificate,
                                                       const std::string& private_key) {
  auto ctx = base_context(false);
  if (!ctx) return ctx;
  SSL_CTX* c = (*ctx)->native_handle();
  if (auto r = load_ca(c, ca_file); !r) return unexpected(r.error());
  if (!certificate.empty()) {
    if (auto r = load_identity(c, certificate, private_key); !r) return unexpected(r.error());
  }
  // RFC 5922 §7.3: a client always verifies the server's certificate.
  SSL_CTX_set_verify(c, SSL_VERIFY_PEER, nullptr);
  return ctx;
}

Result<std::shared_ptr<const TlsContexts>, std::string> build_tls_contexts(const TlsSetup& setup,
                                                                           const std::vector<std::string>& labels) {
  auto out = std::make_shared<TlsContexts>();
  out->servers.resize(labels.size());
  for (size_t i = 0; i < setup.listeners.size() && i < labels.size(); ++i) {
    if (!setup.listeners[i]) continue;
    auto ctx = make_server_context(*setup.listeners[i]);
    if (!ctx) return unexpected(labels[i] + ": " + ctx.error());
    out->servers[i] = std::move(*ctx);
  }
  auto def = make_client_context(setup.default_ca_file, {}, {});
  if (!def) return unexpected("outgoing TLS: " + def.error());
  out->default_client = TlsClientEntry{std::move(*def), {}};
  for (const auto& p : setup.peers) {
    auto ctx = make_client_context(p.ca_file.empty() ? setup.default_ca_file : p.ca_file, p.certificate,
                                   p.private_key);
    if (!ctx) return unexpected("TLS peer " + p.destination.to_string() + ": " + ctx.error());
    out->peers[p.destination] = TlsClientEntry{std::move(*ctx), p.server_name};
  }
  return std::shared_ptr<const TlsContexts>(std::move(out));
}

bool prepare_client_ssl(SSL* ssl, const TlsClientEntry& entry, const Endpoint& to) {
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_WILDCARDS | X509_CHECK_FLAG_NEVER_CHECK_SUBJECT);
  if (entry.server_name.empty()) {
    return X509_VERIFY_PARAM_set1_ip_asc(param, to.address.to_string().c_str()) == 1;
  }
  // SNI (RFC 6066 §3) lets a server holding several domains pick the right certificate.
  if (SSL_set_tlsext_host_name(ssl, entry.server_name.c_str()) != 1) return false;
  return SSL_set1_host(ssl, entry.server_name.c_str()) == 1;
}

}  // namespace vg::net
