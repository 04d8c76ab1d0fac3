// Hostile and broken input through ProxyCore::on_message: garbage is dropped and counted, broken
// requests get a 400 naming the problem (RFC 3261 §21.4.1), broken responses are dropped, and a few
// thousand mutated copies of valid messages (fixed seed) never crash the core.
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

#include "call_fixture.h"

namespace vg::proxy::test {
namespace {

class ProxyMalformed : public ::testing::Test {
 protected:
  Harness h;
  Ua a = alice();
};

TEST_F(ProxyMalformed, GarbageIsDroppedAndCounted) {
  const std::string inputs[] = {
      "hello world\r\n\r\n",
      std::string("\x00\x01\x02\xff\xfe", 5),
      "INVITE\r\n\r\n",
      "SIP/2.0 abc Nope\r\nVia: SIP/2.0/UDP 1.2.3.4\r\n\r\n",
      "\r\n\r\n",
      "",
  };
  for (const auto& in : inputs) h.deliver(a.source, in);
  EXPECT_TRUE(h.take().empty());
  EXPECT_EQ(h.proxy.stats().malformed_dropped, std::size(inputs));
  EXPECT_EQ(h.proxy.stats().malformed_rejected, 0u);
  EXPECT_EQ(h.proxy.stats().requests_in, 0u);
}

struct BadRequestCase {
  std::string name;
  std::string from_replace;  // header line of a valid REGISTER to replace...
  std::string to_replace;    // ...by this ("" removes it)
  std::string reason_word;   // the 400's reason phrase must name the problem
};

class ProxyBadRequest : public ProxyMalformed, public ::testing::WithParamInterface<BadRequestCase> {};

TEST_P(ProxyBadRequest, Gets400NamingTheProblem) {
  const auto& p = GetParam();
  std::string msg = h.register_request(a, {"<sip:alice@10.0.0.5:5062>"}).str();
  const auto pos = msg.find(p.from_replace);
  ASSERT_NE(pos, std::string::npos) << msg;
  const auto eol = msg.find("\r\n", pos);
  msg.replace(pos, eol + 2 - pos, p.to_replace.empty() ? "" : p.to_replace + "\r\n");
  h.deliver(a.source, msg);
  auto out = h.take_one();
  EXPECT_EQ(out.status(), 400) << out.bytes;
  EXPECT_EQ(out.to.destination, a.source);
  EXPECT_NE(out.m().reason().find(p.reason_word), std::string_view::npos) << out.m().reason();
  EXPECT_EQ(out.header("Call-ID"), p.from_replace == "Call-ID:" ? "" : "reg-alice@test");
  EXPECT_EQ(h.proxy.stats().malformed_rejected, 1u);
  EXPECT_EQ(h.location.size(), 0u);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ProxyBadRequest,
    ::testing::Values(BadRequestCase{"ViaWithoutHost", "Via:", "Via: SIP/2.0/UDP ;branch=z9hG4bK1", "Via"},
                      BadRequestCase{"ViaBadProtocol", "Via:", "Via: HTTP/1.1 10.0.0.5:5062;branch=z9hG4bK1", "Via"},
                      BadRequestCase{"FromUnclosed", "From:", "From: <sip:alice@example.com;tag=1", "From"},
                      BadRequestCase{"FromNotAUri", "From:", "From: <alice>;tag=1", "From"},
                      BadRequestCase{"ToBroken", "To:", "To: <sip:alice@exa mple.com>", "To"},
                      BadRequestCase{"CSeqNoNumber", "CSeq:", "CSeq: REGISTER", "CSeq"},
                      BadRequestCase{"CSeqMethodMismatch", "CSeq:", "CSeq: 1 INVITE", "CSeq"},
                      BadRequestCase{"NoCallId", "Call-ID:", "", "required header"},
                      BadRequestCase{"MaxForwardsText", "Max-Forwards:", "Max-Forwards: lots", "Max-Forwards"}),
    [](const auto& param_info) { return param_info.param.name; });

TEST_F(ProxyMalformed, BrokenAckIsDroppedWithoutAnswer) {
  Request ack = h.register_request(a, {});
  ack.method = "ACK";
  ack.from = "<broken";
  h.deliver(a.source, ack.str());
  EXPECT_TRUE(h.take().empty());
  EXPECT_EQ(h.proxy.stats().malformed_dropped, 1u);
}

TEST_F(ProxyMalformed, BrokenResponseIsDroppedAndCounted) {
  const std::string bad_cseq =
      "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKvg1\r\nFrom: <sip:a@example.com>;tag=1\r\n"
      "To: <sip:b@example.com>;tag=2\r\nCall-ID: x@y\r\nCSeq: many INVITE\r\nContent-Length: 0\r\n\r\n";
  h.deliver(a.source, bad_cseq);
  const std::string no_via =
      "SIP/2.0 180 Ringing\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>;tag=2\r\n"
      "Call-ID: x@y\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
  h.deliver(a.source, no_via);
  EXPECT_TRUE(h.take().empty());
  EXPECT_EQ(h.proxy.stats().responses_dropped, 2u);
}

TEST_F(ProxyMalformed, StrayResponseIsDropped) {
  const std::string stray =
      "SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKvg-unknown\r\n"
      "Via: SIP/2.0/UDP 10.0.0.5:5062;branch=z9hG4bK-x\r\nFrom: <sip:a@example.com>;tag=1\r\n"
      "To: <sip:b@example.com>;tag=2\r\nCall-ID: x@y\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
  h.deliver(a.source, stray);
  EXPECT_TRUE(h.take().empty());
  EXPECT_EQ(h.proxy.stats().responses_dropped, 1u);
}

TEST_F(ProxyMalformed, InviteWithoutFromTagDoesNotCrash) {
  Ua b = bob();
  h.register_ua(b);
  Request r = h.invite_request(a, "bob");
  r.from = "<sip:alice@example.com>";
  auto answer = h.send_authenticated(a, r);
  // RFC 2543 peers send no From tag; forwarding it or refusing it are both fine, crashing is not.
  EXPECT_TRUE(answer.status() == 100 || answer.status() == 400) << answer.bytes;
  h.run_for(1s);
}

// ---- mutation fuzzing -------------------------------------------------------------------------

class Mutator {
 public:
  explicit Mutator(uint32_t seed) : rng_(seed) {}

  std::string mutate(std::string s) {
    const int n = 1 + pick(4);
    for (int i = 0; i < n; ++i) one(s);
    return s;
  }

 private:
  int pick(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }
  size_t pos(const std::string& s) { return s.empty() ? 0 : rng_() % s.size(); }

  void one(std::string& s) {
    static const std::string kSpecial[] = {";", ",", "<", ">", "\"", ":", "@", " ", "\r\n", "\r\n ", "\t", "=",
                                           "%", "%0", "[", "]", "\\", "0", "4294967296", "-1", "sip:", "tag=",
                                           "branch=", "z9hG4bK", "*", "", std::string(1, '\0'), "\xff", "\r\n\r\n"};
    switch (pick(9)) {
      case 0:  // flip a byte
        if (!s.empty()) s[pos(s)] = static_cast<char>(rng_());
        break;
      case 1:  // insert a special token
        s.insert(pos(s), kSpecial[pick(std::size(kSpecial))]);
        break;
      case 2: {  // delete a range
        if (s.empty()) break;
        const size_t p = pos(s);
        s.erase(p, 1 + rng_() % 16);
        break;
      }
      case 3:  // truncate
        s.resize(pos(s));
        break;
      case 4: {  // duplicate a line
        const size_t p = s.find("\r\n", pos(s));
        if (p == std::string::npos) break;
        const size_t e = s.find("\r\n", p + 2);
        if (e == std::string::npos) break;
        s.insert(p + 2, s.substr(p + 2, e - p));
        break;
      }
      case 5: {  // drop a line
        const size_t p = s.find("\r\n", pos(s));
        if (p == std::string::npos) break;
        const size_t e = s.find("\r\n", p + 2);
        if (e == std::string::npos) break;
        s.erase(p + 2, e - p);
        break;
      }
      case 6: {  // replace a number by an extreme one
        const size_t p = s.find_first_of("0123456789", pos(s));
        if (p == std::string::npos) break;
        const size_t e = s.find_first_not_of("0123456789", p);
        static const char* kNumbers[] = {"0", "4294967295", "4294967296", "99999999999999999999", "65536", "70"};
        s.replace(p, (e == std::string::npos ? s.size() : e) - p, kNumbers[pick(std::size(kNumbers))]);
        break;
      }
      case 7: {  // swap the case of a run
        for (size_t p = pos(s), k = 0; p < s.size() && k < 8; ++p, ++k) {
          if (s[p] >= 'a' && s[p] <= 'z') s[p] = static_cast<char>(s[p] - 32);
        }
        break;
      }
      default: {  // repeat a chunk (long values)
        if (s.empty()) break;
        const size_t p = pos(s);
        const std::string chunk = s.substr(p, 1 + rng_() % 8);
        std::string rep;
        for (int k = 0; k < 1 + pick(200); ++k) rep += chunk;
        s.insert(p, rep);
        break;
      }
    }
  }

  std::mt19937 rng_;
};

class ProxyFuzz : public ProxyCall {};

TEST_F(ProxyFuzz, MutatedMessagesNeverCrash) {
  // Seeds: every kind of message of a call, captured as the parties and the proxy wrote them.
  std::vector<std::pair<Ua, std::string>> seeds;
  seeds.emplace_back(a, h.register_request(a, {"<sip:alice@10.0.0.5:5062>", "*"}, 300).str());
  seeds.emplace_back(a, h.invite_request(a, "bob").str());
  seeds.emplace_back(a, h.invite_request(a, "+441234").str());
  invite();
  seeds.emplace_back(a, inv.str());
  const std::string ringing = response_to(fwd.m(), 180, "Ringing", bob_tag, {{"Contact", "<" + b.contact_uri() + ">"}});
  const std::string ok = response_to(fwd.m(), 200, "OK", bob_tag, {{"Contact", "<" + b.contact_uri() + ">"}});
  const std::string busy = response_to(fwd.m(), 486, "Busy Here", bob_tag);
  seeds.emplace_back(b, ringing);
  seeds.emplace_back(b, ok);
  seeds.emplace_back(b, busy);
  Request cancel = inv;
  cancel.method = "CANCEL";
  cancel.body.clear();
  cancel.extra.clear();
  seeds.emplace_back(a, cancel.str());
  seeds.emplace_back(a, caller_in_dialog("ACK", inv.cseq, kBobReal).str());
  seeds.emplace_back(a, caller_in_dialog("BYE", inv.cseq + 1, kBobReal).str());
  seeds.emplace_back(b, callee_in_dialog("BYE", 1, kAliceReal).str());
  Request options;
  options.method = "OPTIONS";
  options.ruri = "sip:127.0.0.1:5060";
  options.vias = {h.via_of(a, "z9hG4bK-opt")};
  options.from = "<sip:alice@example.com>;tag=o";
  options.to = "<sip:127.0.0.1>";
  options.call_id = "opt@test";
  seeds.emplace_back(a, options.str());
  h.take();

  // Longer campaigns: VG_PROXY_FUZZ_ITERATIONS=200000 VG_PROXY_FUZZ_SEED=n ./unit_proxy --gtest_filter='*Fuzz*'
  const char* iterations_env = std::getenv("VG_PROXY_FUZZ_ITERATIONS");
  const char* seed_env = std::getenv("VG_PROXY_FUZZ_SEED");
  const long iterations = iterations_env ? std::atol(iterations_env) : 5000;
  const uint32_t seed = seed_env ? static_cast<uint32_t>(std::atol(seed_env)) : 20240601u;
  Mutator mutator(seed);
  std::mt19937 rng(seed ^ 42u);
  const Endpoint sources[] = {a.source, b.source, kPbx, kTrunk, ep("192.0.2.200:40000")};
  size_t sent = 0;
  for (long i = 0; i < iterations; ++i) {
    const auto& [ua, original] = seeds[rng() % seeds.size()];
    const std::string input = (i % 10 == 0) ? original : mutator.mutate(original);
    const Endpoint from = (rng() % 4 == 0) ? sources[rng() % std::size(sources)] : ua.source;
    const auto transport = rng() % 5 == 0 ? net::Transport::kTcp : net::Transport::kUdp;
    h.deliver(from, input, transport, transport == net::Transport::kTcp ? 7 : 0);
    if (i % 50 == 0) {
      h.clock.advance(std::chrono::milliseconds(rng() % 3000));
      h.tick();
    }
    for (const auto& s : h.take()) {
      ++sent;
      // Whatever we send must at least frame as SIP.
      EXPECT_TRUE(s.parsed()) << "iteration " << i << ", sent " << s.bytes.size() << " bytes after input:\n" << input << "\nsent:\n" << s.bytes;
    }
  }
  // Let every timer run out: state is bounded.
  for (int i = 0; i < 100; ++i) {
    h.clock.advance(5s);
    h.tick();
  }
  h.clock.advance_seconds(4000);
  h.tick();
  h.clock.advance_seconds(100);
  h.tick();
  h.take();
  EXPECT_GT(sent, 0u);
  EXPECT_EQ(h.txns.server_count(), 0u);
  EXPECT_EQ(h.txns.client_count(), 0u);
  EXPECT_EQ(h.dialogs.active_count(), 0u);
}

}  // namespace
}  // namespace vg::proxy::test
