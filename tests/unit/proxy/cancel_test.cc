// Tests for CANCEL (RFC 3261 §9, §16.10), non-2xx finals (hop-by-hop ACK, Timer G retransmission
// upstream until the caller's ACK) and client transaction timeouts (§16.8: 408 upstream).
#include <gtest/gtest.h>

#include "call_fixture.h"

namespace vg::proxy::test {
namespace {

class ProxyCancel : public ProxyCall {
 protected:
  // The caller's CANCEL for its INVITE: same branch, Request-URI, From, To, Call-ID, CSeq number.
  std::string caller_cancel() {
    Request c = inv;
    c.method = "CANCEL";
    c.contacts.clear();
    c.extra.clear();
    c.body.clear();
    return c.str();
  }
  // The caller's ACK for a non-2xx final (same branch as the INVITE, To from the response).
  std::string caller_ack(const Sent& final_response) {
    Request ack = inv;
    ack.method = "ACK";
    ack.to = final_response.header("To");
    ack.contacts.clear();
    ack.extra.clear();
    ack.body.clear();
    return ack.str();
  }
  // Checks a CANCEL or ACK we built for the forwarded INVITE (§9.1, §17.1.1.3).
  void expect_matches_invite(const Sent& s, std::string_view method) {
    EXPECT_EQ(s.method(), method) << s.bytes;
    EXPECT_EQ(s.to.destination, b.source);
    EXPECT_EQ(s.ruri(), fwd.ruri());
    EXPECT_EQ(s.headers("Via"), std::vector<std::string>{fwd.headers("Via")[0]});
    EXPECT_EQ(s.header("From"), fwd.header("From"));
    EXPECT_EQ(s.header("Call-ID"), fwd.header("Call-ID"));
    EXPECT_EQ(s.header("CSeq"), std::to_string(inv.cseq) + " " + std::string(method));
  }
};

TEST_F(ProxyCancel, CancelBeforeAnyProvisionalWaitsForOne) {
  invite();
  h.deliver(a, caller_cancel());
  auto out = h.take_one();
  EXPECT_EQ(out.status(), 200) << out.bytes;
  EXPECT_EQ(out.cseq_method(), "CANCEL");
  EXPECT_EQ(out.to.destination, a.source);
  EXPECT_EQ(dialog()->state, DialogState::kTerminated);

  // §9.1: the CANCEL goes downstream once a provisional arrives, and only once.
  auto ringing = callee_responds(180, "Ringing");
  ASSERT_EQ(ringing.size(), 2u) << Harness::dump(ringing);
  auto cancel = find_one(ringing, [](const Sent& s) { return s.method() == "CANCEL"; }, "CANCEL to bob");
  expect_matches_invite(cancel, "CANCEL");
  EXPECT_EQ(cancel.header("To"), fwd.header("To"));
  find_one(ringing, [&](const Sent& s) { return s.status() == 180 && s.to.destination == a.source; }, "180");

  auto progress = callee_responds(183, "Session Progress");
  ASSERT_EQ(progress.size(), 1u) << Harness::dump(progress);
  EXPECT_EQ(progress[0].status(), 183);

  // bob: 200 to the CANCEL (absorbed), 487 to the INVITE (ACKed by us, passed to alice).
  h.deliver(b, response_to(cancel.m(), 200, "OK", bob_tag));
  EXPECT_TRUE(h.take().empty());
  auto terminated = callee_responds(487, "Request Terminated", false);
  ASSERT_EQ(terminated.size(), 2u) << Harness::dump(terminated);
  auto ack = find_one(terminated, [](const Sent& s) { return s.method() == "ACK"; }, "ACK to bob");
  expect_matches_invite(ack, "ACK");
  EXPECT_NE(ack.header("To").find(";tag=" + bob_tag), std::string::npos);
  auto up = find_one(terminated, [](const Sent& s) { return s.status() == 487; }, "487 to alice");
  EXPECT_EQ(up.to.destination, a.source);

  h.deliver(a, caller_ack(up));
  EXPECT_TRUE(h.take().empty());
}

TEST_F(ProxyCancel, CancelBeforeHundredTryingIsSentWhenTheHundredArrives) {
  invite();
  h.deliver(a, caller_cancel());
  ASSERT_EQ(h.take_one().status(), 200);
  // 100 Trying is a provisional response too (§9.1).
  auto out = callee_responds(100, "Trying", false);
  auto cancel = find_one(out, [](const Sent& s) { return s.method() == "CANCEL"; }, "CANCEL to bob");
  expect_matches_invite(cancel, "CANCEL");
  EXPECT_TRUE(callee_responds(180, "Ringing").size() == 1u);
}

TEST_F(ProxyCancel, CancelAfterProvisionalGoesDownstreamAtOnce) {
  invite();
  ASSERT_EQ(callee_responds(180, "Ringing").size(), 1u);
  h.deliver(a, caller_cancel());
  auto out = h.take();
  ASSERT_EQ(out.size(), 2u) << Harness::dump(out);
  auto ok = find_one(out, [](const Sent& s) { return s.status() == 200; }, "200 to the CANCEL");
  EXPECT_EQ(ok.to.destination, a.source);
  EXPECT_EQ(ok.cseq_method(), "CANCEL");
  auto cancel = find_one(out, [](const Sent& s) { return s.method() == "CANCEL"; }, "CANCEL to bob");
  expect_matches_invite(cancel, "CANCEL");
  EXPECT_EQ(dialog()->end_reason, "cancelled");
}

TEST_F(ProxyCancel, CancelForAnUnknownInviteIs481) {
  invite();
  Request c = inv;
  c.method = "CANCEL";
  c.vias = {h.via_of(a, "z9hG4bK-unknown")};
  c.extra.clear();
  c.body.clear();
  c.contacts.clear();
  h.deliver(a, c.str());
  auto out = h.take_one();
  EXPECT_EQ(out.status(), 481) << out.bytes;
  EXPECT_EQ(dialog()->state, DialogState::kEarly);
}

TEST_F(ProxyCancel, CancelAfterTheFinalResponseDoesNothingDownstream) {
  invite();
  ASSERT_EQ(callee_responds(200, "OK").size(), 1u);
  h.deliver(a, caller_cancel());
  auto out = h.take_one();
  EXPECT_EQ(out.status(), 200);
  EXPECT_EQ(dialog()->state, DialogState::kConfirmed);
}

TEST_F(ProxyCancel, NonTwoHundredFinalIsAckedDownstreamAndRetransmittedUpstreamUntilAck) {
  invite();
  auto busy = callee_responds(486, "Busy Here", false);
  ASSERT_EQ(busy.size(), 2u) << Harness::dump(busy);
  auto ack = find_one(busy, [](const Sent& s) { return s.method() == "ACK"; }, "ACK to bob");
  expect_matches_invite(ack, "ACK");
  auto up = find_one(busy, [](const Sent& s) { return s.status() == 486; }, "486 to alice");
  EXPECT_EQ(up.to.destination, a.source);
  EXPECT_EQ(dialog()->state, DialogState::kTerminated);

  // A retransmitted 486 from bob is ACKed again and not passed on.
  auto again = callee_responds(486, "Busy Here", false);
  ASSERT_EQ(again.size(), 1u) << Harness::dump(again);
  EXPECT_EQ(again[0].method(), "ACK");

  // Timer G: T1, 2T1, 4T1, then capped at T2 (RFC 3261 §17.2.1).
  std::vector<int64_t> at_ms;
  int64_t elapsed = 0;
  for (int step = 0; step < 200; ++step) {
    h.clock.advance(50ms);
    elapsed += 50;
    h.tick();
    for (const auto& s : h.take()) {
      EXPECT_EQ(s.status(), 486) << s.bytes;
      EXPECT_EQ(s.bytes, up.bytes);
      EXPECT_EQ(s.to.destination, a.source);
      at_ms.push_back(elapsed);
    }
  }
  EXPECT_EQ(at_ms, (std::vector<int64_t>{500, 1500, 3500, 7500}));
  h.deliver(a, caller_ack(up));
  EXPECT_TRUE(h.take().empty());
  h.run_for(20s);
  EXPECT_TRUE(h.take().empty());
}

TEST_F(ProxyCancel, NoAckEndsRetransmissionsAtTimerH) {
  invite();
  callee_responds(603, "Decline", false);
  int count = 0;
  for (int i = 0; i < 40 * 20; ++i) {
    h.clock.advance(50ms);
    h.tick();
    count += static_cast<int>(h.take().size());
  }
  // 0.5, 1.5, 3.5, 7.5, then every 4 s until 32 s (Timer H = 64*T1): 11.5 ... 31.5.
  EXPECT_EQ(count, 4 + 6);
  EXPECT_EQ(h.txns.server_count(), 0u);
}

TEST_F(ProxyCancel, ReliableCallerGetsNoRetransmissions) {
  a.transport = net::Transport::kTcp;
  a.connection = 9;
  invite();
  auto busy = callee_responds(486, "Busy Here", false);
  auto up = find_one(busy, [](const Sent& s) { return s.status() == 486; }, "486 to alice");
  EXPECT_EQ(up.to.transport, net::Transport::kTcp);
  EXPECT_EQ(up.to.connection, 9u);
  h.run_for(10s);
  EXPECT_TRUE(h.take().empty());
}

TEST_F(ProxyCancel, InviteRetransmittedDownstreamThenTimesOutWith408) {
  invite();
  std::vector<int64_t> retx_ms;
  std::vector<Sent> upstream;
  int64_t elapsed = 0;
  for (int step = 0; step < 33 * 20; ++step) {
    h.clock.advance(50ms);
    elapsed += 50;
    h.tick();
    for (auto& s : h.take()) {
      if (s.method() == "INVITE") {
        EXPECT_EQ(s.bytes, fwd.bytes);
        EXPECT_EQ(s.to.destination, b.source);
        retx_ms.push_back(elapsed);
      } else {
        // Timer B at 64*T1; then our 408 is retransmitted (Timer G) like any non-2xx final.
        if (upstream.empty()) {
          EXPECT_EQ(elapsed, 32000);
        }
        upstream.push_back(s);
      }
    }
  }
  // Timer A doubles without a cap (§17.1.1.2); Timer B = 64*T1.
  EXPECT_EQ(retx_ms, (std::vector<int64_t>{500, 1500, 3500, 7500, 15500, 31500}));
  ASSERT_FALSE(upstream.empty());
  EXPECT_EQ(upstream[0].status(), 408) << upstream[0].bytes;
  EXPECT_EQ(upstream[0].to.destination, a.source);
  EXPECT_EQ(upstream[0].headers("Via").size(), 1u);
  EXPECT_EQ(upstream[0].header("Call-ID"), inv.call_id);
  EXPECT_EQ(upstream[0].header("CSeq"), std::to_string(inv.cseq) + " INVITE");
  EXPECT_EQ(h.proxy.stats().timeouts, 1u);
  // The call attempt is over: it no longer counts as an active call.
  EXPECT_EQ(dialog()->state, DialogState::kTerminated);
  EXPECT_EQ(h.dialogs.active_calls_for_account("alice"), 0u);
}

// RFC 3261 §16.8: Timer C on a ringing call CANCELs it and answers 408 upstream; the callee's 487 to
// that CANCEL is then ACKed (so it stops retransmitting it) and not passed to the caller, who has
// its final response already.
TEST_F(ProxyCancel, TimerCCancelsTheRingingCallAndAcksTheCalleesFinal) {
  invite();
  ASSERT_EQ(callee_responds(180, "Ringing").size(), 1u);
  std::vector<Sent> fired;
  for (int step = 0; step < 181 * 20 && fired.empty(); ++step) {
    h.clock.advance(50ms);
    h.tick();
    fired = h.take();
  }
  ASSERT_EQ(fired.size(), 2u) << Harness::dump(fired);
  auto cancel = find_one(fired, [](const Sent& s) { return s.method() == "CANCEL"; }, "CANCEL to bob");
  expect_matches_invite(cancel, "CANCEL");
  auto timeout = find_one(fired, [&](const Sent& s) { return s.status() == 408; }, "408 to alice");
  EXPECT_EQ(timeout.to.destination, a.source);
  EXPECT_EQ(dialog()->state, DialogState::kTerminated);

  // Bob answers the CANCEL (200) and the INVITE (487): the 487 is ACKed hop by hop, alice hears nothing.
  h.deliver(b, response_to(cancel.m(), 200, "OK", ""));
  EXPECT_TRUE(h.take().empty());
  auto after = callee_responds(487, "Request Terminated");
  ASSERT_EQ(after.size(), 1u) << Harness::dump(after);
  expect_matches_invite(after[0], "ACK");
  // A retransmitted 487 is ACKed again; still nothing upstream.
  after = callee_responds(487, "Request Terminated");
  ASSERT_EQ(after.size(), 1u) << Harness::dump(after);
  EXPECT_EQ(after[0].method(), "ACK");
  // Alice's ACK for the 408 ends our retransmissions of it.
  h.deliver(a, caller_ack(timeout));
  h.run_for(60s);
  for (const auto& s : h.take()) EXPECT_NE(s.to.destination, a.source) << s.bytes;
}

TEST_F(ProxyCancel, ProvisionalStopsInviteRetransmissions) {
  invite();
  ASSERT_EQ(callee_responds(180, "Ringing").size(), 1u);
  h.run_for(60s);
  EXPECT_TRUE(h.take().empty());
}

TEST_F(ProxyCancel, NonInviteRetransmissionsCapAtT2AndTimeOut) {
  establish();
  Request bye;
  bye = caller_in_dialog("BYE", inv.cseq + 1, kBobReal);
  h.deliver(a, bye.str());
  auto first = h.take_one();
  ASSERT_EQ(first.method(), "BYE");
  std::vector<int64_t> retx_ms;
  std::vector<int> upstream;
  int64_t elapsed = 0;
  for (int step = 0; step < 33 * 20; ++step) {
    h.clock.advance(50ms);
    elapsed += 50;
    h.tick();
    for (auto& s : h.take()) {
      if (s.method() == "BYE") {
        retx_ms.push_back(elapsed);
      } else {
        upstream.push_back(s.status());
      }
    }
  }
  // Timer E: 0.5, 1, 2, 4, then every T2 = 4 s; Timer F at 32 s.
  EXPECT_EQ(retx_ms, (std::vector<int64_t>{500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500}));
  EXPECT_EQ(upstream, std::vector<int>{408});
}

}  // namespace
}  // namespace vg::proxy::test
