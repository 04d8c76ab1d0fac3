// TLS transport: handshakes in both directions between two Servers on loopback, host-name
// verification (RFC 5922), client certificates, handshake timeout and rate bound, TLS < 1.2
// refused, plaintext on the TLS port refused, and certificate reload.
#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <filesystem>
#include <fstream>

#include "net/tls_certs.h"
#include "net/tls_context.h"
#include "net_fixture.h"

namespace vg::net::test {
namespace {

namespace fs = std::filesystem;

ListenerConfig tls(const char* addr = "127.0.0.1") { return {"tls", Transport::kTls, ep(addr, 0)}; }

// A CA, certificates it signed (server names, a client) and a directory holding them as files.
class Pki {
 public:
  Pki() {
    dir_ = fs::temp_directory_path() / ("vg-tls-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter_));
    fs::create_directories(dir_);
    CertificateRequest ca_req;
    ca_req.common_name = "voipguard test CA";
    ca_req.ca = true;
    ca_ = make_certificate(ca_req).value();
    write("ca", ca_);
  }
  ~Pki() { fs::remove_all(dir_); }

  // Writes <name>.crt/.key signed by the CA for dns names; returns the path prefix.
  std::string issue(const std::string& name, std::vector<std::string> dns, std::vector<IpAddress> ips = {}) {
    CertificateRequest r;
    r.common_name = name;
    r.dns_names = std::move(dns);
    r.ip_addresses = std::move(ips);
    write(name, make_certificate(r, &ca_).value());
    return path(name);
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string ca_file() const { return path("ca") + ".crt"; }

 private:
  void write(const std::string& name, const PemPair& p) {
    ASSERT_TRUE(write_pem_pair(p, path(name) + ".crt", path(name) + ".key").has_value());
  }
  static inline int counter_ = 0;
  fs::path dir_;
  PemPair ca_;
};

TlsServerSettings server_settings(const std::string& prefix, TlsVerify verify = TlsVerify::kNone,
                                  const std::string& ca = {}) {
  return TlsServerSettings{prefix + ".crt", prefix + ".key", ca, verify};
}

class TlsTest : public NetFixture {
 protected:
  // Starts the fixture's server with one TLS listener using `settings`.
  bool start_tls(const TlsServerSettings& settings, NetConfig config = small_config(), const Clock* clock = nullptr) {
    server_ = std::make_unique<Server>(config, std::vector<ListenerConfig>{tls()}, handler_, clock ? *clock : clock_);
    TlsSetup setup;
    setup.listeners = {settings};
    auto c = server_->configure_tls(setup);
    EXPECT_TRUE(c.has_value()) << c.error();
    auto r = server_->start();
    EXPECT_TRUE(r.has_value()) << r.error();
    return c && r;
  }
  // A second Server (the client side) with its own TLS listener (outgoing TLS leaves from it) and
  // peer settings for the fixture's server.
  void start_client(TlsPeerSettings peer, const std::string& own_prefix) {
    client_ = std::make_unique<Server>(small_config(), std::vector<ListenerConfig>{tls()}, client_handler_, clock_);
    TlsSetup setup;
    setup.listeners = {server_settings(own_prefix)};
    peer.destination = bound(0);
    setup.peers = {peer};
    auto c = client_->configure_tls(setup);
    ASSERT_TRUE(c.has_value()) << c.error();
    ASSERT_TRUE(client_->start().has_value());
  }
  SendError client_send(const std::string& data) {
    return client_->sender().send(Outbound{Transport::kTls, bound(0), 0, SIZE_MAX}, data);
  }
  void TearDown() override {
    if (client_) client_->stop();
    NetFixture::TearDown();
  }

  Pki pki_;
  RecordingHandler client_handler_;
  std::unique_ptr<Server> client_;
};

TEST_F(TlsTest, MessageAndEchoOverTlsWithHostNameVerification) {
  ASSERT_TRUE(start_tls(server_settings(pki_.issue("gw", {"sip.example.test"}))));
  start_client(TlsPeerSettings{{}, "sip.example.test", pki_.ca_file(), {}, {}}, pki_.issue("client", {"c.test"}));
  client_handler_.echo = false;
  std::string m = sip_message("over-tls");
  ASSERT_EQ(client_send(m), SendError::kNone);
  ASSERT_TRUE(handler_.wait_for(1));
  auto got = handler_.messages()[0];
  EXPECT_EQ(got.data, m);
  EXPECT_EQ(got.transport, Transport::kTls);
  EXPECT_NE(got.connection, 0u);
  // The echo travels back over the same TLS connection.
  ASSERT_TRUE(client_handler_.wait_for(1));
  EXPECT_EQ(client_handler_.messages()[0].data, m);
  EXPECT_EQ(client_handler_.messages()[0].transport, Transport::kTls);
  EXPECT_EQ(client_->stats().connections_outgoing.load(), 1u);
  EXPECT_EQ(stats().drops(DropReason::kTlsHandshakeFailed), 0u);
}

TEST_F(TlsTest, CertificateForAnotherNameIsRefusedByTheClient) {
  ASSERT_TRUE(start_tls(server_settings(pki_.issue("gw", {"other.example.test"}))));
  start_client(TlsPeerSettings{{}, "sip.example.test", pki_.ca_file(), {}, {}}, pki_.issue("client", {"c.test"}));
  ASSERT_EQ(client_send(sip_message("wrong-name")), SendError::kNone);
  EXPECT_TRUE(eventually([&] { return client_->stats().drops(DropReason::kTlsHandshakeFailed) == 1; }));
  EXPECT_EQ(handler_.count(), 0u);
}

TEST_F(TlsTest, WildcardCertificateDoesNotMatch) {
  // RFC 5922 §7.2: wildcards in a SIP domain certificate are not honoured.
  ASSERT_TRUE(start_tls(server_settings(pki_.issue("gw", {"*.example.test"}))));
  start_client(TlsPeerSettings{{}, "sip.example.test", pki_.ca_file(), {}, {}}, pki_.issue("client", {"c.test"}));
  ASSERT_EQ(client_send(sip_message("wildcard")), SendError::kNone);
  EXPECT_TRUE(eventually([&] { return client_->stats().drops(DropReason::kTlsHandshakeFailed) == 1; }));
  EXPECT_EQ(handler_.count(), 0u);
}

TEST_F(TlsTest, UntrustedIssuerIsRefused) {
  Pki other;  // a different CA signed the server's certificate
  ASSERT_TRUE(start_tls(server_settings(other.issue("gw", {"sip.example.test"}))));
  start_client(TlsPeerSettings{{}, "sip.example.test", pki_.ca_file(), {}, {}}, pki_.issue("client", {"c.test"}));
  ASSERT_EQ(client_send(sip_message("untrusted")), SendError::kNone);
  EXPECT_TRUE(eventually([&] { return client_->stats().drops(DropReason::kTlsHandshakeFailed) == 1; }));
  EXPECT_EQ(handler_.count(), 0u);
}

TEST_F(TlsTest, IpAddressIsVerifiedWhenNoNameIsGiven) {
  ASSERT_TRUE(start_tls(server_settings(pki_.issue("gw", {}, {ip("127.0.0.1")}))));
  start_client(TlsPeerSettings{{}, "", pki_.ca_file(), {}, {}}, pki_.issue("client", {"c.test"}));
  ASSERT_EQ(client_send(sip_message("by-ip")), SendError::kNone);
  EXPECT_TRUE(handler_.wait_for(1));
}

TEST_F(TlsTest, RequiredClientCertificate) {
  std::string gw = pki_.issue("gw", {"sip.example.test"});
  ASSERT_TRUE(start_tls(server_settings(gw, TlsVerify::kRequired, pki_.ca_file())));
  // Without a client certificate: refused by the server.
  start_client(TlsPeerSettings{{}, "sip.example.test", pki_.ca_file(), {}, {}}, pki_.issue("client", {"c.test"}));
  ASSERT_EQ(client_send(sip_message("no-cert")), SendError::kNone);
  EXPECT_TRUE(eventually([&] { return stats().drops(DropReason::kTlsHandshakeFailed) >= 1; }));
  EXPECT_EQ(handler_.count(), 0u);
  client_->stop();
  // A certificate from another CA: refused too.
  Pki other;
  std::string stranger = other.issue("stranger", {"trunk.test"});
  start_client(TlsPeerSettings{{}, "sip.example.test", pki_.ca_file(), stranger + ".crt", stranger + ".key"},
               pki_.issue("client2", {"c.test"}));
  ASSERT_EQ(client_send(sip_message("wrong-cert")), SendError::kNone);
  EXPECT_TRUE(eventually([&] { return stats().drops(DropReason::kTlsHandshakeFailed) >= 2; }));
  EXPECT_EQ(handler_.count(), 0u);
  client_->stop();
  // One signed by the listener's CA: accepted.
  std::string trunk = pki_.issue("trunk", {"trunk.test"});
  start_client(TlsPeerSettings{{}, "sip.example.test", pki_.ca_file(), trunk + ".crt", trunk + ".key"},
               pki_.issue("client3", {"c.test"}));
  ASSERT_EQ(client_send(sip_message("good-cert")), SendError::kNone);
  EXPECT_TRUE(handler_.wait_for(1));
}

TEST_F(TlsTest, SilentClientIsDroppedAfterTheHandshakeTimeout) {
  NetConfig config = small_config();
  config.tls_handshake_timeout = std::chrono::milliseconds(200);
  ASSERT_TRUE(start_tls(server_settings(pki_.issue("gw", {"sip.example.test"})), config));
  TcpPeer silent(bound(0));
  EXPECT_TRUE(silent.wait_closed());
  EXPECT_EQ(stats().drops(DropReason::kTlsHandshakeTimeout), 1u);
  EXPECT_TRUE(eventually([&] { return stats().connections_open() == 0; }));
}

TEST_F(TlsTest, PlaintextSipOnTheTlsPortIsRefused) {
  ASSERT_TRUE(start_tls(server_settings(pki_.issue("gw", {"sip.example.test"}))));
  TcpPeer plain(bound(0));
  ASSERT_TRUE(plain.write(sip_message("cleartext")));
  EXPECT_TRUE(plain.wait_closed());
  EXPECT_EQ(stats().drops(DropReason::kTlsHandshakeFailed), 1u);
  EXPECT_EQ(handler_.count(), 0u);
}

TEST_F(TlsTest, HandshakesPerSecondAreBounded) {
  NetConfig config = small_config();
  config.tls_handshakes_per_second = 2;
  FakeClock frozen;  // no time passes: the bucket never refills
  ASSERT_TRUE(start_tls(server_settings(pki_.issue("gw", {"sip.example.test"})), config, &frozen));
  TcpPeer a(bound(0)), b(bound(0));
  ASSERT_TRUE(eventually([&] { return stats().connections_accepted.load() == 2; }));
  TcpPeer c(bound(0));
  EXPECT_TRUE(c.wait_closed());
  EXPECT_EQ(stats().drops(DropReason::kTlsHandshakeRate), 1u);
  EXPECT_EQ(stats().connections_accepted.load(), 2u);
  frozen.advance(std::chrono::seconds(1));  // refilled
  TcpPeer d(bound(0));
  EXPECT_TRUE(eventually([&] { return stats().connections_accepted.load() == 3; }));
}

// A raw OpenSSL client limited to TLS 1.1: the server must refuse the handshake.
TEST_F(TlsTest, Tls11ClientIsRefused) {
  ASSERT_TRUE(start_tls(server_settings(pki_.issue("gw", {"sip.example.test"}))));
  TcpPeer raw(bound(0));
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_security_level(ctx, 0);  // let the client offer the old version at all
  SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
  SSL_CTX_set_max_proto_version(ctx, TLS1_1_VERSION);
  SSL_CTX_set_cipher_list(ctx, "ALL:@SECLEVEL=0");
  SSL* ssl = SSL_new(ctx);
  SSL_set_fd(ssl, raw.fd());
  EXPECT_NE(SSL_connect(ssl), 1);
  SSL_free(ssl);
  SSL_CTX_free(ctx);
  EXPECT_TRUE(eventually([&] { return stats().drops(DropReason::kTlsHandshakeFailed) == 1; }));
}

TEST_F(TlsTest, ReloadedCertificateServesNewHandshakes) {
  ASSERT_TRUE(start_tls(server_settings(pki_.issue("old", {"old.example.test"}))));
  start_client(TlsPeerSettings{{}, "new.example.test", pki_.ca_file(), {}, {}}, pki_.issue("client", {"c.test"}));
  ASSERT_EQ(client_send(sip_message("before")), SendError::kNone);
  ASSERT_TRUE(eventually([&] { return client_->stats().drops(DropReason::kTlsHandshakeFailed) == 1; }));
  TlsSetup setup;
  setup.listeners = {server_settings(pki_.issue("new", {"new.example.test"}))};
  ASSERT_TRUE(server_->configure_tls(setup).has_value());
  ASSERT_EQ(client_send(sip_message("after")), SendError::kNone);
  ASSERT_TRUE(handler_.wait_for(1));
  EXPECT_EQ(handler_.messages()[0].data, sip_message("after"));
}

TEST(TlsContextTest, ErrorsNameTheFile) {
  Pki pki;
  std::string gw = pki.issue("gw", {"a.test"});
  std::string other = pki.issue("other", {"b.test"});
  auto missing = make_server_context(TlsServerSettings{"/nonexistent/cert.pem", gw + ".key", {}, TlsVerify::kNone});
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().find("/nonexistent/cert.pem"), std::string::npos) << missing.error();
  auto mismatch = make_server_context(TlsServerSettings{gw + ".crt", other + ".key", {}, TlsVerify::kNone});
  ASSERT_FALSE(mismatch.has_value());
  EXPECT_NE(mismatch.error().find("mismatch"), std::string::npos) << mismatch.error();
  auto no_ca = make_server_context(TlsServerSettings{gw + ".crt", gw + ".key", {}, TlsVerify::kRequired});
  EXPECT_FALSE(no_ca.has_value());
  EXPECT_TRUE(make_server_context(TlsServerSettings{gw + ".crt", gw + ".key", {}, TlsVerify::kNone}).has_value());
}

TEST(TlsContextTest, OnlyTls12AndAeadSuites) {
  Pki pki;
  std::string gw = pki.issue("gw", {"a.test"});
  auto ctx = make_server_context(TlsServerSettings{gw + ".crt", gw + ".key", {}, TlsVerify::kNone});
  ASSERT_TRUE(ctx.has_value());
  EXPECT_EQ(SSL_CTX_get_min_proto_version((*ctx)->native_handle()), TLS1_2_VERSION);
  SSL* ssl = SSL_new((*ctx)->native_handle());
  STACK_OF(SSL_CIPHER)* ciphers = SSL_get_ciphers(ssl);
  ASSERT_GT(sk_SSL_CIPHER_num(ciphers), 0);
  for (int i = 0; i < sk_SSL_CIPHER_num(ciphers); ++i) {
    const SSL_CIPHER* c = sk_SSL_CIPHER_value(ciphers, i);
    EXPECT_TRUE(SSL_CIPHER_is_aead(c)) << SSL_CIPHER_get_name(c);
  }
  SSL_free(ssl);
}

TEST(TlsCertsTest, KeyFileIsPrivate) {
  Pki pki;
  std::string gw = pki.issue("gw", {"a.test"});
  auto perms = fs::status(gw + ".key").permissions();
  EXPECT_EQ(perms & (fs::perms::group_all | fs::perms::others_all), fs::perms::none);
}

}  // namespace
}  // namespace vg::net::test
