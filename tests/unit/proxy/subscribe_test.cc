// Tests for SUBSCRIBE/NOTIFY dialogs through a registrar-mode tenant (RFC 6665): alice subscribes to
// bob, bob's NOTIFYs and alice's refreshes pass as in-dialog requests; forged tags, re-INVITEs on a
// subscription and NOTIFYs after it ended get 481.
#include <gtest/gtest.h>

#include "call_fixture.h"

namespace vg::proxy::test {
namespace {

using namespace std::chrono_literals;

class ProxySubscribe : public ProxyCall {
 protected:
  // alice → bob: SUBSCRIBE (authenticated), forwarded to bob's binding; bob's 200 back to alice.
  void subscribe(int expires = 600) {
    Request r = h.invite_request(a, "bob");
    r.method = "SUBSCRIBE";
    r.body.clear();
    r.extra.clear();
    r.header("Event", "presence");
    r.expires = expires;
    auto answer = h.send_authenticated(a, r);
    ASSERT_TRUE(answer.bytes.empty()) << answer.bytes;  // the 200 comes from bob, not from us
    sub = h.last_request;
    ASSERT_EQ(h.forwarded.size(), 1u) << Harness::dump(h.forwarded);
    fwd_sub = h.forwarded.front();
    ASSERT_EQ(fwd_sub.method(), "SUBSCRIBE") << fwd_sub.bytes;
    EXPECT_EQ(fwd_sub.to.destination, b.source);
    alice_tag = sub.from.substr(sub.from.find(";tag=") + 5);
    h.deliver(b, response_to(fwd_sub.m(), 200, "OK", bob_tag,
                             {{"Contact", "<" + b.contact_uri() + ">"}, {"Expires", std::to_string(expires)}}));
    auto ok = h.take();
    ASSERT_EQ(ok.size(), 1u) << Harness::dump(ok);
    EXPECT_EQ(ok[0].status(), 200);
    EXPECT_EQ(ok[0].to.destination, a.source);
  }
  // An in-dialog NOTIFY from bob to alice (along the recorded route).
  Request notify(uint32_t cseq, std::string_view state = "active;expires=600", std::string_view tag = {}) {
    Request r;
    r.method = "NOTIFY";
    r.ruri = std::string(kAliceReal);
    r.vias = {h.via_of(b, h.next_branch())};
    r.routes = {"<sip:127.0.0.1:5060;lr>"};
    r.from = sub.to + ";tag=" + std::string(tag.empty() ? std::string_view(bob_tag) : tag);
    r.to = sub.from;
    r.call_id = sub.call_id;
    r.cseq = cseq;
    r.header("Event", "presence");
    r.header("Subscription-State", std::string(state));
    return r;
  }
  // An in-dialog request from alice to bob.
  Request from_alice(std::string method, uint32_t cseq) {
    Request r;
    r.method = std::move(method);
    r.ruri = std::string(kBobReal);
    r.vias = {h.via_of(a, h.next_branch())};
    r.routes = {"<sip:127.0.0.1:5060;lr>"};
    r.from = sub.from;
    r.to = sub.to + ";tag=" + bob_tag;
    r.call_id = sub.call_id;
    r.cseq = cseq;
    return r;
  }
  // Delivers r from ua; returns what was sent.
  std::vector<Sent> send(const Ua& ua, const Request& r) {
    h.deliver(ua, r.str());
    return h.take();
  }

  Request sub;
  Sent fwd_sub;
  std::string alice_tag;
};

TEST_F(ProxySubscribe, NotifiesAndRefreshesOfARelayedSubscriptionPass) {
  h.register_ua(a);
  subscribe();
  auto out = send(b, notify(1));
  ASSERT_EQ(out.size(), 1u) << Harness::dump(out);
  EXPECT_EQ(out[0].method(), "NOTIFY");
  EXPECT_EQ(out[0].to.destination, a.source);
  // alice's 200 for the NOTIFY goes back to bob.
  h.deliver(a, response_to(out[0].m(), 200, "OK", ""));
  auto ok = h.take();
  ASSERT_EQ(ok.size(), 1u) << Harness::dump(ok);
  EXPECT_EQ(ok[0].status(), 200);
  EXPECT_EQ(ok[0].to.destination, b.source);

  // alice refreshes in the dialog; bob notifies again.
  Request refresh = from_alice("SUBSCRIBE", sub.cseq + 1);
  refresh.expires = 600;
  out = send(a, refresh);
  ASSERT_EQ(out.size(), 1u) << Harness::dump(out);
  EXPECT_EQ(out[0].method(), "SUBSCRIBE");
  EXPECT_EQ(out[0].to.destination, b.source);
  out = send(b, notify(2));
  ASSERT_EQ(out.size(), 1u) << Harness::dump(out);
  EXPECT_EQ(out[0].method(), "NOTIFY");
  // Nothing of it counts as a call.
  EXPECT_EQ(h.dialogs.active_count(), 0u);
  EXPECT_EQ(h.proxy.subscriptions().size(), 1u);
}

TEST_F(ProxySubscribe, ForgedTagsAndCallRequestsOnASubscriptionGet481) {
  h.register_ua(a);
  subscribe();
  // A NOTIFY naming another notifier tag, or another Call-ID: not ours to relay.
  auto out = send(b, notify(1, "active;expires=600", "someone-else"));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].status(), 481);
  Request other = notify(1);
  other.call_id = "forged@call";
  out = send(b, other);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].status(), 481);
  // A subscription is not a call: a re-INVITE or an INFO on its tags is refused.
  for (const char* method : {"INVITE", "INFO", "BYE"}) {
    out = send(a, from_alice(method, sub.cseq + 5));
    ASSERT_EQ(out.size(), 1u) << method;
    EXPECT_EQ(out[0].status(), 481) << method;
  }
}

TEST_F(ProxySubscribe, NotifyMayArriveBeforeTheTwoHundred) {
  h.register_ua(a);
  Request r = h.invite_request(a, "bob");
  r.method = "SUBSCRIBE";
  r.body.clear();
  r.extra.clear();
  r.header("Event", "message-summary");
  auto answer = h.send_authenticated(a, r);
  sub = h.last_request;
  ASSERT_EQ(h.forwarded.size(), 1u);
  // RFC 6665 §4.1.2.4: bob's NOTIFY overtakes his 200.
  auto out = send(b, notify(1));
  ASSERT_EQ(out.size(), 1u) << Harness::dump(out);
  EXPECT_EQ(out[0].method(), "NOTIFY");
  // The notifier's tag is now fixed: another one is refused.
  out = send(b, notify(2, "active", "bob-tag-2"));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].status(), 481);
}

TEST_F(ProxySubscribe, TerminatedSubscriptionsGoAfterTheLinger) {
  h.register_ua(a);
  subscribe();
  auto out = send(b, notify(1, "terminated;reason=timeout"));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].method(), "NOTIFY");
  h.run_for(SubscriptionTracker::kLinger + 1s, 1s);
  h.take();
  EXPECT_EQ(h.proxy.subscriptions().size(), 0u);
  out = send(b, notify(2));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].status(), 481);
}

TEST_F(ProxySubscribe, UnrefreshedSubscriptionsExpire) {
  h.register_ua(a);
  subscribe(60);
  h.run_for(60s + SubscriptionTracker::kLinger + 1s, 1s);
  h.take();
  EXPECT_EQ(h.proxy.subscriptions().size(), 0u);
}

}  // namespace
}  // namespace vg::proxy::test
