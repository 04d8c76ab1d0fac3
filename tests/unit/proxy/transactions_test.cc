// Tests for src/proxy/transactions.cc: RFC 3261 §17 timers (A/B, E/F, G/H, I, J, K, D, C) and
// bounded state, driven by hand with explicit times.
#include "proxy/transactions.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vg::proxy {
namespace {

using namespace std::chrono_literals;

const MonoTime kT0 = MonoTime(std::chrono::hours(1000));

net::Outbound udp_to() {
  net::Outbound o;
  o.transport = net::Transport::kUdp;
  o.destination = Endpoint{IpAddress::v4(0xC0000201), 5060};
  return o;
}
net::Outbound tcp_to() {
  auto o = udp_to();
  o.transport = net::Transport::kTcp;
  o.connection = 3;
  return o;
}

ClientTxn client(bool invite, net::Outbound to = udp_to()) {
  ClientTxn t;
  t.invite = invite;
  t.to = to;
  t.request = invite ? "INVITE bytes" : "BYE bytes";
  t.server_key = "server-key";
  return t;
}

// Every action tick() returns when called each 50 ms from kT0 to kT0 + until; the time of each
// (ms since kT0) and the action.
struct Fired {
  int64_t at_ms;
  TimerAction action;
};
std::vector<Fired> run(TransactionTable& t, std::chrono::milliseconds until, MonoTime start = kT0) {
  std::vector<Fired> out;
  for (auto now = start; now <= start + until; now += 50ms) {
    for (auto& a : t.tick(now)) {
      out.push_back({std::chrono::duration_cast<std::chrono::milliseconds>(now - kT0).count(), std::move(a)});
    }
  }
  return out;
}
std::vector<int64_t> times_of(const std::vector<Fired>& f, TimerAction::Kind kind) {
  std::vector<int64_t> out;
  for (const auto& x : f) {
    if (x.action.kind == kind) out.push_back(x.at_ms);
  }
  return out;
}

TEST(TransactionTable, InviteClientTimerADoublesAndTimerBFiresAt64T1) {
  TransactionTable t;
  t.add_client("b1", client(true), kT0);
  auto f = run(t, 40s);
  EXPECT_EQ(times_of(f, TimerAction::Kind::kSend), (std::vector<int64_t>{500, 1500, 3500, 7500, 15500, 31500}));
  ASSERT_EQ(times_of(f, TimerAction::Kind::kClientTimeout), std::vector<int64_t>{32000});
  for (const auto& x : f) {
    if (x.action.kind == TimerAction::Kind::kSend) {
      EXPECT_EQ(x.action.bytes, "INVITE bytes");
      EXPECT_EQ(x.action.to.destination, udp_to().destination);
    } else {
      EXPECT_EQ(x.action.branch, "b1");
      EXPECT_EQ(x.action.server_key, "server-key");
      EXPECT_EQ(x.action.bytes, "INVITE bytes");
      EXPECT_TRUE(x.action.invite);
      EXPECT_FALSE(x.action.proceeding);
    }
  }
  EXPECT_EQ(t.client_count(), 0u);
}

TEST(TransactionTable, NonInviteClientTimerECapsAtT2AndTimerFFiresAt64T1) {
  TransactionTable t;
  t.add_client("b1", client(false), kT0);
  auto f = run(t, 40s);
  EXPECT_EQ(times_of(f, TimerAction::Kind::kSend),
            (std::vector<int64_t>{500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500}));
  EXPECT_EQ(times_of(f, TimerAction::Kind::kClientTimeout), std::vector<int64_t>{32000});
  EXPECT_EQ(t.client_count(), 0u);
}

TEST(TransactionTable, CustomT1AndT2) {
  TransactionTable t(TimerConfig{100ms, 400ms, 180000ms});
  t.add_client("b1", client(false), kT0);
  auto f = run(t, 7s);
  EXPECT_EQ(times_of(f, TimerAction::Kind::kSend).size(), 17u);  // 0.1, 0.3, 0.7, then every 0.4 s to 6.3
  EXPECT_EQ(times_of(f, TimerAction::Kind::kSend).front(), 100);
  EXPECT_EQ(times_of(f, TimerAction::Kind::kClientTimeout), std::vector<int64_t>{6400});
}

TEST(TransactionTable, ReliableClientIsNeverRetransmittedButTimesOut) {
  TransactionTable t;
  t.add_client("b1", client(true, tcp_to()), kT0);
  t.add_client("b2", client(false, tcp_to()), kT0);
  auto f = run(t, 40s);
  EXPECT_TRUE(times_of(f, TimerAction::Kind::kSend).empty());
  EXPECT_EQ(times_of(f, TimerAction::Kind::kClientTimeout), (std::vector<int64_t>{32000, 32000}));
}

TEST(TransactionTable, ProvisionalStopsInviteRetransmissionsAndStartsTimerC) {
  TransactionTable t(TimerConfig{500ms, 4000ms, 10000ms});
  t.add_client("b1", client(true), kT0);
  EXPECT_EQ(times_of(run(t, 650ms), TimerAction::Kind::kSend), std::vector<int64_t>{500});
  auto before = t.client_response("b1", 180, kT0 + 700ms);
  ASSERT_TRUE(before);
  EXPECT_EQ(before->state, TxnState::kTrying);
  EXPECT_EQ(t.find_client("b1")->state, TxnState::kProceeding);
  // A later provisional resets Timer C (§16.7 step 2).
  t.client_response("b1", 183, kT0 + 5000ms);
  auto f = run(t, 20s, kT0 + 700ms);
  EXPECT_TRUE(times_of(f, TimerAction::Kind::kSend).empty());
  ASSERT_EQ(times_of(f, TimerAction::Kind::kClientTimeout), std::vector<int64_t>{15000});
  EXPECT_TRUE(f.back().action.proceeding);
}

// §16.8 / §9.1: after Timer C the INVITE transaction waits 64*T1 for the final response to the CANCEL
// (to ACK it), then goes without a second timeout action.
TEST(TransactionTable, TimerCKeepsTheInviteForItsFinalThenDropsItQuietly) {
  TransactionTable t(TimerConfig{500ms, 4000ms, 10000ms});
  t.add_client("b1", client(true), kT0);
  t.client_response("b1", 180, kT0 + 100ms);
  auto f = run(t, 11s);
  ASSERT_EQ(times_of(f, TimerAction::Kind::kClientTimeout), std::vector<int64_t>{10100});
  ASSERT_TRUE(t.find_client("b1"));
  auto final_response = t.client_response("b1", 487, kT0 + 11s);
  ASSERT_TRUE(final_response);
  EXPECT_EQ(final_response->request, "INVITE bytes");  // to build the ACK
  EXPECT_TRUE(run(t, 60s, kT0 + 11s).empty());
  EXPECT_EQ(t.client_count(), 0u);

  // No final at all: the transaction goes 64*T1 after Timer C, with no second action.
  TransactionTable t2(TimerConfig{500ms, 4000ms, 10000ms});
  t2.add_client("b2", client(true), kT0);
  t2.client_response("b2", 180, kT0 + 100ms);
  f = run(t2, 41s);
  EXPECT_EQ(times_of(f, TimerAction::Kind::kClientTimeout), std::vector<int64_t>{10100});
  EXPECT_EQ(t2.client_count(), 1u);
  run(t2, 2s, kT0 + 41s);
  EXPECT_EQ(t2.client_count(), 0u);
}

TEST(TransactionTable, ProvisionalKeepsNonInviteRetransmissionsAtT2) {
  TransactionTable t;
  t.add_client("b1", client(false), kT0);
  t.client_response("b1", 100, kT0 + 100ms);
  auto f = run(t, 40s);
  // §17.1.2.2: in Proceeding, retransmit every T2.
  EXPECT_EQ(times_of(f, TimerAction::Kind::kSend),
            (std::vector<int64_t>{500, 4500, 8500, 12500, 16500, 20500, 24500, 28500}));
  EXPECT_EQ(times_of(f, TimerAction::Kind::kClientTimeout), std::vector<int64_t>{32000});
}

TEST(TransactionTable, CompletedInviteClientAbsorbsRetransmittedFinalsUntilTimerD) {
  TransactionTable t;
  t.add_client("b1", client(true), kT0);
  auto first = t.client_response("b1", 486, kT0 + 100ms);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->state, TxnState::kTrying);
  auto again = t.client_response("b1", 486, kT0 + 600ms);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->state, TxnState::kCompleted);
  // Timer D: at least 32 s over UDP; no retransmission, no timeout meanwhile.
  EXPECT_TRUE(run(t, 32s).empty());
  EXPECT_EQ(t.client_count(), 1u);
  t.tick(kT0 + 32100ms);
  EXPECT_EQ(t.client_count(), 0u);
  EXPECT_FALSE(t.client_response("b1", 486, kT0 + 33s));
}

TEST(TransactionTable, CompletedNonInviteClientLingersForTimerK) {
  TransactionTable t;
  t.add_client("b1", client(false), kT0);
  t.client_response("b1", 200, kT0);
  // Timer K = T4 (5 s) over UDP.
  t.tick(kT0 + 4999ms);
  EXPECT_EQ(t.client_count(), 1u);
  t.tick(kT0 + 5000ms);
  EXPECT_EQ(t.client_count(), 0u);
}

TEST(TransactionTable, CompletedReliableClientGoesAtOnce) {
  TransactionTable t;
  t.add_client("b1", client(true, tcp_to()), kT0);
  t.add_client("b2", client(false, tcp_to()), kT0);
  t.client_response("b1", 486, kT0);
  t.client_response("b2", 200, kT0);
  t.tick(kT0);
  EXPECT_EQ(t.client_count(), 0u);
}

TEST(TransactionTable, CancelRequestedIsRemembered) {
  TransactionTable t;
  t.add_client("b1", client(true), kT0);
  EXPECT_FALSE(t.find_client("b1")->cancel_requested);
  t.mark_cancel_requested("b1");
  EXPECT_TRUE(t.find_client("b1")->cancel_requested);
  t.mark_cancel_requested("unknown");
  EXPECT_FALSE(t.find_client("unknown"));
}

ServerTxn server(bool invite, net::Outbound to = udp_to()) {
  ServerTxn s;
  s.invite = invite;
  s.reply_to = to;
  s.expires = kT0 + 200s;
  return s;
}

TEST(TransactionTable, FindOrAddServerReportsRetransmissions) {
  TransactionTable t;
  EXPECT_FALSE(t.find_or_add_server("k", server(true)));
  t.server_responded("k", 100, "100 bytes", false, kT0);
  auto again = t.find_or_add_server("k", server(true));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->last_status, 100);
  EXPECT_EQ(again->last_response, "100 bytes");
  EXPECT_EQ(again->state, TxnState::kProceeding);
  t.set_client_branch("k", "branch-1");
  EXPECT_EQ(t.find_server("k")->client_branch, "branch-1");
}

TEST(TransactionTable, ProvisionalNeverReplacesAFinal) {
  TransactionTable t;
  t.find_or_add_server("k", server(true));
  t.server_responded("k", 486, "486 bytes", false, kT0);
  t.server_responded("k", 180, "180 bytes", false, kT0);
  EXPECT_EQ(t.find_server("k")->last_status, 486);
  EXPECT_EQ(t.find_server("k")->last_response, "486 bytes");
}

TEST(TransactionTable, InviteServerNonTwoHundredTimerGCapsAtT2UntilTimerH) {
  TransactionTable t;
  t.find_or_add_server("k", server(true));
  t.server_responded("k", 486, "486 bytes", false, kT0);
  auto f = run(t, 40s);
  EXPECT_EQ(times_of(f, TimerAction::Kind::kSend),
            (std::vector<int64_t>{500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500}));
  for (const auto& x : f) {
    if (x.action.kind == TimerAction::Kind::kSend) {
      EXPECT_EQ(x.action.bytes, "486 bytes");
    }
  }
  EXPECT_EQ(times_of(f, TimerAction::Kind::kServerTimeout), std::vector<int64_t>{32000});
  EXPECT_EQ(t.server_count(), 0u);
}

TEST(TransactionTable, AckStopsTimerGAndTimerIDropsTheTransaction) {
  TransactionTable t;
  t.find_or_add_server("k", server(true));
  t.server_responded("k", 486, "486 bytes", false, kT0);
  EXPECT_TRUE(t.server_acked("k", kT0 + 600ms));
  EXPECT_FALSE(t.server_acked("unknown", kT0));
  auto f = run(t, 10s, kT0 + 600ms);
  EXPECT_TRUE(times_of(f, TimerAction::Kind::kSend).empty());
  EXPECT_TRUE(times_of(f, TimerAction::Kind::kServerTimeout).empty());
  // Timer I = T4 after the ACK.
  TransactionTable t2;
  t2.find_or_add_server("k", server(true));
  t2.server_responded("k", 486, "486 bytes", false, kT0);
  t2.server_acked("k", kT0);
  t2.tick(kT0 + 4999ms);
  EXPECT_EQ(t2.server_count(), 1u);
  t2.tick(kT0 + 5000ms);
  EXPECT_EQ(t2.server_count(), 0u);
}

TEST(TransactionTable, ReliableInviteServerIsNotRetransmitted) {
  TransactionTable t;
  t.find_or_add_server("k", server(true, tcp_to()));
  t.server_responded("k", 486, "486 bytes", true, kT0);
  auto f = run(t, 40s);
  EXPECT_TRUE(times_of(f, TimerAction::Kind::kSend).empty());
  EXPECT_TRUE(times_of(f, TimerAction::Kind::kServerTimeout).empty());
  EXPECT_EQ(t.server_count(), 0u);
}

TEST(TransactionTable, InviteServerTwoHundredIsAcceptedFor64T1) {
  TransactionTable t;
  t.find_or_add_server("k", server(true));
  t.server_responded("k", 200, "200 bytes", false, kT0);
  EXPECT_EQ(t.find_server("k")->state, TxnState::kAccepted);
  auto f = run(t, 31950ms);
  EXPECT_TRUE(f.empty());  // 2xx retransmissions are end to end, not ours
  EXPECT_EQ(t.server_count(), 1u);
  t.tick(kT0 + 32000ms);
  EXPECT_EQ(t.server_count(), 0u);
}

// Our 408 (Timer C) went upstream and is being retransmitted when the callee's 2xx arrives after
// all (§16.7 step 10 forwards it): the 408's retransmissions stop, nothing empty is ever resent and
// no Timer H fires for the accepted transaction.
TEST(TransactionTable, TwoHundredAfterOurFinalStopsTimerG) {
  TransactionTable t;
  t.find_or_add_server("k", server(true));
  t.server_responded("k", 408, "408 bytes", false, kT0);
  auto before = run(t, 600ms);
  EXPECT_EQ(times_of(before, TimerAction::Kind::kSend), std::vector<int64_t>{500});
  t.server_responded("k", 200, "200 bytes", false, kT0 + 700ms);
  EXPECT_EQ(t.find_server("k")->state, TxnState::kAccepted);
  auto after = run(t, 40s, kT0 + 700ms);
  EXPECT_TRUE(after.empty());
  EXPECT_EQ(t.server_count(), 0u);
}

TEST(TransactionTable, NonInviteServerTimerJ) {
  TransactionTable t;
  t.find_or_add_server("udp", server(false));
  t.find_or_add_server("tcp", server(false, tcp_to()));
  t.server_responded("udp", 200, "200", false, kT0);
  t.server_responded("tcp", 200, "200", true, kT0);
  t.tick(kT0);
  EXPECT_EQ(t.server_count(), 1u);  // TCP: Timer J = 0
  EXPECT_TRUE(t.tick(kT0 + 31999ms).empty());
  EXPECT_EQ(t.server_count(), 1u);
  t.tick(kT0 + 32000ms);
  EXPECT_EQ(t.server_count(), 0u);
}

TEST(TransactionTable, UnansweredServerTransactionIsBounded) {
  TransactionTable t;
  t.find_or_add_server("k", server(true));  // expires kT0 + 200 s
  t.tick(kT0 + 199s);
  EXPECT_EQ(t.server_count(), 1u);
  t.tick(kT0 + 200s);
  EXPECT_EQ(t.server_count(), 0u);
}

TEST(TransactionTable, StateStaysBoundedUnderLoad) {
  TransactionTable t;
  for (int i = 0; i < 2000; ++i) {
    const std::string k = "k" + std::to_string(i);
    t.find_or_add_server(k, server(i % 2 == 0));
    t.add_client("c" + std::to_string(i), client(i % 2 == 0), kT0);
    if (i % 3 == 0) {
      t.server_responded(k, 404, "404", false, kT0);
      t.client_response("c" + std::to_string(i), 404, kT0);
    }
  }
  EXPECT_EQ(t.server_count(), 2000u);
  EXPECT_EQ(t.client_count(), 2000u);
  t.tick(kT0 + 40s);
  EXPECT_EQ(t.client_count(), 0u);
  t.tick(kT0 + 201s);
  EXPECT_EQ(t.server_count(), 0u);
}

}  // namespace
}  // namespace vg::proxy
