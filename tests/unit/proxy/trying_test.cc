// Tests for the deferred 100 (Trying) of forwarded INVITEs (RFC 3261 §17.2.1,
// transactions.trying_delay_ms): sent only when the next hop says nothing within the delay; a
// retransmitted INVITE meanwhile gets it at once.
#include <gtest/gtest.h>

#include "harness.h"

namespace vg::proxy::test {
namespace {

using namespace std::chrono_literals;

class ProxyTrying : public ::testing::Test {
 protected:
  void SetUp() override {
    h.register_ua(b);
    auto answer = h.send_authenticated(a, h.invite_request(a, "bob"));
    // Nothing for alice yet: the 100 waits for the delay.
    EXPECT_TRUE(answer.bytes.empty()) << answer.bytes;
    inv = h.last_request;
    ASSERT_EQ(h.forwarded.size(), 1u) << Harness::dump(h.forwarded);
    fwd = h.forwarded.front();
    ASSERT_EQ(fwd.method(), "INVITE");
  }
  std::vector<Sent> bob_says(int status, std::string_view reason) {
    h.deliver(b, response_to(fwd.m(), status, reason, status > 100 ? "bob-tag" : "",
                             {{"Contact", "<" + b.contact_uri() + ">"}}));
    return h.take();
  }
  std::vector<Sent> to_alice(const std::vector<Sent>& all) {
    std::vector<Sent> out;
    for (const auto& s : all) {
      if (s.to.destination == a.source) out.push_back(s);
    }
    return out;
  }

  Harness h{kDefaultYaml, nullptr, /*deferred_trying=*/true};
  Ua a = alice();
  Ua b = bob();
  Request inv;
  Sent fwd;
};

TEST_F(ProxyTrying, ACalleeRingingWithinTheDelayMakesTheHundredNeedless) {
  h.run_for(50ms, 10ms);
  EXPECT_TRUE(h.take().empty());
  auto ringing = bob_says(180, "Ringing");
  ASSERT_EQ(ringing.size(), 1u);
  EXPECT_EQ(ringing[0].status(), 180);
  EXPECT_EQ(ringing[0].to.destination, a.source);
  h.run_for(1s, 10ms);
  EXPECT_TRUE(to_alice(h.take()).empty());  // no late 100 after the 180
}

TEST_F(ProxyTrying, ASilentCalleeGetsTheCallerAHundredAfterTheDelay) {
  std::vector<Sent> out;
  int64_t waited_ms = 0;
  while (out.empty() && waited_ms < 1000) {
    h.run_for(10ms, 10ms);
    waited_ms += 10;
    out = to_alice(h.take());
  }
  ASSERT_EQ(out.size(), 1u) << Harness::dump(out);
  EXPECT_EQ(out[0].status(), 100);
  EXPECT_EQ(out[0].header("Call-ID"), inv.call_id);
  // The configured delay (100 ms; the tick's granularity on top), well before T1 (500 ms).
  EXPECT_GE(waited_ms, 100);
  EXPECT_LE(waited_ms, 200);
  // The callee's provisional still goes through afterwards.
  auto ringing = bob_says(180, "Ringing");
  ASSERT_EQ(ringing.size(), 1u);
  EXPECT_EQ(ringing[0].status(), 180);
}

TEST_F(ProxyTrying, ARetransmittedInviteGetsTheHundredAtOnce) {
  Request again = inv;
  h.deliver(a, again.str());
  auto out = h.take();
  ASSERT_EQ(out.size(), 1u) << Harness::dump(out);
  EXPECT_EQ(out[0].status(), 100);
  EXPECT_EQ(out[0].to.destination, a.source);
  EXPECT_EQ(h.proxy.stats().forwarded_requests, 1u);  // absorbed, not forwarded again
}

TEST_F(ProxyTrying, AFinalWithinTheDelayIsAllTheCallerHears) {
  auto busy = bob_says(486, "Busy Here");
  auto up = to_alice(busy);
  ASSERT_EQ(up.size(), 1u) << Harness::dump(busy);
  EXPECT_EQ(up[0].status(), 486);
  h.run_for(300ms, 10ms);
  for (const auto& s : to_alice(h.take())) EXPECT_NE(s.status(), 100) << s.bytes;
}

}  // namespace
}  // namespace vg::proxy::test
