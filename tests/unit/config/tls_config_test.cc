// TLS settings in the configuration: listener tls maps, the tls section, upstream tls maps,
// require_tls on tenants and accounts, default ports 5061 (RFC 3261 §19.1.2).
#include <gtest/gtest.h>

#include "config/config.h"

namespace vg::config {
namespace {

constexpr std::string_view kYaml = R"(
listeners:
  - { name: tls, transport: tls, address: 127.0.0.1,
      tls: { certificate: /etc/vg/cert.pem, private_key: /etc/vg/key.pem, ca_file: /etc/vg/ca.pem,
             verify_client: required } }
  - { name: tls6, transport: tls, address: "::1", port: 5071, tls: { self_signed: true } }
tls:
  handshake_timeout: 2500ms
  max_handshakes_per_second: 50
  ca_file: /etc/vg/bundle.pem
upstreams:
  - { name: trunk, host: sip.trunk.example, transport: tls,
      tls: { server_name: Trunk.Example, ca_file: /etc/vg/trunk-ca.pem, certificate: /etc/vg/me.pem,
             private_key: /etc/vg/me.key } }
  - { name: pbx, host: 192.0.2.10, transport: tls }
tenants:
  - domain: secure.example
    require_tls: true
    accounts:
      - { username: "100", generate_password: true }
  - domain: mixed.example
    accounts:
      - { username: "200", generate_password: true, require_tls: true }
      - { username: "201", generate_password: true }
)";

TEST(TlsConfig, ListenersSectionUpstreamsAndPolicy) {
  auto r = load_config_string(kYaml, "tls.yaml");
  ASSERT_TRUE(r.has_value()) << r.error().front().to_string();
  const Config& c = *r;
  ASSERT_EQ(c.listeners.size(), 2u);
  const Listener& l = c.listeners[0];
  EXPECT_EQ(l.transport, Transport::kTls);
  EXPECT_EQ(l.port, 5061);  // default port of TLS
  EXPECT_FALSE(l.tls.self_signed);
  EXPECT_EQ(l.tls.certificate, "/etc/vg/cert.pem");
  EXPECT_EQ(l.tls.private_key, "/etc/vg/key.pem");
  EXPECT_EQ(l.tls.ca_file, "/etc/vg/ca.pem");
  EXPECT_EQ(l.tls.verify_client, TlsVerify::kRequired);
  EXPECT_TRUE(c.listeners[1].tls.self_signed);
  EXPECT_EQ(c.listeners[1].port, 5071);

  EXPECT_EQ(c.tls.handshake_timeout, std::chrono::milliseconds(2500));
  EXPECT_EQ(c.tls.max_handshakes_per_second, 50u);
  EXPECT_EQ(c.tls.ca_file, "/etc/vg/bundle.pem");

  const Upstream* trunk = c.find_upstream("trunk");
  ASSERT_NE(trunk, nullptr);
  EXPECT_EQ(trunk->transport, Transport::kTls);
  EXPECT_EQ(trunk->port, 5061);
  EXPECT_EQ(trunk->tls_server_name, "trunk.example");  // lower-cased
  EXPECT_EQ(trunk->tls_ca_file, "/etc/vg/trunk-ca.pem");
  EXPECT_EQ(trunk->tls_certificate, "/etc/vg/me.pem");
  EXPECT_EQ(trunk->tls_private_key, "/etc/vg/me.key");
  const Upstream* pbx = c.find_upstream("pbx");
  ASSERT_NE(pbx, nullptr);
  EXPECT_TRUE(pbx->tls_server_name.empty());

  const Tenant* secure = c.find_tenant("secure.example");
  ASSERT_NE(secure, nullptr);
  EXPECT_TRUE(secure->require_tls);
  EXPECT_FALSE(secure->accounts[0].require_tls);
  const Tenant* mixed = c.find_tenant("mixed.example");
  ASSERT_NE(mixed, nullptr);
  EXPECT_FALSE(mixed->require_tls);
  EXPECT_TRUE(mixed->find_account("200")->require_tls);
  EXPECT_FALSE(mixed->find_account("201")->require_tls);
}

TEST(TlsConfig, DefaultsWhenLeftOut) {
  auto r = load_config_string("listeners: []\n", "empty.yaml");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->tls.handshake_timeout, std::chrono::milliseconds(5000));
  EXPECT_EQ(r->tls.max_handshakes_per_second, 200u);
  EXPECT_TRUE(r->tls.ca_file.empty());
  EXPECT_EQ(to_string(Transport::kTls), "tls");
  EXPECT_EQ(to_string(TlsVerify::kOptional), "optional");
}

}  // namespace
}  // namespace vg::config
