// A call between two registered UAs through the proxy core (alice calls bob), set up step by step
// for the call, CANCEL, timer and teardown tests.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "harness.h"

namespace vg::proxy::test {

class ProxyCall : public ::testing::Test {
 protected:
  void SetUp() override { h.register_ua(b); }

  // alice → bob: 407, credentials, then 100 Trying to alice and the INVITE to bob (kept in `fwd`).
  void invite() {
    auto answer = h.send_authenticated(a, h.invite_request(a, "bob"));
    ASSERT_EQ(answer.status(), 100) << answer.bytes;
    inv = h.last_request;
    ASSERT_EQ(h.forwarded.size(), 1u) << Harness::dump(h.forwarded);
    fwd = h.forwarded.front();
    ASSERT_EQ(fwd.method(), "INVITE") << fwd.bytes;
    from_tag = inv.from.substr(inv.from.find(";tag=") + 5);
  }

  // bob answers the forwarded INVITE; returns what the proxy sent.
  std::vector<Sent> callee_responds(int status, std::string_view reason, bool with_contact = true) {
    std::vector<std::pair<std::string, std::string>> extra;
    if (with_contact) extra.emplace_back("Contact", "<" + b.contact_uri() + ">");
    h.deliver(b, response_to(fwd.m(), status, reason, status > 100 ? bob_tag : "", extra));
    return h.take();
  }

  // The caller's ACK for a 2xx (a new transaction, RFC 3261 §13.2.2.4) along the route set.
  Request caller_in_dialog(std::string method, uint32_t cseq, std::string_view ruri) {
    Request r;
    r.method = std::move(method);
    r.ruri = std::string(ruri);
    r.vias = {h.via_of(a, h.next_branch())};
    r.routes = {"<sip:127.0.0.1:5060;lr>"};
    r.from = inv.from;
    r.to = inv.to + ";tag=" + bob_tag;
    r.call_id = inv.call_id;
    r.cseq = cseq;
    return r;
  }
  Request callee_in_dialog(std::string method, uint32_t cseq, std::string_view ruri) {
    Request r;
    r.method = std::move(method);
    r.ruri = std::string(ruri);
    r.vias = {h.via_of(b, h.next_branch())};
    r.routes = {"<sip:127.0.0.1:5060;lr>"};
    r.from = inv.to + ";tag=" + bob_tag;
    r.to = inv.from;
    r.call_id = inv.call_id;
    r.cseq = cseq;
    return r;
  }

  // Up to a confirmed dialog: INVITE, 180, 200 and the ACK (all checked by the call tests).
  void establish() {
    invite();
    ASSERT_EQ(callee_responds(180, "Ringing").size(), 1u);
    ASSERT_EQ(callee_responds(200, "OK").size(), 1u);
    h.deliver(a, caller_in_dialog("ACK", inv.cseq, kBobReal).str());
    ASSERT_EQ(h.take().size(), 1u);
  }

  std::optional<Dialog> dialog() { return h.dialogs.find(inv.call_id, from_tag); }

  static constexpr std::string_view kBobReal = "sip:bob@198.51.100.20:5080";      // NAT-fixed Contact of bob
  static constexpr std::string_view kAliceReal = "sip:alice@192.0.2.10:5062";     // NAT-fixed Contact of alice

  Harness h;
  Ua a = alice();
  Ua b = bob();
  Request inv;  // the authenticated INVITE alice sent
  Sent fwd;     // that INVITE as forwarded to bob
  std::string from_tag;
  std::string bob_tag = "bob-tag-1";
};

}  // namespace vg::proxy::test
