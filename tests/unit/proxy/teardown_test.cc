// Tests for ProxyCore::teardown and the maximum call duration (on_tick): BYE to both parties of a
// confirmed dialog with the right tags, CSeq and Request-URI; CANCEL downstream for an early one.
#include <gtest/gtest.h>

#include "call_fixture.h"

namespace vg::proxy::test {
namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

class ProxyTeardown : public ProxyCall {
 protected:
  // Both BYEs, checked against the dialog: to bob as alice would write it, to alice as bob would.
  void expect_byes(const std::vector<Sent>& out, uint32_t cseq_to_bob, uint32_t cseq_to_alice,
                   std::string_view reason_text) {
    ASSERT_EQ(out.size(), 2u) << Harness::dump(out);
    auto to_bob = find_one(out, [&](const Sent& s) { return s.to.destination == b.source; }, "BYE to bob");
    auto to_alice = find_one(out, [&](const Sent& s) { return s.to.destination == a.source; }, "BYE to alice");
    for (const Sent* s : {&to_bob, &to_alice}) {
      EXPECT_EQ(s->method(), "BYE") << s->bytes;
      EXPECT_EQ(s->header("Call-ID"), inv.call_id);
      EXPECT_EQ(s->header("Max-Forwards"), "70");
      auto vias = s->headers("Via");
      ASSERT_EQ(vias.size(), 1u);
      EXPECT_TRUE(starts_with(vias[0], "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKvg")) << vias[0];
      EXPECT_NE(s->header("Reason").find(reason_text), std::string::npos) << s->header("Reason");
    }
    EXPECT_EQ(to_bob.ruri(), kBobReal);
    EXPECT_EQ(to_bob.header("From"), inv.from);
    EXPECT_EQ(to_bob.header("To"), inv.to + ";tag=" + bob_tag);
    EXPECT_EQ(to_bob.header("CSeq"), std::to_string(cseq_to_bob) + " BYE");
    EXPECT_EQ(to_alice.ruri(), kAliceReal);
    EXPECT_EQ(to_alice.header("From"), inv.to + ";tag=" + bob_tag);
    EXPECT_EQ(to_alice.header("To"), inv.from);
    EXPECT_EQ(to_alice.header("CSeq"), std::to_string(cseq_to_alice) + " BYE");
    EXPECT_NE(vias_branch(to_bob), vias_branch(to_alice));
    byes = {to_bob, to_alice};
  }
  static std::string vias_branch(const Sent& s) {
    auto v = s.m().top_via();
    return v ? std::string((*v)->branch) : std::string();
  }

  std::vector<Sent> byes;
};

TEST_F(ProxyTeardown, ConfirmedDialogGetsByeToBothParties) {
  establish();
  // In-dialog requests raise each side's CSeq: alice's INFO 10, bob's INFO 7.
  h.deliver(a, caller_in_dialog("INFO", 10, kBobReal).str());
  auto info = h.take_one();
  h.deliver(b, response_to(info.m(), 200, "OK", ""));
  ASSERT_EQ(h.take_one().status(), 200);
  h.deliver(b, callee_in_dialog("INFO", 7, kAliceReal).str());
  info = h.take_one();
  h.deliver(a, response_to(info.m(), 200, "OK", ""));
  ASSERT_EQ(h.take_one().status(), 200);

  ASSERT_TRUE(h.proxy.teardown(inv.call_id, from_tag, "fraud suspected", h.sender));
  expect_byes(h.take(), 11, 8, "fraud suspected");
  EXPECT_EQ(h.proxy.stats().teardowns, 1u);
  auto d = dialog();
  ASSERT_TRUE(d);
  EXPECT_EQ(d->state, DialogState::kTerminated);
  EXPECT_EQ(d->end_reason, "fraud suspected");
  EXPECT_FALSE(h.proxy.teardown(inv.call_id, from_tag, "again", h.sender));
  EXPECT_TRUE(h.take().empty());

  // Their 200s end our own transactions: nothing is passed anywhere.
  for (const auto& bye : byes) {
    h.deliver(bye.to.destination == b.source ? b : a, response_to(bye.m(), 200, "OK", ""));
  }
  EXPECT_TRUE(h.take().empty());
  h.run_for(5s);
  auto later = h.take();
  EXPECT_TRUE(later.empty()) << Harness::dump(later);
}

TEST_F(ProxyTeardown, ByeCSeqFollowsTheInviteWhenNothingElseWasSent) {
  establish();
  ASSERT_TRUE(h.proxy.teardown(inv.call_id, from_tag, "admin", h.sender));
  expect_byes(h.take(), inv.cseq + 1, 1, "admin");
}

TEST_F(ProxyTeardown, UnknownDialogIsFalse) {
  establish();
  EXPECT_FALSE(h.proxy.teardown(inv.call_id, "other-tag", "x", h.sender));
  EXPECT_FALSE(h.proxy.teardown("nope@test", from_tag, "x", h.sender));
  EXPECT_TRUE(h.take().empty());
}

TEST_F(ProxyTeardown, EarlyDialogGetsCancelDownstream) {
  invite();
  ASSERT_EQ(callee_responds(180, "Ringing").size(), 1u);
  ASSERT_TRUE(h.proxy.teardown(inv.call_id, from_tag, "admin", h.sender));
  auto cancel = h.take_one();
  EXPECT_EQ(cancel.method(), "CANCEL") << cancel.bytes;
  EXPECT_EQ(cancel.to.destination, b.source);
  EXPECT_EQ(cancel.ruri(), fwd.ruri());
  EXPECT_EQ(cancel.headers("Via"), std::vector<std::string>{fwd.headers("Via")[0]});
  EXPECT_EQ(cancel.header("CSeq"), std::to_string(inv.cseq) + " CANCEL");
  EXPECT_EQ(dialog()->state, DialogState::kTerminated);

  // bob's 487 reaches alice (and is ACKed by us).
  auto out = callee_responds(487, "Request Terminated", false);
  ASSERT_EQ(out.size(), 2u) << Harness::dump(out);
  find_one(out, [&](const Sent& s) { return s.status() == 487 && s.to.destination == a.source; }, "487 to alice");
  find_one(out, [&](const Sent& s) { return s.method() == "ACK" && s.to.destination == b.source; }, "ACK to bob");
}

TEST_F(ProxyTeardown, EarlyDialogBeforeAnyProvisionalCancelsWhenOneArrives) {
  invite();
  ASSERT_TRUE(h.proxy.teardown(inv.call_id, from_tag, "admin", h.sender));
  EXPECT_TRUE(h.take().empty());
  auto out = callee_responds(180, "Ringing");
  find_one(out, [](const Sent& s) { return s.method() == "CANCEL"; }, "CANCEL to bob");
}

TEST_F(ProxyTeardown, MaximumDurationSendsByes) {
  establish();
  h.clock.advance_seconds(3599);  // dialogs.max_duration: 3600
  h.tick();
  for (const auto& s : h.take()) EXPECT_NE(s.method(), "BYE") << s.bytes;
  EXPECT_EQ(dialog()->state, DialogState::kConfirmed);
  h.clock.advance_seconds(1);
  h.tick();
  expect_byes(h.take(), inv.cseq + 1, 1, "maximum duration reached");
  EXPECT_EQ(dialog()->state, DialogState::kTerminated);
  EXPECT_EQ(h.dialogs.active_count(), 0u);
  // Ended dialogs are dropped a while later (bounded state).
  h.clock.advance_seconds(40);
  h.tick();
  h.clock.advance_seconds(40);
  h.tick();
  EXPECT_FALSE(dialog());
}

// RFC 3261 §14.1: a re-INVITE answered with an error leaves the session as it was. The dialog must
// stay tracked, or a call could escape the maximum duration by provoking a 488.
TEST_F(ProxyTeardown, RejectedReInviteKeepsTheDialog) {
  establish();
  Request reinvite = caller_in_dialog("INVITE", inv.cseq + 1, kBobReal);
  reinvite.contacts = {"<" + a.contact_uri() + ">"};
  h.deliver(a, reinvite.str());
  auto out = h.take_one();
  ASSERT_EQ(out.method(), "INVITE");
  h.deliver(b, response_to(out.m(), 488, "Not Acceptable Here", ""));
  auto back = h.take();
  find_one(back, [&](const Sent& s) { return s.status() == 488 && s.to.destination == a.source; }, "488");
  auto d = dialog();
  ASSERT_TRUE(d);
  EXPECT_EQ(d->state, DialogState::kConfirmed);
  EXPECT_EQ(h.dialogs.active_calls_for_account("alice"), 1u);
  h.clock.advance_seconds(3600);
  h.tick();
  auto later = h.take();
  size_t n = 0;
  for (const auto& s : later) n += s.method() == "BYE" ? 1 : 0;
  EXPECT_EQ(n, 2u) << Harness::dump(later);
}

}  // namespace
}  // namespace vg::proxy::test
