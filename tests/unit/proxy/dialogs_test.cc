// Tests for src/proxy/dialogs.cc: dialog states (RFC 3261 §12), CSeq tracking per side, early and
// maximum-duration deadlines, lingering of ended dialogs, counts, and the end callback.
#include "proxy/dialogs.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vg::proxy {
namespace {

using namespace std::chrono_literals;

const Clock::MonoTime kT0 = Clock::MonoTime(std::chrono::hours(1000));
constexpr int64_t kMs = 1'700'000'000'000;

Dialog dialog(std::string call_id = "c1", std::string from_tag = "ft") {
  Dialog d;
  d.call_id = std::move(call_id);
  d.from_tag = std::move(from_tag);
  d.from = "<sip:alice@example.com>;tag=" + d.from_tag.str();
  d.to = "<sip:bob@example.com>";
  d.tenant = "example.com";
  d.caller_account = "alice";
  d.callee_account = "bob";
  d.caller.cseq = 2;
  return d;
}

class DialogTrackerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    t.set_on_end([this](const Dialog& d) { ended.push_back(d.key() + "|" + d.end_reason); });
  }
  DialogTracker t{DialogTimeouts{60s, 600s}};
  std::vector<std::string> ended;
};

TEST_F(DialogTrackerTest, StartIsEarlyAndDuplicatesAreRefused) {
  EXPECT_TRUE(t.start(dialog(), kT0));
  EXPECT_FALSE(t.start(dialog(), kT0));
  auto d = t.find("c1", "ft");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->state, DialogState::kEarly);
  EXPECT_EQ(d->deadline, kT0 + 60s);
  EXPECT_EQ(t.active_count(), 1u);
  EXPECT_FALSE(t.find("c1", "other"));
}

TEST_F(DialogTrackerTest, ProvisionalWithTagThenTwoHundredConfirms) {
  t.start(dialog(), kT0);
  net::Outbound callee_out;
  callee_out.destination = Endpoint{IpAddress::v4(0xC6336414), 5080};
  t.on_invite_response("c1", "ft", 180, "<sip:bob@example.com>;tag=bt", "bt", "sip:bob@198.51.100.20:5080",
                       &callee_out, kMs, kT0 + 1s);
  auto d = t.find("c1", "ft");
  EXPECT_EQ(d->state, DialogState::kEarly);
  EXPECT_EQ(d->to_tag, "bt");
  EXPECT_EQ(d->to, "<sip:bob@example.com>;tag=bt");
  EXPECT_EQ(d->callee.target, "sip:bob@198.51.100.20:5080");
  EXPECT_EQ(d->callee.out.destination, callee_out.destination);
  t.on_invite_response("c1", "ft", 200, "<sip:bob@example.com>;tag=bt", "bt", "", nullptr, kMs + 5000, kT0 + 5s);
  d = t.find("c1", "ft");
  EXPECT_EQ(d->state, DialogState::kConfirmed);
  EXPECT_EQ(d->answer_ms, kMs + 5000);
  EXPECT_EQ(d->deadline, kT0 + 5s + 600s);
  EXPECT_EQ(d->callee.target, "sip:bob@198.51.100.20:5080");  // an empty contact keeps the known one
  EXPECT_TRUE(ended.empty());
}

TEST_F(DialogTrackerTest, FailureEndsTheDialog) {
  t.start(dialog(), kT0);
  t.on_invite_response("c1", "ft", 486, "<sip:bob@example.com>;tag=bt", "bt", "", nullptr, kMs, kT0);
  auto d = t.find("c1", "ft");
  EXPECT_EQ(d->state, DialogState::kTerminated);
  EXPECT_EQ(d->end_reason, "rejected 486");
  EXPECT_EQ(d->end_ms, kMs);
  EXPECT_EQ(ended, std::vector<std::string>{"c1\x1f" "ft|rejected 486"});
  EXPECT_EQ(t.active_count(), 0u);
}

TEST_F(DialogTrackerTest, RequestsRaiseEachSidesCSeqAndByeEnds) {
  t.start(dialog(), kT0);
  t.on_invite_response("c1", "ft", 200, "<sip:bob@example.com>;tag=bt", "bt", "", nullptr, kMs, kT0);
  t.on_request("c1", "ft", "bt", "INFO", 5, kMs);
  t.on_request("c1", "ft", "bt", "INFO", 4, kMs);  // lower: ignored
  t.on_request("c1", "bt", "ft", "INFO", 9, kMs);  // from the callee: tags swapped
  auto d = t.find("c1", "ft");
  EXPECT_EQ(d->caller.cseq, 5u);
  EXPECT_EQ(d->callee.cseq, 9u);
  t.on_request("c1", "bt", "ft", "BYE", 10, kMs + 1);
  d = t.find("c1", "ft");
  EXPECT_EQ(d->state, DialogState::kTerminated);
  EXPECT_EQ(d->end_reason, "callee hung up");
  t.on_request("c1", "ft", "bt", "BYE", 6, kMs + 2);  // a second BYE changes nothing
  EXPECT_EQ(t.find("c1", "ft")->end_reason, "callee hung up");
  EXPECT_EQ(ended.size(), 1u);
}

TEST_F(DialogTrackerTest, CancelEndsOnlyEarlyDialogs) {
  t.start(dialog("c1"), kT0);
  t.start(dialog("c2"), kT0);
  t.on_invite_response("c2", "ft", 200, "<sip:bob@example.com>;tag=bt", "bt", "", nullptr, kMs, kT0);
  t.on_cancel("c1", "ft", kMs);
  t.on_cancel("c2", "ft", kMs);
  EXPECT_EQ(t.find("c1", "ft")->state, DialogState::kTerminated);
  EXPECT_EQ(t.find("c1", "ft")->end_reason, "cancelled");
  EXPECT_EQ(t.find("c2", "ft")->state, DialogState::kConfirmed);
}

TEST_F(DialogTrackerTest, TerminateReturnsTheLastStateOnce) {
  t.start(dialog(), kT0);
  t.on_invite_response("c1", "ft", 200, "<sip:bob@example.com>;tag=bt", "bt", "", nullptr, kMs, kT0);
  auto before = t.terminate("c1", "ft", "admin", kMs);
  ASSERT_TRUE(before);
  EXPECT_EQ(before->state, DialogState::kConfirmed);
  EXPECT_EQ(t.find("c1", "ft")->state, DialogState::kTerminated);
  EXPECT_EQ(t.find("c1", "ft")->end_reason, "admin");
  EXPECT_FALSE(t.terminate("c1", "ft", "again", kMs));
  EXPECT_FALSE(t.terminate("nope", "ft", "x", kMs));
}

TEST_F(DialogTrackerTest, EarlyTimeoutAndMaximumDuration) {
  t.start(dialog("early"), kT0);
  t.start(dialog("long"), kT0);
  t.on_invite_response("long", "ft", 200, "<sip:bob@example.com>;tag=bt", "bt", "", nullptr, kMs, kT0 + 10s);
  EXPECT_TRUE(t.expire(kT0 + 59s, kMs).empty());
  auto out = t.expire(kT0 + 60s, kMs);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].call_id, "early");
  EXPECT_EQ(out[0].state, DialogState::kEarly);  // as it was: the caller decides what to send
  EXPECT_EQ(t.find("early", "ft")->end_reason, "no answer (timeout)");
  EXPECT_TRUE(t.expire(kT0 + 609s, kMs).empty());
  out = t.expire(kT0 + 610s, kMs);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].call_id, "long");
  EXPECT_EQ(out[0].state, DialogState::kConfirmed);
  EXPECT_EQ(t.find("long", "ft")->end_reason, "maximum duration reached");
  EXPECT_EQ(t.active_count(), 0u);
}

TEST_F(DialogTrackerTest, EndedDialogsLingerThenGo) {
  t.start(dialog(), kT0);
  t.terminate("c1", "ft", "admin", kMs);
  t.expire(kT0, kMs);  // starts the linger
  EXPECT_TRUE(t.find("c1", "ft"));
  t.expire(kT0 + DialogTracker::kEndedLinger - 1s, kMs);
  EXPECT_TRUE(t.find("c1", "ft"));
  t.expire(kT0 + DialogTracker::kEndedLinger, kMs);
  EXPECT_FALSE(t.find("c1", "ft"));
  EXPECT_TRUE(t.snapshot().empty());
}

TEST_F(DialogTrackerTest, NewInviteReusingAnEndedDialogStartsOver) {
  t.start(dialog(), kT0);
  t.on_invite_response("c1", "ft", 407, "<sip:bob@example.com>;tag=x", "x", "", nullptr, kMs, kT0);
  Dialog retry = dialog();
  retry.caller.cseq = 3;
  EXPECT_TRUE(t.start(retry, kT0 + 1s));
  auto d = t.find("c1", "ft");
  EXPECT_EQ(d->state, DialogState::kEarly);
  EXPECT_EQ(d->caller.cseq, 3u);
  EXPECT_EQ(d->deadline, kT0 + 61s);
  EXPECT_EQ(t.active_count(), 1u);
}

TEST_F(DialogTrackerTest, CountsPerAccountAndTenant) {
  t.start(dialog("c1"), kT0);
  Dialog other = dialog("c2");
  other.caller_account = "carol";
  other.callee_account = "";
  other.tenant = "other.example";
  t.start(other, kT0);
  EXPECT_EQ(t.active_calls_for_account("alice"), 1u);
  EXPECT_EQ(t.active_calls_for_account("bob"), 1u);
  EXPECT_EQ(t.active_calls_for_account("carol"), 1u);
  EXPECT_EQ(t.active_calls_for_tenant("example.com"), 1u);
  EXPECT_EQ(t.active_calls_for_tenant("other.example"), 1u);
  t.terminate("c1", "ft", "x", kMs);
  EXPECT_EQ(t.active_calls_for_account("alice"), 0u);
  EXPECT_EQ(t.active_calls_for_tenant("example.com"), 0u);
  EXPECT_EQ(t.snapshot().size(), 2u);
  EXPECT_EQ(dialog_state_name(DialogState::kEarly), "early");
  EXPECT_EQ(dialog_state_name(DialogState::kConfirmed), "confirmed");
  EXPECT_EQ(dialog_state_name(DialogState::kTerminated), "terminated");
}

TEST_F(DialogTrackerTest, FailedReInviteLeavesAConfirmedDialogAlone) {
  t.start(dialog(), kT0);
  t.on_invite_response("c1", "ft", 200, "<sip:bob@example.com>;tag=bt", "bt", "", nullptr, kMs, kT0);
  for (int status : {488, 491, 500}) {
    t.on_invite_response("c1", "ft", status, "<sip:bob@example.com>;tag=bt", "bt", "", nullptr, kMs, kT0);
  }
  EXPECT_EQ(t.find("c1", "ft")->state, DialogState::kConfirmed);
  EXPECT_TRUE(ended.empty());
}

}  // namespace
}  // namespace vg::proxy
