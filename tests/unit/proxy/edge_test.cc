// Tests for edge-mode tenants (voipguard in front of a PBX): REGISTER and INVITE go to the upstream
// without a challenge of ours, and the upstream's refusals (403; 401/407 to credentials) are
// counted and reported.
#include <gtest/gtest.h>

#include "harness.h"

namespace vg::proxy::test {
namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

class ProxyEdge : public ::testing::Test {
 protected:
  Request register_request() {
    auto r = h.register_request(phone, {"<sip:1001@10.1.1.20:5060>"}, 300);
    return r;
  }

  Harness h;
  Ua phone{"1001", "unused", ep("192.0.2.77:5060"), "10.1.1.20:5060", net::Transport::kUdp, 0,
           std::string(kEdgeDomain)};
};

TEST_F(ProxyEdge, RegisterIsForwardedToTheUpstreamWithoutChallenge) {
  const auto req = register_request();
  h.deliver(phone, req.str());
  auto out = h.take_one();
  EXPECT_EQ(out.method(), "REGISTER") << out.bytes;
  EXPECT_EQ(out.to.destination, kPbx);
  EXPECT_EQ(out.ruri(), "sip:edge.example.net");
  EXPECT_TRUE(out.headers("WWW-Authenticate").empty());
  EXPECT_TRUE(out.headers("Record-Route").empty());
  auto vias = out.headers("Via");
  ASSERT_EQ(vias.size(), 2u);
  EXPECT_TRUE(starts_with(vias[0], "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKvg")) << vias[0];
  EXPECT_EQ(vias[1], req.vias[0].substr(0, req.vias[0].find(";rport")) + ";received=192.0.2.77;rport=5060");
  EXPECT_EQ(out.header("Max-Forwards"), "69");
  EXPECT_EQ(h.proxy.stats().auth_challenges, 0u);
  EXPECT_EQ(h.location.size(), 0u);
}

TEST_F(ProxyEdge, UpstreamFirstChallengeIsRelayedAndNotCounted) {
  RecordingObserver obs;
  h.proxy.set_observer(&obs);
  h.deliver(phone, register_request().str());
  auto fwd = h.take_one();
  h.deliver(kPbx, response_to(fwd.m(), 401, "Unauthorized", "pbx-1",
                              {{"WWW-Authenticate", "Digest realm=\"pbx\", nonce=\"n1\", qop=\"auth\""}}));
  auto back = h.take_one();
  EXPECT_EQ(back.status(), 401) << back.bytes;
  EXPECT_EQ(back.to.destination, phone.source);
  EXPECT_EQ(back.headers("Via").size(), 1u);
  EXPECT_EQ(back.header("WWW-Authenticate"), "Digest realm=\"pbx\", nonce=\"n1\", qop=\"auth\"");
  // The PBX's first challenge is how every login starts, not a failure.
  EXPECT_EQ(h.proxy.stats().upstream_auth_failures, 0u);
  EXPECT_TRUE(obs.upstream.empty());
}

// A PBX that answers wrong credentials with a new challenge (Asterisk PJSIP, Kamailio) instead of 403.
TEST_F(ProxyEdge, UpstreamChallengeToCredentialsIsAFailure) {
  RecordingObserver obs;
  h.proxy.set_observer(&obs);
  struct Case {
    int status;
    std::string credentials_header, challenge_header, challenge;
    bool counted;
  } cases[] = {
      {401, "Authorization", "WWW-Authenticate", "Digest realm=\"pbx\", nonce=\"n2\"", true},
      {407, "Proxy-Authorization", "Proxy-Authenticate", "Digest realm=\"pbx\", nonce=\"n2\"", true},
      // RFC 2617 §3.2.1: stale=TRUE means only the nonce was old; the credentials were right.
      {401, "Authorization", "WWW-Authenticate", "Digest realm=\"pbx\", nonce=\"n3\", stale=TRUE", false},
  };
  uint64_t expected = 0;
  for (const auto& c : cases) {
    auto req = register_request();
    req.header(c.credentials_header,
               "Digest username=\"1001\", realm=\"pbx\", nonce=\"n1\", uri=\"sip:edge.example.net\", "
               "response=\"00000000000000000000000000000000\"");
    h.deliver(phone, req.str());
    auto fwd = h.take_one();
    EXPECT_EQ(fwd.header(c.credentials_header).substr(0, 6), "Digest") << "credentials go on to the PBX";
    h.deliver(kPbx, response_to(fwd.m(), c.status, "Unauthorized", "pbx-" + std::to_string(expected),
                                {{c.challenge_header, c.challenge}}));
    EXPECT_EQ(h.take_one().status(), c.status);
    if (c.counted) ++expected;
    EXPECT_EQ(h.proxy.stats().upstream_auth_failures, expected) << c.challenge;
    ASSERT_EQ(obs.upstream.size(), expected) << c.challenge;
  }
  EXPECT_EQ(obs.upstream[0].source, phone.source);
  EXPECT_EQ(obs.upstream[0].user, "1001");
  EXPECT_EQ(obs.upstream[0].status, 401);
  EXPECT_EQ(obs.upstream[1].status, 407);
}

TEST_F(ProxyEdge, UpstreamRefusalsAreCountedWithoutAnObserver) {
  h.deliver(phone, register_request().str());
  auto fwd = h.take_one();
  h.deliver(kPbx, response_to(fwd.m(), 403, "Forbidden", "pbx-1"));
  EXPECT_EQ(h.take_one().status(), 403);
  EXPECT_EQ(h.proxy.stats().upstream_auth_failures, 1u);
}

TEST_F(ProxyEdge, UpstreamOkIsRelayedAndNotCounted) {
  RecordingObserver obs;
  h.proxy.set_observer(&obs);
  h.deliver(phone, register_request().str());
  auto fwd = h.take_one();
  h.deliver(kPbx, response_to(fwd.m(), 200, "OK", "pbx-1", {{"Contact", "<sip:1001@10.1.1.20:5060>;expires=300"}}));
  auto back = h.take_one();
  EXPECT_EQ(back.status(), 200);
  EXPECT_EQ(back.header("Contact"), "<sip:1001@10.1.1.20:5060>;expires=300");
  EXPECT_EQ(h.proxy.stats().upstream_auth_failures, 0u);
  EXPECT_TRUE(obs.upstream.empty());
}

TEST_F(ProxyEdge, InviteGoesToTheUpstreamAndItsRefusalIsReported) {
  RecordingObserver obs;
  h.proxy.set_observer(&obs);
  auto inv = h.invite_request(phone, "2000", kEdgeDomain);
  h.deliver(phone, inv.str());
  auto out = h.take();
  ASSERT_EQ(out.size(), 2u) << Harness::dump(out);
  auto trying = find_one(out, [](const Sent& s) { return s.status() == 100; }, "100 to the phone");
  EXPECT_EQ(trying.to.destination, phone.source);
  auto fwd = find_one(out, [](const Sent& s) { return s.method() == "INVITE"; }, "INVITE to the PBX");
  EXPECT_EQ(fwd.to.destination, kPbx);
  EXPECT_EQ(fwd.ruri(), "sip:2000@edge.example.net");
  EXPECT_EQ(fwd.headers("Record-Route"), std::vector<std::string>{"<sip:127.0.0.1:5060;lr>"});
  EXPECT_EQ(h.proxy.stats().auth_challenges, 0u);

  h.deliver(kPbx, response_to(fwd.m(), 403, "Forbidden", "pbx-2"));
  auto back = h.take();
  ASSERT_EQ(back.size(), 2u) << Harness::dump(back);
  auto ack = find_one(back, [](const Sent& s) { return s.method() == "ACK"; }, "ACK to the PBX");
  EXPECT_EQ(ack.to.destination, kPbx);
  auto refused = find_one(back, [](const Sent& s) { return s.status() == 403; }, "403 to the phone");
  EXPECT_EQ(refused.to.destination, phone.source);
  ASSERT_EQ(obs.upstream.size(), 1u);
  EXPECT_EQ(obs.upstream[0].source, phone.source);
  EXPECT_EQ(obs.upstream[0].user, "1001");
  EXPECT_EQ(obs.upstream[0].status, 403);
  EXPECT_EQ(h.proxy.stats().upstream_auth_failures, 1u);
}

}  // namespace
}  // namespace vg::proxy::test
