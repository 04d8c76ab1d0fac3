// Tests for the request and response paths of src/proxy/proxy.cc and proxy_response.cc (RFC 3261
// §16): authentication of callers, forwarding to the callee's real source, Via/Record-Route/Max-
// Forwards handling, responses routed back, ACK and BYE inside the dialog, and the error answers.
#include <gtest/gtest.h>

#include "call_fixture.h"
#include "sip/editor.h"

namespace vg::proxy::test {
namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

TEST_F(ProxyCall, InviteWithoutCredentialsGets407) {
  h.deliver(a, h.invite_request(a, "bob").str());
  auto r = h.take_one();
  EXPECT_EQ(r.status(), 407) << r.bytes;
  EXPECT_EQ(r.to.destination, a.source);
  auto values = r.headers("Proxy-Authenticate");
  ASSERT_EQ(values.size(), 2u);
  EXPECT_EQ(parse_challenge(values[0])->algorithm, "SHA-256");
  EXPECT_EQ(parse_challenge(values[1])->algorithm, "MD5");
  EXPECT_TRUE(r.headers("WWW-Authenticate").empty());
  EXPECT_EQ(h.proxy.stats().forwarded_requests, 0u);
  EXPECT_EQ(h.dialogs.active_count(), 0u);
}

TEST_F(ProxyCall, InviteWithWrongPasswordGets403) {
  auto r = h.send_authenticated(a, h.invite_request(a, "bob"), "MD5", "alice", "Not-Alices-Pass-9!");
  EXPECT_EQ(r.status(), 403) << r.bytes;
  EXPECT_TRUE(h.forwarded.empty()) << Harness::dump(h.forwarded);
}

TEST_F(ProxyCall, AuthenticatedInviteIsForwardedToTheCalleesRealSource) {
  invite();
  EXPECT_EQ(fwd.to.destination, b.source);
  EXPECT_EQ(fwd.to.transport, net::Transport::kUdp);
  EXPECT_EQ(fwd.to.listener, 0u);
  // §16.5: Request-URI = the registered contact.
  EXPECT_EQ(fwd.ruri(), "sip:bob@192.168.1.7:5060");
  // §16.6 step 3.
  EXPECT_EQ(fwd.header("Max-Forwards"), "69");
  auto vias = fwd.headers("Via");
  ASSERT_EQ(vias.size(), 2u);
  EXPECT_TRUE(starts_with(vias[0], "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKvg")) << vias[0];
  // RFC 3581: where alice really is.
  EXPECT_EQ(vias[1], inv.vias[0].substr(0, inv.vias[0].find(";rport")) + ";received=192.0.2.10;rport=5062");
  // §16.6 step 4.
  EXPECT_EQ(fwd.headers("Record-Route"), std::vector<std::string>{"<sip:127.0.0.1:5060;lr>"});
  // NAT: alice's Contact names her real address.
  EXPECT_EQ(fwd.header("Contact"), "<sip:alice@192.0.2.10:5062>");
  EXPECT_EQ(fwd.m().body(), inv.body);
  EXPECT_EQ(fwd.header("Call-ID"), inv.call_id);
  EXPECT_EQ(fwd.header("From"), inv.from);
  EXPECT_EQ(fwd.header("To"), inv.to);

  auto d = dialog();
  ASSERT_TRUE(d);
  EXPECT_EQ(d->state, DialogState::kEarly);
  EXPECT_EQ(d->caller_account, "alice");
  EXPECT_EQ(d->callee_account, "bob");
  EXPECT_EQ(d->tenant, "example.com");
  EXPECT_EQ(d->caller_source, a.source);
  EXPECT_EQ(h.dialogs.active_calls_for_account("alice"), 1u);
}

TEST_F(ProxyCall, NatFixedContactKeepsTheUasUriParametersButNotItsTransportOrMaddr) {
  auto req = h.invite_request(a, "bob");
  req.contacts = {"<" + a.contact_uri() + ";ob;transport=udp;maddr=10.0.0.1;line=x7>;+sip.instance=\"<urn:uuid:1>\""};
  auto answer = h.send_authenticated(a, req);
  ASSERT_EQ(answer.status(), 100) << answer.bytes;
  ASSERT_EQ(h.forwarded.size(), 1u) << Harness::dump(h.forwarded);
  EXPECT_EQ(h.forwarded.front().header("Contact"),
            "<sip:alice@192.0.2.10:5062;ob;line=x7>;+sip.instance=\"<urn:uuid:1>\"");
}

TEST_F(ProxyCall, HundredTryingGoesToTheCallerWithoutToTag) {
  auto answer = h.send_authenticated(a, h.invite_request(a, "bob"));
  ASSERT_EQ(answer.status(), 100);
  EXPECT_EQ(answer.header("To"), h.last_request.to);
  EXPECT_EQ(answer.headers("Via"), h.last_request.vias);
  EXPECT_EQ(answer.header("CSeq"), "2 INVITE");
}

TEST_F(ProxyCall, ResponsesGoBackToTheCallerWithOurViaRemoved) {
  invite();
  auto ringing = callee_responds(180, "Ringing");
  ASSERT_EQ(ringing.size(), 1u) << Harness::dump(ringing);
  EXPECT_EQ(ringing[0].status(), 180);
  EXPECT_EQ(ringing[0].to.destination, a.source);
  EXPECT_EQ(ringing[0].headers("Via"), std::vector<std::string>{fwd.headers("Via")[1]});
  EXPECT_EQ(dialog()->state, DialogState::kEarly);
  EXPECT_EQ(dialog()->to_tag, bob_tag);

  auto ok = callee_responds(200, "OK");
  ASSERT_EQ(ok.size(), 1u) << Harness::dump(ok);
  EXPECT_EQ(ok[0].status(), 200);
  EXPECT_EQ(ok[0].to.destination, a.source);
  EXPECT_EQ(ok[0].headers("Via").size(), 1u);
  // bob answered from behind NAT: his Contact is rewritten to where he really is.
  EXPECT_EQ(ok[0].header("Contact"), "<" + std::string(kBobReal) + ">");
  EXPECT_EQ(ok[0].headers("Record-Route"), std::vector<std::string>{"<sip:127.0.0.1:5060;lr>"});
  auto d = dialog();
  ASSERT_TRUE(d);
  EXPECT_EQ(d->state, DialogState::kConfirmed);
  EXPECT_EQ(d->callee.target, kBobReal);
  EXPECT_EQ(d->caller.target, kAliceReal);
  EXPECT_EQ(h.proxy.stats().forwarded_responses, 2u);
}

TEST_F(ProxyCall, HundredTryingFromTheCalleeIsNotForwarded) {
  invite();
  EXPECT_TRUE(callee_responds(100, "Trying", false).empty());
}

TEST_F(ProxyCall, RetransmittedTwoHundredIsForwardedAgain) {
  invite();
  ASSERT_EQ(callee_responds(200, "OK").size(), 1u);
  auto again = callee_responds(200, "OK");
  ASSERT_EQ(again.size(), 1u) << Harness::dump(again);
  EXPECT_EQ(again[0].status(), 200);
  EXPECT_EQ(again[0].to.destination, a.source);
}

TEST_F(ProxyCall, AckForTwoHundredIsForwardedStatelesslyAlongTheRoute) {
  invite();
  callee_responds(200, "OK");
  h.deliver(a, caller_in_dialog("ACK", inv.cseq, std::string(kBobReal)).str());
  auto ack = h.take_one();
  EXPECT_EQ(ack.method(), "ACK");
  EXPECT_EQ(ack.to.destination, b.source);
  EXPECT_EQ(ack.ruri(), kBobReal);
  EXPECT_TRUE(ack.headers("Route").empty()) << ack.bytes;
  EXPECT_EQ(ack.header("Max-Forwards"), "69");
  auto vias = ack.headers("Via");
  ASSERT_EQ(vias.size(), 2u);
  EXPECT_TRUE(starts_with(vias[0], "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKvg")) << vias[0];
  EXPECT_EQ(h.txns.client_count(), 1u);  // only the INVITE's: the ACK has no transaction
}

TEST_F(ProxyCall, ByeFromTheCallerIsRoutedAndEndsTheDialog) {
  establish();
  auto bye = caller_in_dialog("BYE", inv.cseq + 1, std::string(kBobReal));
  h.deliver(a, bye.str());
  auto out = h.take_one();
  EXPECT_EQ(out.method(), "BYE");
  EXPECT_EQ(out.to.destination, b.source);
  EXPECT_EQ(out.ruri(), kBobReal);
  EXPECT_TRUE(out.headers("Route").empty());
  EXPECT_TRUE(out.headers("Record-Route").empty());
  EXPECT_EQ(out.headers("Via").size(), 2u);
  auto d = dialog();
  ASSERT_TRUE(d);
  EXPECT_EQ(d->state, DialogState::kTerminated);
  EXPECT_EQ(d->end_reason, "caller hung up");
  EXPECT_EQ(h.dialogs.active_count(), 0u);

  h.deliver(b, response_to(out.m(), 200, "OK", ""));
  auto ok = h.take_one();
  EXPECT_EQ(ok.status(), 200);
  EXPECT_EQ(ok.to.destination, a.source);
  EXPECT_EQ(ok.cseq_method(), "BYE");
  EXPECT_EQ(ok.headers("Via").size(), 1u);
}

TEST_F(ProxyCall, ByeFromTheCalleeReachesTheCallersRealAddress) {
  establish();
  h.deliver(b, callee_in_dialog("BYE", 1, std::string(kAliceReal)).str());
  auto out = h.take_one();
  EXPECT_EQ(out.method(), "BYE");
  EXPECT_EQ(out.to.destination, a.source);
  EXPECT_EQ(dialog()->state, DialogState::kTerminated);
  EXPECT_EQ(dialog()->end_reason, "callee hung up");
}

TEST_F(ProxyCall, CallToAnUnregisteredAccountIs480) {
  auto r = h.send_authenticated(a, h.invite_request(a, "carol"));
  EXPECT_EQ(r.status(), 480) << r.bytes;
  EXPECT_TRUE(h.forwarded.empty());
  EXPECT_EQ(h.dialogs.active_count(), 0u);
}

TEST_F(ProxyCall, UnknownUserWithoutRouteIs404) {
  auto r = h.send_authenticated(a, h.invite_request(a, "nobody"));
  EXPECT_EQ(r.status(), 404) << r.bytes;
  EXPECT_TRUE(h.forwarded.empty());
}

TEST_F(ProxyCall, NumberWithRouteGoesToTheTrunkUnchanged) {
  auto r = h.send_authenticated(a, h.invite_request(a, "+441234567"));
  EXPECT_EQ(r.status(), 100) << r.bytes;
  ASSERT_EQ(h.forwarded.size(), 1u);
  EXPECT_EQ(h.forwarded[0].to.destination, kTrunk);
  EXPECT_EQ(h.forwarded[0].ruri(), "sip:+441234567@example.com");
  EXPECT_EQ(dialog_state_name(h.dialogs.find(h.last_request.call_id,
                                              h.last_request.from.substr(h.last_request.from.find("tag=") + 4))
                                  ->state),
            "early");
}

TEST_F(ProxyCall, MaxForwardsZeroIs483) {
  auto r = h.invite_request(a, "bob");
  r.max_forwards = 0;
  h.deliver(a, r.str());
  auto out = h.take_one();
  EXPECT_EQ(out.status(), 483) << out.bytes;
  EXPECT_EQ(h.proxy.stats().too_many_hops, 1u);
}

TEST_F(ProxyCall, MissingMaxForwardsIsAdded) {
  auto r = h.invite_request(a, "bob");
  r.max_forwards.reset();
  auto answer = h.send_authenticated(a, r);
  ASSERT_EQ(answer.status(), 100);
  ASSERT_EQ(h.forwarded.size(), 1u);
  EXPECT_EQ(h.forwarded[0].header("Max-Forwards"), "70");
}

// A request we forwarded comes back to us unchanged but for the next hop's Via (§16.3 step 4).
TEST_F(ProxyCall, LoopedRequestIs482) {
  auto r = h.send_authenticated(a, h.invite_request(a, "+441234567"));
  ASSERT_EQ(r.status(), 100);
  ASSERT_EQ(h.forwarded.size(), 1u);
  const Sent out = h.forwarded[0];
  auto m = sip::Message::parse(out.bytes);
  ASSERT_TRUE(m);
  sip::Editor e(*m);
  e.push_via("SIP/2.0/UDP 127.0.0.60:5080;branch=z9hG4bK-trunk-1");
  e.replace(sip::HeaderId::kMaxForwards, "68");
  h.deliver(kTrunk, e.serialize());
  auto back = h.take_one();
  EXPECT_EQ(back.status(), 482) << back.bytes;
  EXPECT_EQ(back.to.destination, kTrunk);
  EXPECT_EQ(h.proxy.stats().loops_detected, 1u);
}

// The same request coming back with another Request-URI is a spiral, not a loop.
TEST_F(ProxyCall, SpiralIsForwarded) {
  auto r = h.send_authenticated(a, h.invite_request(a, "+441234567"));
  ASSERT_EQ(r.status(), 100);
  auto m = sip::Message::parse(h.forwarded[0].bytes);
  ASSERT_TRUE(m);
  sip::Editor e(*m);
  e.push_via("SIP/2.0/UDP 127.0.0.60:5080;branch=z9hG4bK-trunk-2");
  e.set_request_uri("sip:bob@example.com");
  h.deliver(kTrunk, e.serialize());
  auto out = h.take();
  auto to_bob = find_one(out, [&](const Sent& s) { return s.method() == "INVITE"; }, "INVITE to bob");
  EXPECT_EQ(to_bob.to.destination, b.source);
  EXPECT_EQ(h.proxy.stats().loops_detected, 0u);
}

TEST_F(ProxyCall, RetransmittedInviteIsAbsorbedAndTheLastResponseResent) {
  invite();
  const std::string again = inv.str();
  h.deliver(a, again);
  auto out = h.take_one();
  EXPECT_EQ(out.status(), 100) << out.bytes;
  EXPECT_EQ(out.to.destination, a.source);
  EXPECT_EQ(h.proxy.stats().retransmissions_absorbed, 1u);

  auto ringing = callee_responds(180, "Ringing");
  ASSERT_EQ(ringing.size(), 1u);
  h.deliver(a, again);
  out = h.take_one();
  EXPECT_EQ(out.status(), 180);
  EXPECT_EQ(out.bytes, ringing[0].bytes);
  EXPECT_EQ(h.proxy.stats().forwarded_requests, 1u);
}

TEST_F(ProxyCall, RequestFromAConfiguredUpstreamIsNotChallenged) {
  Request r;
  r.method = "INVITE";
  r.ruri = "sip:bob@example.com";
  r.vias = {"SIP/2.0/UDP 127.0.0.50:5070;branch=z9hG4bK-pbx-1"};
  r.from = "<sip:+15551234@pbx.example.com>;tag=pbx1";
  r.to = "<sip:bob@example.com>";
  r.call_id = "from-pbx@test";
  r.contacts = {"<sip:+15551234@127.0.0.50:5070>"};
  h.deliver(kPbx, r.str());
  auto out = h.take();
  ASSERT_EQ(out.size(), 2u) << Harness::dump(out);
  auto trying = find_one(out, [](const Sent& s) { return s.status() == 100; }, "100 to the PBX");
  EXPECT_EQ(trying.to.destination, kPbx);
  auto to_bob = find_one(out, [](const Sent& s) { return s.method() == "INVITE"; }, "INVITE to bob");
  EXPECT_EQ(to_bob.to.destination, b.source);
  EXPECT_EQ(to_bob.ruri(), "sip:bob@192.168.1.7:5060");
  EXPECT_EQ(h.proxy.stats().auth_challenges, 1u);  // bob's REGISTER only
  auto d = h.dialogs.find("from-pbx@test", "pbx1");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->caller_account, "");
  EXPECT_EQ(d->callee_account, "bob");
}

TEST_F(ProxyCall, OptionsToTheServerIsAnsweredHere) {
  Request r;
  r.method = "OPTIONS";
  r.ruri = "sip:127.0.0.1:5060";
  r.vias = {h.via_of(a, h.next_branch())};
  r.from = "<sip:alice@example.com>;tag=o1";
  r.to = "<sip:127.0.0.1:5060>";
  r.call_id = "options@test";
  h.deliver(a, r.str());
  auto out = h.take_one();
  EXPECT_EQ(out.status(), 200);
  EXPECT_FALSE(out.header("Allow").empty());
}

// A trunk challenges the call; the caller retries with the same Call-ID and From tag: the retry is a
// new call attempt that must be tracked like the first.
TEST_F(ProxyCall, RetryAfterUpstreamChallengeIsTracked) {
  auto first = h.send_authenticated(a, h.invite_request(a, "+441234567"));
  ASSERT_EQ(first.status(), 100);
  Request req = h.last_request;
  const std::string tag = req.from.substr(req.from.find("tag=") + 4);
  const Sent out = h.forwarded[0];
  h.deliver(kTrunk, response_to(out.m(), 407, "Proxy Authentication Required", "trunk-t1",
                                {{"Proxy-Authenticate", "Digest realm=\"trunk\", nonce=\"abc\", qop=\"auth\""}}));
  auto back = h.take();
  ASSERT_EQ(back.size(), 2u) << Harness::dump(back);  // ACK to the trunk, 407 to alice
  EXPECT_EQ(h.dialogs.find(req.call_id, tag)->state, DialogState::kTerminated);

  // alice ACKs the 407 and retries (credentials for the trunk's realm added, ours kept).
  Request ack = req;
  ack.method = "ACK";
  ack.to = req.to + ";tag=trunk-t1";
  ack.body.clear();
  ack.contacts.clear();
  ack.extra.clear();
  h.deliver(a, ack.str());
  EXPECT_TRUE(h.take().empty());

  // A fresh nonce of ours for the retry (nc 1 of the old one is used up).
  h.deliver(a, h.invite_request(a, "bob").str());
  auto challenge = parse_challenge(h.take_one().headers("Proxy-Authenticate").front());
  ASSERT_TRUE(challenge);
  Request retry = req;
  retry.vias = {h.via_of(a, h.next_branch())};
  retry.cseq = req.cseq + 1;
  retry.extra.clear();
  retry.header("Content-Type", "application/sdp");
  retry.header("Proxy-Authorization", credentials(*challenge, "alice", kAlicePassword, "INVITE", retry.ruri));
  h.deliver(a, retry.str());
  auto sent = h.take();
  auto to_trunk = find_one(sent, [](const Sent& s) { return s.method() == "INVITE"; }, "retry to the trunk");
  EXPECT_EQ(to_trunk.to.destination, kTrunk);
  auto d = h.dialogs.find(req.call_id, tag);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->state, DialogState::kEarly);

  h.deliver(kTrunk, response_to(to_trunk.m(), 200, "OK", "trunk-t2", {{"Contact", "<sip:gw@127.0.0.60:5080>"}}));
  ASSERT_EQ(h.take().size(), 1u);
  d = h.dialogs.find(req.call_id, tag);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->state, DialogState::kConfirmed);
  EXPECT_EQ(d->to_tag, "trunk-t2");
  EXPECT_EQ(h.dialogs.active_calls_for_account("alice"), 1u);
}

TEST_F(ProxyCall, OurRealmsCredentialsAreNotPassedOn) {
  invite();
  EXPECT_TRUE(fwd.headers("Proxy-Authorization").empty()) << fwd.bytes;
}

// RFC 5658: a caller on TCP and a callee on UDP get one Record-Route entry per listener.
TEST_F(ProxyCall, TcpCallerUdpCalleeIsDoubleRecordRouted) {
  a.transport = net::Transport::kTcp;
  a.connection = 5;
  invite();
  EXPECT_EQ(fwd.to.transport, net::Transport::kUdp);
  EXPECT_EQ(fwd.headers("Record-Route"),
            (std::vector<std::string>{"<sip:127.0.0.1:5060;lr>", "<sip:127.0.0.1:5060;transport=tcp;lr>"}));
  EXPECT_EQ(fwd.header("Contact"), "<sip:alice@192.0.2.10:5062;transport=tcp>");
  auto ok = callee_responds(200, "OK");
  ASSERT_EQ(ok.size(), 1u);
  EXPECT_EQ(ok[0].to.transport, net::Transport::kTcp);
  EXPECT_EQ(ok[0].to.connection, 5u);
  EXPECT_EQ(ok[0].to.destination, a.source);
  EXPECT_EQ(dialog()->caller.out.connection, 5u);
}

TEST_F(ProxyCall, CalleeRegisteredOverTcpIsReachedOnItsConnection) {
  Ua c = carol();
  c.transport = net::Transport::kTcp;
  c.connection = 42;
  h.register_ua(c);
  auto answer = h.send_authenticated(a, h.invite_request(a, "carol"));
  ASSERT_EQ(answer.status(), 100) << answer.bytes;
  ASSERT_EQ(h.forwarded.size(), 1u);
  const Sent& out = h.forwarded[0];
  EXPECT_EQ(out.to.transport, net::Transport::kTcp);
  EXPECT_EQ(out.to.connection, 42u);
  EXPECT_EQ(out.to.destination, c.source);
  EXPECT_EQ(out.to.listener, 1u);
  EXPECT_EQ(out.ruri(), "sip:carol@203.0.113.30:5060;transport=tcp");
  EXPECT_TRUE(starts_with(out.headers("Via")[0], "SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bKvg"));
  EXPECT_EQ(out.headers("Record-Route"),
            (std::vector<std::string>{"<sip:127.0.0.1:5060;transport=tcp;lr>", "<sip:127.0.0.1:5060;lr>"}));
  // Reliable: no retransmission of the INVITE.
  h.run_for(5s);
  auto later = h.take();
  EXPECT_TRUE(later.empty()) << Harness::dump(later);
}

// RFC 6026: a 2xx retransmission that arrives after both transactions are gone is still relayed,
// statelessly, along the Via it carries.
TEST_F(ProxyCall, LateTwoHundredRetransmissionIsRelayedByVia) {
  invite();
  auto ok = callee_responds(200, "OK");
  ASSERT_EQ(ok.size(), 1u);
  h.run_for(40s);
  h.take();
  EXPECT_EQ(h.txns.client_count(), 0u);
  auto again = callee_responds(200, "OK");
  ASSERT_EQ(again.size(), 1u) << Harness::dump(again);
  EXPECT_EQ(again[0].status(), 200);
  EXPECT_EQ(again[0].to.destination, a.source);
  EXPECT_EQ(again[0].headers("Via").size(), 1u);
}

// A To tag must not turn an unauthenticated INVITE into a "re-INVITE" that we relay, from our
// trusted address, to a trunk (toll fraud without credentials).
TEST_F(ProxyCall, ForgedInDialogInviteIsNotRelayed) {
  const Endpoint stranger = ep("192.0.2.99:5060");
  Request r;
  r.method = "INVITE";
  r.ruri = "sip:+4412345678@127.0.0.60:5080";
  r.vias = {"SIP/2.0/UDP 192.0.2.99:5060;branch=z9hG4bK-evil"};
  r.routes = {"<sip:127.0.0.1:5060;lr>"};
  r.from = "<sip:x@evil.example>;tag=a";
  r.to = "<sip:+4412345678@127.0.0.60>;tag=forged";
  r.call_id = "evil@x";
  for (bool with_route : {true, false}) {
    if (!with_route) {
      r.routes.clear();
      r.vias = {"SIP/2.0/UDP 192.0.2.99:5060;branch=z9hG4bK-evil2"};
    }
    h.deliver(stranger, r.str());
    auto out = h.take_one();
    EXPECT_EQ(out.status(), 481) << out.bytes;
    EXPECT_EQ(out.to.destination, stranger);
  }
  EXPECT_EQ(h.proxy.stats().forwarded_requests, 0u);
}

TEST_F(ProxyCall, ReInviteFromEitherPartyOfATrackedCallIsRelayed) {
  establish();
  Request from_alice = caller_in_dialog("INVITE", inv.cseq + 1, kBobReal);
  h.deliver(a, from_alice.str());
  auto out = h.take_one();
  EXPECT_EQ(out.method(), "INVITE");
  EXPECT_EQ(out.to.destination, b.source);
  h.deliver(b, callee_in_dialog("INVITE", 1, kAliceReal).str());
  out = h.take_one();
  EXPECT_EQ(out.method(), "INVITE");
  EXPECT_EQ(out.to.destination, a.source);
}

TEST_F(ProxyCall, ReInviteAfterTheCallEndedIs481) {
  establish();
  h.deliver(a, caller_in_dialog("BYE", inv.cseq + 1, kBobReal).str());
  ASSERT_EQ(h.take_one().method(), "BYE");
  h.deliver(b, callee_in_dialog("INVITE", 1, kAliceReal).str());
  EXPECT_EQ(h.take_one().status(), 481);
}

TEST_F(ProxyCall, InDialogInviteFromAnUpstreamIsRelayed) {
  Request r;
  r.method = "INVITE";
  r.ruri = std::string(kBobReal);
  r.vias = {"SIP/2.0/UDP 127.0.0.50:5070;branch=z9hG4bK-pbx-re"};
  r.routes = {"<sip:127.0.0.1:5060;lr>"};
  r.from = "<sip:100@pbx>;tag=p1";
  r.to = "<sip:bob@example.com>;tag=b1";
  r.call_id = "pbx-call@test";
  h.deliver(kPbx, r.str());
  auto out = h.take_one();
  EXPECT_EQ(out.method(), "INVITE");
  EXPECT_EQ(out.to.destination, b.source);
}

}  // namespace
}  // namespace vg::proxy::test

namespace vg::proxy::test {
namespace {
// Not an open relay: an in-dialog request of any method (or an ACK) with a made-up To tag from a
// stranger is refused (481) or dropped, never forwarded to the address its Route/Request-URI names.
TEST_F(ProxyCall, ForgedInDialogRequestsOfAnyMethodAreNotRelayed) {
  const Endpoint stranger = ep("192.0.2.99:5060");
  for (std::string method : {"MESSAGE", "NOTIFY", "BYE", "OPTIONS", "ACK"}) {
    Request r;
    r.method = method;
    r.ruri = "sip:victim@198.51.100.7:5060";
    r.vias = {"SIP/2.0/UDP 192.0.2.99:5060;branch=z9hG4bK-relay-" + method};
    r.routes = {"<sip:127.0.0.1:5060;lr>"};
    r.from = "<sip:x@evil.example>;tag=a";
    r.to = "<sip:victim@198.51.100.7>;tag=forged";
    r.call_id = "relay-" + method + "@x";
    h.deliver(stranger, r.str());
    auto out = h.take();
    if (method == "ACK") {
      EXPECT_TRUE(out.empty()) << Harness::dump(out);
    } else {
      ASSERT_EQ(out.size(), 1u) << Harness::dump(out);
      EXPECT_EQ(out[0].status(), 481) << method;
      EXPECT_EQ(out[0].to.destination, stranger);
    }
  }
  EXPECT_EQ(h.proxy.stats().forwarded_requests, 0u);
}

// Not a reflector: a 2xx to INVITE that matches no transaction or tracked dialog is dropped, not
// sent to whatever address its second Via names.
TEST_F(ProxyCall, ForgedTwoHundredIsNotRelayedByVia) {
  const Endpoint stranger = ep("192.0.2.99:5060");
  std::string resp =
      "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKvg0000000000000000.forged\r\n"
      "Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-victim\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:b@x>;tag=2\r\n"
      "Call-ID: reflect@x\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
  h.deliver(stranger, resp);
  EXPECT_TRUE(h.take().empty());
  EXPECT_EQ(h.proxy.stats().forwarded_responses, 0u);
}

}  // namespace
}  // namespace vg::proxy::test
