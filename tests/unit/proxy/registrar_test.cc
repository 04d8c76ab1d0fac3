// Tests for src/proxy/registrar.cc (RFC 3261 §10.3) through ProxyCore::on_message: challenges,
// digest verification, expiry bounds, wildcard removal, fetches, contact limits and NAT bindings.
#include <gtest/gtest.h>

#include "harness.h"

namespace vg::proxy::test {
namespace {

class ProxyRegistrar : public ::testing::Test {
 protected:
  // The challenge values of a 401 to an unauthenticated REGISTER from ua.
  std::vector<std::string> challenge_for(const Ua& ua) {
    h.deliver(ua, h.register_request(ua, {"<" + ua.contact_uri() + ">"}).str());
    auto r = h.take_one();
    EXPECT_EQ(r.status(), 401) << r.bytes;
    EXPECT_EQ(r.to.destination, ua.source);
    return r.headers("WWW-Authenticate");
  }

  Harness h;
};

TEST_F(ProxyRegistrar, NoCredentialsGets401WithOneChallengePerAlgorithmInOrder) {
  auto values = challenge_for(alice());
  ASSERT_EQ(values.size(), 2u);
  auto sha = parse_challenge(values[0]);
  auto md5 = parse_challenge(values[1]);
  ASSERT_TRUE(sha && md5);
  EXPECT_EQ(sha->algorithm, "SHA-256");
  EXPECT_EQ(md5->algorithm, "MD5");
  EXPECT_EQ(sha->realm, kDomain);
  EXPECT_EQ(md5->realm, kDomain);
  EXPECT_FALSE(sha->stale);
  EXPECT_EQ(sha->nonce, md5->nonce);  // one nonce shared by the challenges of one response
  EXPECT_EQ(h.proxy.stats().auth_challenges, 1u);
  EXPECT_EQ(h.location.size(), 0u);
}

TEST_F(ProxyRegistrar, ChallengeOrderFollowsConfiguration) {
  std::string yaml(kDefaultYaml);
  yaml.replace(yaml.find("[SHA-256, MD5]"), 14, "[MD5, SHA-256]");
  Harness md5_first(yaml);
  md5_first.deliver(alice(), md5_first.register_request(alice(), {"<sip:alice@10.0.0.5:5062>"}).str());
  auto r = md5_first.take_one();
  auto values = r.headers("WWW-Authenticate");
  ASSERT_EQ(values.size(), 2u);
  EXPECT_EQ(parse_challenge(values[0])->algorithm, "MD5");
  EXPECT_EQ(parse_challenge(values[1])->algorithm, "SHA-256");
}

TEST_F(ProxyRegistrar, RightCredentialsBothAlgorithmsGive200WithContactAndExpires) {
  for (std::string_view alg : {"MD5", "SHA-256"}) {
    SCOPED_TRACE(alg);
    Harness fresh;
    const Ua a = alice();
    auto r = fresh.send_authenticated(a, fresh.register_request(a, {"<sip:alice@10.0.0.5:5062>"}, 300), alg);
    ASSERT_EQ(r.status(), 200) << r.bytes;
    EXPECT_EQ(r.to.destination, a.source);
    EXPECT_EQ(r.headers("Contact"), std::vector<std::string>{"<sip:alice@10.0.0.5:5062>;expires=300"});
    EXPECT_FALSE(r.header("To").empty());
    EXPECT_NE(r.header("To").find(";tag="), std::string::npos);
    EXPECT_EQ(fresh.proxy.stats().registrations_ok, 1u);
    auto b = fresh.location.lookup("alice@example.com", fresh.clock.unix_seconds());
    ASSERT_EQ(b.size(), 1u);
    EXPECT_EQ(b[0].contact, "sip:alice@10.0.0.5:5062");
    EXPECT_EQ(b[0].expires_at, fresh.clock.unix_seconds() + 300);
  }
}

TEST_F(ProxyRegistrar, DefaultExpiryWhenNoneRequested) {
  const Ua a = alice();
  auto r = h.send_authenticated(a, h.register_request(a, {"<sip:alice@10.0.0.5:5062>"}));
  ASSERT_EQ(r.status(), 200) << r.bytes;
  EXPECT_EQ(r.headers("Contact"), std::vector<std::string>{"<sip:alice@10.0.0.5:5062>;expires=600"});
}

TEST_F(ProxyRegistrar, ContactExpiresParameterWinsOverHeader) {
  const Ua a = alice();
  auto r = h.send_authenticated(a, h.register_request(a, {"<sip:alice@10.0.0.5:5062>;expires=120"}, 900));
  ASSERT_EQ(r.status(), 200) << r.bytes;
  EXPECT_EQ(r.headers("Contact"), std::vector<std::string>{"<sip:alice@10.0.0.5:5062>;expires=120"});
}

TEST_F(ProxyRegistrar, WrongPasswordGets403AndObserverHears) {
  RecordingObserver obs;
  h.proxy.set_observer(&obs);
  const Ua a = alice();
  auto r = h.send_authenticated(a, h.register_request(a, {"<sip:alice@10.0.0.5:5062>"}), "SHA-256", "alice",
                                "Not-The-Pass-123!");
  EXPECT_EQ(r.status(), 403) << r.bytes;
  EXPECT_EQ(h.location.size(), 0u);
  EXPECT_EQ(h.proxy.stats().auth_failures, 1u);
  ASSERT_EQ(obs.failures.size(), 1u);
  EXPECT_EQ(obs.failures[0].source, a.source);
  EXPECT_EQ(obs.failures[0].user, "alice");
}

TEST_F(ProxyRegistrar, UnknownUserLooksLikeAKnownOneThenGets403) {
  Ua mallory{"mallory", "Whatever-Pass-1!", ep("192.0.2.99:5060"), "192.0.2.99:5060"};
  auto known = challenge_for(alice());
  auto unknown = challenge_for(mallory);
  ASSERT_EQ(unknown.size(), known.size());
  for (size_t i = 0; i < known.size(); ++i) {
    auto k = parse_challenge(known[i]);
    auto u = parse_challenge(unknown[i]);
    EXPECT_EQ(k->algorithm, u->algorithm);
    EXPECT_EQ(k->realm, u->realm);
    EXPECT_EQ(k->nonce.size(), u->nonce.size());
  }
  auto r = h.send_authenticated(mallory, h.register_request(mallory, {"<sip:mallory@192.0.2.99>"}));
  EXPECT_EQ(r.status(), 403) << r.bytes;
  EXPECT_EQ(h.location.size(), 0u);
}

TEST_F(ProxyRegistrar, ExpiresBelowMinimumGets423WithMinExpires) {
  const Ua a = alice();
  auto r = h.send_authenticated(a, h.register_request(a, {"<sip:alice@10.0.0.5:5062>"}, 30));
  EXPECT_EQ(r.status(), 423) << r.bytes;
  EXPECT_EQ(r.header("Min-Expires"), "60");
  EXPECT_EQ(h.location.size(), 0u);
}

TEST_F(ProxyRegistrar, ExpiresAboveMaximumIsClamped) {
  const Ua a = alice();
  auto r = h.send_authenticated(a, h.register_request(a, {"<sip:alice@10.0.0.5:5062>"}, 86400));
  ASSERT_EQ(r.status(), 200) << r.bytes;
  EXPECT_EQ(r.headers("Contact"), std::vector<std::string>{"<sip:alice@10.0.0.5:5062>;expires=3600"});
}

TEST_F(ProxyRegistrar, WildcardWithExpiresZeroRemovesAll) {
  const Ua a = alice();
  auto r = h.send_authenticated(
      a, h.register_request(a, {"<sip:alice@10.0.0.5:5062>", "<sip:alice@10.0.0.6:5062>"}, 300));
  ASSERT_EQ(r.status(), 200) << r.bytes;
  EXPECT_EQ(r.headers("Contact").size(), 2u);
  r = h.send_authenticated(a, h.register_request(a, {"*"}, 0, 10));
  ASSERT_EQ(r.status(), 200) << r.bytes;
  EXPECT_TRUE(r.headers("Contact").empty());
  EXPECT_EQ(h.location.size(), 0u);
}

TEST_F(ProxyRegistrar, WildcardWithOtherContactsOrNonZeroExpiresIs400) {
  const Ua a = alice();
  auto r = h.send_authenticated(a, h.register_request(a, {"*", "<sip:alice@10.0.0.5:5062>"}, 0));
  EXPECT_EQ(r.status(), 400) << r.bytes;
  r = h.send_authenticated(a, h.register_request(a, {"*"}, 300, 10));
  EXPECT_EQ(r.status(), 400) << r.bytes;
  r = h.send_authenticated(a, h.register_request(a, {"*"}, {}, 20));
  EXPECT_EQ(r.status(), 400) << r.bytes;
}

TEST_F(ProxyRegistrar, ExpiresZeroRemovesOneContact) {
  const Ua a = alice();
  ASSERT_EQ(h.send_authenticated(
                 a, h.register_request(a, {"<sip:alice@10.0.0.5:5062>", "<sip:alice@10.0.0.6:5062>"}, 300))
                .status(),
            200);
  auto r = h.send_authenticated(a, h.register_request(a, {"<sip:alice@10.0.0.5:5062>;expires=0"}, {}, 10));
  ASSERT_EQ(r.status(), 200) << r.bytes;
  EXPECT_EQ(r.headers("Contact"), std::vector<std::string>{"<sip:alice@10.0.0.6:5062>;expires=300"});
}

TEST_F(ProxyRegistrar, FetchWithoutContactListsBindingsWithRemainingTime) {
  const Ua a = alice();
  ASSERT_EQ(h.send_authenticated(a, h.register_request(a, {"<sip:alice@10.0.0.5:5062>"}, 300)).status(), 200);
  h.clock.advance_seconds(100);
  auto r = h.send_authenticated(a, h.register_request(a, {}, {}, 10));
  ASSERT_EQ(r.status(), 200) << r.bytes;
  EXPECT_EQ(r.headers("Contact"), std::vector<std::string>{"<sip:alice@10.0.0.5:5062>;expires=200"});
  EXPECT_EQ(h.location.size(), 1u);
}

TEST_F(ProxyRegistrar, MaxContactsExceededIs403AndChangesNothing) {
  const Ua a = alice();
  ASSERT_EQ(h.send_authenticated(a, h.register_request(a, {"<sip:alice@10.0.0.5:5062>"}, 300)).status(), 200);
  // Two more would make three (max_contacts 2): refused as a whole (RFC 3261 §10.3: all or nothing).
  auto r = h.send_authenticated(
      a, h.register_request(a, {"<sip:alice@10.0.0.6:5062>", "<sip:alice@10.0.0.7:5062>"}, 300, 10));
  EXPECT_EQ(r.status(), 403) << r.bytes;
  auto b = h.location.lookup("alice@example.com", h.clock.unix_seconds());
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].contact, "sip:alice@10.0.0.5:5062");
  // One more fits; refreshing existing ones does not count as new.
  r = h.send_authenticated(a, h.register_request(a, {"<sip:alice@10.0.0.6:5062>"}, 300, 20));
  ASSERT_EQ(r.status(), 200) << r.bytes;
  r = h.send_authenticated(a, h.register_request(a, {"<sip:alice@10.0.0.5:5062>", "<sip:alice@10.0.0.6:5062>"},
                                                 600, 30));
  ASSERT_EQ(r.status(), 200) << r.bytes;
  // Replacing one by another in one request fits too.
  r = h.send_authenticated(
      a, h.register_request(a, {"<sip:alice@10.0.0.5:5062>;expires=0", "<sip:alice@10.0.0.9:5062>"}, 600, 40));
  ASSERT_EQ(r.status(), 200) << r.bytes;
  EXPECT_EQ(h.location.size(), 2u);
}

TEST_F(ProxyRegistrar, BindingRecordsRealSourceTransportAndConnection) {
  Ua a = alice();
  h.register_ua(a);
  auto b = h.location.lookup("alice@example.com", h.clock.unix_seconds());
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].contact, "sip:alice@10.0.0.5:5062");
  EXPECT_EQ(b[0].source, a.source);
  EXPECT_EQ(b[0].transport, net::Transport::kUdp);
  EXPECT_EQ(b[0].connection, 0u);
  EXPECT_EQ(b[0].listener, 0u);
  EXPECT_TRUE(b[0].behind_nat);
  EXPECT_EQ(b[0].call_id, "reg-alice@test");
  EXPECT_EQ(b[0].cseq, 2u);

  Ua c = carol();
  c.transport = net::Transport::kTcp;
  c.connection = 42;
  c.contact_host = "203.0.113.30:5060";
  h.register_ua(c);
  b = h.location.lookup("carol@example.com", h.clock.unix_seconds());
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].contact, "sip:carol@203.0.113.30:5060;transport=tcp");
  EXPECT_EQ(b[0].source, c.source);
  EXPECT_EQ(b[0].transport, net::Transport::kTcp);
  EXPECT_EQ(b[0].connection, 42u);
  EXPECT_EQ(b[0].listener, 1u);
  EXPECT_FALSE(b[0].behind_nat);
}

TEST_F(ProxyRegistrar, CredentialsOfAnotherUserAre403) {
  const Ua a = alice();
  // Bob's valid credentials on a REGISTER for alice's AOR.
  auto r = h.send_authenticated(a, h.register_request(a, {"<sip:alice@10.0.0.5:5062>"}), "SHA-256", "bob",
                                std::string(kBobPassword));
  EXPECT_EQ(r.status(), 403) << r.bytes;
  EXPECT_EQ(h.location.size(), 0u);
}

TEST_F(ProxyRegistrar, ExpiredNonceGets401Stale) {
  const Ua a = alice();
  h.deliver(a, h.register_request(a, {"<sip:alice@10.0.0.5:5062>"}).str());
  auto ch = parse_challenge(h.take_one().headers("WWW-Authenticate").front());
  ASSERT_TRUE(ch);
  h.clock.advance_seconds(61);  // nonce_lifetime 60
  auto r = h.register_request(a, {"<sip:alice@10.0.0.5:5062>"}, {}, 2);
  r.header("Authorization", credentials(*ch, "alice", kAlicePassword, "REGISTER", r.ruri));
  h.deliver(a, r.str());
  auto resp = h.take_one();
  EXPECT_EQ(resp.status(), 401) << resp.bytes;
  auto values = resp.headers("WWW-Authenticate");
  ASSERT_EQ(values.size(), 2u);
  for (const auto& v : values) {
    auto c = parse_challenge(v);
    ASSERT_TRUE(c);
    EXPECT_TRUE(c->stale) << v;
    EXPECT_NE(c->nonce, ch->nonce);
  }
  EXPECT_EQ(h.location.size(), 0u);
}

TEST_F(ProxyRegistrar, RetransmittedRegisterGetsTheSameAnswerAgain) {
  const Ua a = alice();
  auto req = h.register_request(a, {"<sip:alice@10.0.0.5:5062>"}).str();
  h.deliver(a, req);
  auto first = h.take_one();
  h.deliver(a, req);
  auto again = h.take_one();
  EXPECT_EQ(first.bytes, again.bytes);
  EXPECT_EQ(h.proxy.stats().retransmissions_absorbed, 1u);
}

TEST_F(ProxyRegistrar, DomainNotServedIs403) {
  Ua a = alice();
  a.domain = "elsewhere.example.org";
  h.deliver(a, h.register_request(a, {"<sip:alice@10.0.0.5:5062>"}).str());
  EXPECT_EQ(h.take_one().status(), 403);
}

TEST_F(ProxyRegistrar, BindingsExpireOnTick) {
  const Ua a = alice();
  ASSERT_EQ(h.send_authenticated(a, h.register_request(a, {"<sip:alice@10.0.0.5:5062>"}, 60)).status(), 200);
  h.clock.advance_seconds(59);
  h.tick();
  EXPECT_EQ(h.location.size(), 1u);
  h.clock.advance_seconds(1);
  h.tick();
  EXPECT_EQ(h.location.size(), 0u);
}

// A refresh that reuses the cached nonce with the same nonce count is a replay: it gets a fresh
// challenge (stale=true, the client knows the password), not a 403 counted as a failed login.
TEST_F(ProxyRegistrar, ReusedNonceCountGetsAFreshChallenge) {
  RecordingObserver obs;
  h.proxy.set_observer(&obs);
  const Ua a = alice();
  h.deliver(a, h.register_request(a, {"<sip:alice@10.0.0.5:5062>"}).str());
  auto ch = parse_challenge(h.take_one().headers("WWW-Authenticate").front());
  ASSERT_TRUE(ch);
  auto first = h.register_request(a, {"<sip:alice@10.0.0.5:5062>"}, {}, 2);
  first.header("Authorization", credentials(*ch, "alice", kAlicePassword, "REGISTER", first.ruri));
  h.deliver(a, first.str());
  ASSERT_EQ(h.take_one().status(), 200);
  auto refresh = h.register_request(a, {"<sip:alice@10.0.0.5:5062>"}, {}, 3);
  refresh.header("Authorization", credentials(*ch, "alice", kAlicePassword, "REGISTER", refresh.ruri));
  h.deliver(a, refresh.str());
  auto r = h.take_one();
  EXPECT_EQ(r.status(), 401) << r.bytes;
  auto values = r.headers("WWW-Authenticate");
  ASSERT_FALSE(values.empty());
  EXPECT_TRUE(parse_challenge(values.front())->stale);
  EXPECT_TRUE(obs.failures.empty());
  EXPECT_EQ(h.proxy.stats().auth_failures, 0u);
  // The next count of the same nonce is fine.
  auto next = h.register_request(a, {"<sip:alice@10.0.0.5:5062>"}, {}, 4);
  next.header("Authorization", credentials(*ch, "alice", kAlicePassword, "REGISTER", next.ruri, "00000002"));
  h.deliver(a, next.str());
  EXPECT_EQ(h.take_one().status(), 200);
}

}  // namespace
}  // namespace vg::proxy::test
