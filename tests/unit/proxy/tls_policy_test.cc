// Tests for src/proxy/tls_policy.cc: require_tls per tenant (403 before any challenge) and per
// account (403 after authentication), each with a policy.require_tls event; RFC 5630 sips rules
// (416 when a sips request arrived without TLS, 480 when its next hop is not TLS).
#include <gtest/gtest.h>

#include "events/sink.h"
#include "harness.h"

namespace vg::proxy::test {
namespace {

std::string with(std::string yaml, std::string_view find, std::string_view replace) {
  auto at = yaml.find(find);
  EXPECT_NE(at, std::string::npos) << find;
  if (at != std::string::npos) yaml.replace(at, find.size(), replace);
  return yaml;
}

// carol requires TLS; the tenant does not.
const std::string kAccountYaml = with(std::string(kDefaultYaml), R"(password: "Opera$Singer-93" })",
                                      R"(password: "Opera$Singer-93", require_tls: true })");
// Every account of example.com requires TLS.
const std::string kTenantYaml = with(std::string(kDefaultYaml), "  - domain: example.com\n",
                                     "  - domain: example.com\n    require_tls: true\n");

Ua over_tls(Ua ua) {
  ua.transport = net::Transport::kTls;
  ua.connection = 77;
  return ua;
}

TEST(ProxyTlsPolicy, AccountRequiringTlsGets403OverUdpAfterAuthenticationWithAnEvent) {
  Harness h(kAccountYaml);
  events::RecordingSink sink;
  h.proxy.set_events(&sink);
  const Ua ua = carol();
  auto r = h.send_authenticated(ua, h.register_request(ua, {"<" + ua.contact_uri() + ">"}));
  EXPECT_EQ(r.status(), 403) << r.bytes;
  EXPECT_NE(r.bytes.find("TLS required"), std::string::npos);
  EXPECT_EQ(h.location.size(), 0u);
  ASSERT_EQ(sink.count("policy.require_tls"), 1u);
  const auto e = sink.events().front();
  EXPECT_EQ(e.rule, "account.require_tls");
  EXPECT_EQ(e.account, "carol");
  EXPECT_EQ(e.tenant, "example.com");
  EXPECT_EQ(e.transport, "UDP");
  EXPECT_EQ(e.action, "reply:403");
  EXPECT_EQ(e.source, ua.source);
  // Other accounts of the tenant are not affected.
  h.register_ua(alice());
  EXPECT_EQ(sink.count("policy.require_tls"), 1u);
}

TEST(ProxyTlsPolicy, AccountRequiringTlsRegistersOverTls) {
  Harness h(kAccountYaml);
  events::RecordingSink sink;
  h.proxy.set_events(&sink);
  h.register_ua(over_tls(carol()));
  EXPECT_EQ(h.location.size(), 1u);
  EXPECT_EQ(sink.count("policy.require_tls"), 0u);
  auto b = h.location.lookup("carol@example.com", h.clock.unix_seconds());
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].transport, net::Transport::kTls);  // requests to carol reuse this connection
  EXPECT_EQ(b[0].connection, 77u);
}

TEST(ProxyTlsPolicy, AccountRequiringTlsCannotCallOverUdp) {
  Harness h(kAccountYaml);
  events::RecordingSink sink;
  h.proxy.set_events(&sink);
  h.register_ua(bob());
  const Ua ua = carol();
  auto r = h.send_authenticated(ua, h.invite_request(ua, "bob"));
  EXPECT_EQ(r.status(), 403) << r.bytes;
  EXPECT_EQ(sink.count("policy.require_tls"), 1u);
  EXPECT_TRUE(h.forwarded.empty());
}

TEST(ProxyTlsPolicy, TenantRequiringTlsRefusesBeforeAnyChallenge) {
  Harness h(kTenantYaml);
  events::RecordingSink sink;
  h.proxy.set_events(&sink);
  const Ua ua = alice();
  h.deliver(ua, h.register_request(ua, {"<" + ua.contact_uri() + ">"}).str());
  auto r = h.take_one();
  EXPECT_EQ(r.status(), 403) << r.bytes;  // not 401: no credentials asked for in the clear
  EXPECT_TRUE(r.headers("WWW-Authenticate").empty());
  ASSERT_EQ(sink.count("policy.require_tls"), 1u);
  EXPECT_EQ(sink.events().front().rule, "tenant.require_tls");
  // Over TLS the same phone is challenged and registers.
  h.register_ua(over_tls(ua));
  EXPECT_EQ(h.location.size(), 1u);
  // Calls over UDP are refused the same way, before the 407.
  h.deliver(ua, h.invite_request(ua, "bob").str());
  bool refused = false;
  for (const auto& s : h.take()) refused |= s.status() == 403;
  EXPECT_TRUE(refused);
  EXPECT_EQ(sink.count("policy.require_tls"), 2u);
}

TEST(ProxyTlsPolicy, SipsRequestOverUdpGets416) {
  Harness h;
  h.register_ua(bob());
  const Ua ua = alice();
  auto req = h.invite_request(ua, "bob");
  req.ruri = "sips:bob@example.com";
  auto r = h.send_authenticated(ua, req);
  EXPECT_EQ(r.status(), 416) << r.bytes;
  EXPECT_TRUE(h.forwarded.empty());
}

TEST(ProxyTlsPolicy, SipsRequestToACalleeWithoutTlsGets480) {
  Harness h;
  h.register_ua(bob());  // over UDP
  const Ua ua = over_tls(alice());
  auto req = h.invite_request(ua, "bob");
  req.ruri = "sips:bob@example.com";
  auto r = h.send_authenticated(ua, req);
  EXPECT_EQ(r.status(), 480) << r.bytes;
  EXPECT_TRUE(h.forwarded.empty());
}

TEST(ProxyTlsPolicy, PlainSipRequestIsUnaffected) {
  Harness h;
  h.register_ua(bob());
  const Ua ua = alice();
  auto r = h.send_authenticated(ua, h.invite_request(ua, "bob"));
  EXPECT_NE(r.status(), 416);
  EXPECT_NE(r.status(), 480);
  EXPECT_FALSE(h.forwarded.empty());
}

}  // namespace
}  // namespace vg::proxy::test
