// The relay end to end on loopback: SDP offer/answer through Relay::process, then real UDP packets
// between two "phones" (127.0.0.2 and 127.0.0.3) through voipguard's ports, and an injector on
// 127.0.0.9. Waits for packets with a deadline (no sleeps).
#include "media/relay.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "events/sink.h"
#include "media_test_util.h"
#include "sdp/parser.h"

namespace vg::media {
namespace {

class Udp {
 public:
  explicit Udp(const char* ip) {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    ::inet_pton(AF_INET, ip, &a.sin_addr);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
  }
  ~Udp() { ::close(fd_); }
  [[nodiscard]] uint16_t port() const { return port_; }
  void send_to(uint16_t port, const std::vector<uint8_t>& data) const {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    ::sendto(fd_, data.data(), data.size(), 0, reinterpret_cast<sockaddr*>(&a), sizeof a);
  }
  // Waits up to 2 s for one datagram; empty when none came.
  std::vector<uint8_t> receive(int timeout_ms = 2000) const {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return {};
    std::vector<uint8_t> buf(2048);
    auto n = ::recv(fd_, buf.data(), buf.size(), 0);
    buf.resize(n > 0 ? static_cast<size_t>(n) : 0);
    return buf;
  }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

std::string sdp_body(const char* ip, uint16_t port, const std::string& proto = "RTP/AVP",
                     const std::string& extra = "") {
  return "v=0\r\no=- 1 1 IN IP4 " + std::string(ip) + "\r\ns=-\r\nc=IN IP4 " + ip + "\r\nt=0 0\r\nm=audio " +
         std::to_string(port) + " " + proto + " 0\r\na=rtpmap:0 PCMU/8000\r\n" + extra;
}

uint16_t media_port(const std::string& body) {
  auto sd = sdp::parse(body);
  EXPECT_TRUE(sd);
  return sd->media()[0].port();
}

struct Fixture : ::testing::Test {
  SystemClock clock;
  events::RecordingSink events;
  RelayConfig cfg = [] {
    RelayConfig c;
    c.port_min = 42000;
    c.port_max = 42099;
    return c;
  }();
  Relay relay{cfg, clock, events};
  Fixture() { relay.start(); }

  SdpInput input(Side sender, SdpOrigin origin, const char* sip_ip,
                 std::array<LegMode, 2> modes = {LegMode::kMirror, LegMode::kMirror}) {
    SdpInput in;
    in.call_id = "call-1";
    in.from_tag = "ft";
    in.sender = sender;
    in.origin = origin;
    in.signalling_source = Endpoint{*IpAddress::parse(sip_ip), 5060};
    in.modes = modes;
    return in;
  }
};

using MediaRelay = Fixture;

TEST_F(MediaRelay, PlainCallFlowsThroughOurPortsAndPinholesDropInjection) {
  Udp a("127.0.0.2"), b("127.0.0.3"), attacker("127.0.0.9");
  auto offer = relay.process(input(Side::kCaller, SdpOrigin::kRequest, "127.0.0.2"), sdp_body("127.0.0.2", a.port()));
  ASSERT_TRUE(offer);
  EXPECT_NE(offer->find("c=IN IP4 127.0.0.1"), std::string::npos);
  const uint16_t port_for_b = media_port(*offer);
  auto answer = relay.process(input(Side::kCallee, SdpOrigin::kResponse, "127.0.0.3"), sdp_body("127.0.0.3", b.port()));
  ASSERT_TRUE(answer);
  const uint16_t port_for_a = media_port(*answer);
  EXPECT_NE(port_for_a, port_for_b);
  EXPECT_GE(port_for_a, 42000);

  auto pkt = test::rtp_packet(1, 160, 0x11);
  a.send_to(port_for_a, pkt);
  EXPECT_EQ(b.receive(), pkt);
  auto back = test::rtp_packet(9, 320, 0x22);
  b.send_to(port_for_b, back);
  EXPECT_EQ(a.receive(), back);

  // The attacker's packet to either port goes nowhere and is counted.
  attacker.send_to(port_for_a, test::rtp_packet(2, 320, 0x11));
  attacker.send_to(port_for_b, test::rtp_packet(10, 480, 0x22));
  a.send_to(port_for_a, test::rtp_packet(3, 480, 0x11));  // a marker that the relay processed the rest
  auto got = b.receive();
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got[3], 3);  // seq 3, not the attacker's 2
  EXPECT_TRUE(a.receive(200).empty());
  auto st = relay.call_stats("call-1", "ft");
  ASSERT_TRUE(st);
  EXPECT_EQ(st->legs[0].drops[static_cast<size_t>(Drop::kWrongSource)], 1u);
  EXPECT_EQ(st->legs[1].drops[static_cast<size_t>(Drop::kWrongSource)], 1u);
  EXPECT_EQ(st->legs[0].packets_in, 2u);
  EXPECT_EQ(events.count("media.rtp_injection"), 2u);

  const size_t before = relay.ports().available();
  ASSERT_TRUE(relay.end("call-1", "ft"));
  EXPECT_EQ(relay.ports().available(), before + 2);
  EXPECT_EQ(relay.session_count(), 0u);
}

TEST_F(MediaRelay, SrtpOutsidePlainInsideBridge) {
  Udp a("127.0.0.2"), b("127.0.0.3");
  const SrtpKey a_key = SrtpKey::generate(SrtpSuite::kAesCm128Sha1_80);
  const std::string crypto = "a=crypto:1 AES_CM_128_HMAC_SHA1_80 " + a_key.inline_param() + "\r\n";
  auto offer = relay.process(input(Side::kCaller, SdpOrigin::kRequest, "127.0.0.2", {LegMode::kSrtp, LegMode::kPlain}),
                             sdp_body("127.0.0.2", a.port(), "RTP/SAVP", crypto));
  ASSERT_TRUE(offer);
  EXPECT_NE(offer->find("RTP/AVP"), std::string::npos);
  EXPECT_EQ(offer->find("a=crypto"), std::string::npos);  // the inside gets plain RTP, no key
  auto answer = relay.process(input(Side::kCallee, SdpOrigin::kResponse, "127.0.0.3"), sdp_body("127.0.0.3", b.port()));
  ASSERT_TRUE(answer);
  EXPECT_NE(answer->find("RTP/SAVP"), std::string::npos);
  auto sd = sdp::parse(*answer);
  ASSERT_TRUE(sd);
  auto c = sd->media()[0].cryptos().first();
  ASSERT_TRUE(c);
  auto our_key = SrtpKey::from_crypto(*c);
  ASSERT_TRUE(our_key);
  EXPECT_NE(std::memcmp(our_key->data(), a_key.data(), a_key.size()), 0);  // our own key, not A's

  auto a_tx = SrtpContext::create(a_key, SrtpContext::Direction::kOutbound);
  auto a_rx = SrtpContext::create(*our_key, SrtpContext::Direction::kInbound);
  const uint16_t port_for_a = sd->media()[0].port(), port_for_b = media_port(*offer);
  auto plain = test::rtp_packet(5, 800, 0x77);
  std::vector<uint8_t> enc(plain.size() + SrtpContext::kMaxGrowth);
  std::memcpy(enc.data(), plain.data(), plain.size());
  enc.resize(*a_tx->protect_rtp(enc.data(), plain.size(), enc.size()));
  a.send_to(port_for_a, enc);
  EXPECT_EQ(b.receive(), plain);  // decrypted for the inside

  auto reply = test::rtp_packet(40, 6400, 0x88);
  b.send_to(port_for_b, reply);
  auto got = a.receive();
  ASSERT_GT(got.size(), reply.size());
  got.resize(got.size() + SrtpContext::kMaxGrowth);
  auto n = a_rx->unprotect_rtp(got.data(), got.size() - SrtpContext::kMaxGrowth);
  ASSERT_TRUE(n);
  got.resize(*n);
  EXPECT_EQ(got, reply);

  // Plain RTP, a tampered packet and a replay to the SRTP leg are dropped and counted.
  a.send_to(port_for_a, test::rtp_packet(6, 960, 0x77));
  auto tampered = test::rtp_packet(8, 1280, 0x77);
  std::vector<uint8_t> enc3(tampered.size() + SrtpContext::kMaxGrowth);
  std::memcpy(enc3.data(), tampered.data(), tampered.size());
  enc3.resize(*a_tx->protect_rtp(enc3.data(), tampered.size(), enc3.size()));
  enc3[20] ^= 0x01;  // one payload bit: the HMAC no longer matches
  a.send_to(port_for_a, enc3);
  a.send_to(port_for_a, enc);
  auto marker = test::rtp_packet(7, 1120, 0x77);
  std::vector<uint8_t> enc2(marker.size() + SrtpContext::kMaxGrowth);
  std::memcpy(enc2.data(), marker.data(), marker.size());
  enc2.resize(*a_tx->protect_rtp(enc2.data(), marker.size(), enc2.size()));
  a.send_to(port_for_a, enc2);
  EXPECT_EQ(b.receive(), marker);
  auto st = relay.call_stats("call-1", "ft");
  ASSERT_TRUE(st);
  EXPECT_EQ(st->legs[0].drops[static_cast<size_t>(Drop::kSrtpAuth)], 2u);  // plain + tampered
  EXPECT_EQ(st->legs[0].drops[static_cast<size_t>(Drop::kSrtpReplay)], 1u);
  EXPECT_TRUE(st->srtp[0]);
  EXPECT_FALSE(st->srtp[1]);
}

TEST_F(MediaRelay, RequireSrtpRefusesPlainOffersWithAnEvent) {
  auto offer = relay.process(input(Side::kCaller, SdpOrigin::kRequest, "127.0.0.2", {LegMode::kSrtp, LegMode::kMirror}),
                             sdp_body("127.0.0.2", 4000));
  ASSERT_FALSE(offer);
  EXPECT_EQ(offer.error(), MediaError::kSrtpRequired);
  EXPECT_EQ(events.count("media.srtp_required"), 1u);
}

TEST_F(MediaRelay, RewritesAwayIceAndRefusesDtlsOnlyOffers) {
  auto offer = relay.process(input(Side::kCaller, SdpOrigin::kRequest, "127.0.0.2"),
                             sdp_body("127.0.0.2", 4000, "RTP/AVP",
                                      "a=ice-ufrag:abcd\r\na=ice-pwd:0123456789012345678901\r\n"
                                      "a=candidate:1 1 UDP 2130706431 192.168.1.5 4000 typ host\r\n"));
  ASSERT_TRUE(offer);
  EXPECT_EQ(offer->find("candidate"), std::string::npos);
  EXPECT_EQ(offer->find("ice-"), std::string::npos);
  EXPECT_EQ(offer->find("192.168.1.5"), std::string::npos);
  EXPECT_TRUE(relay.end("call-1", "ft"));
  auto dtls = relay.process(input(Side::kCaller, SdpOrigin::kRequest, "127.0.0.2"),
                            sdp_body("127.0.0.2", 4000, "UDP/TLS/RTP/SAVP",
                                     "a=setup:actpass\r\n"));
  ASSERT_FALSE(dtls);
  EXPECT_EQ(dtls.error(), MediaError::kNotAcceptable);
}

TEST_F(MediaRelay, SilentAnsweredCallIsReportedInactiveOnce) {
  FakeClock fake;
  RelayConfig c = cfg;
  c.inactivity_timeout = std::chrono::seconds(30);
  Relay r(c, fake, events);  // not started: check_inactivity is called by hand
  SdpInput in = input(Side::kCaller, SdpOrigin::kRequest, "127.0.0.2");
  ASSERT_TRUE(r.process(in, sdp_body("127.0.0.2", 4000)));
  in.sender = Side::kCallee;
  in.origin = SdpOrigin::kResponse;
  ASSERT_TRUE(r.process(in, sdp_body("127.0.0.3", 4002)));
  fake.advance_seconds(29);
  r.check_inactivity();
  EXPECT_TRUE(r.take_inactive().empty());
  fake.advance_seconds(2);
  r.check_inactivity();
  auto gone = r.take_inactive();
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0].first, "call-1");
  r.check_inactivity();
  EXPECT_TRUE(r.take_inactive().empty());
}

TEST_F(MediaRelay, ReinviteKeepsPortsAndRelatchesToTheNewAddress) {
  Udp a("127.0.0.2"), b("127.0.0.3"), b2("127.0.0.4");
  auto offer = relay.process(input(Side::kCaller, SdpOrigin::kRequest, "127.0.0.2"), sdp_body("127.0.0.2", a.port()));
  auto answer = relay.process(input(Side::kCallee, SdpOrigin::kResponse, "127.0.0.3"), sdp_body("127.0.0.3", b.port()));
  ASSERT_TRUE(offer && answer);
  // Re-INVITE from the callee, now at 127.0.0.4 (e.g. a transfer to another device).
  auto reoffer = relay.process(input(Side::kCallee, SdpOrigin::kRequest, "127.0.0.4"), sdp_body("127.0.0.4", b2.port()));
  ASSERT_TRUE(reoffer);
  EXPECT_EQ(media_port(*reoffer), media_port(*answer));  // the caller keeps talking to the same port
  auto reanswer = relay.process(input(Side::kCaller, SdpOrigin::kResponse, "127.0.0.2"), sdp_body("127.0.0.2", a.port()));
  ASSERT_TRUE(reanswer);
  EXPECT_EQ(media_port(*reanswer), media_port(*offer));
  auto pkt = test::rtp_packet(1, 160, 0x11);
  a.send_to(media_port(*answer), pkt);
  EXPECT_EQ(b2.receive(), pkt);
  b.send_to(media_port(*offer), test::rtp_packet(2, 160, 0x22));  // the old device is shut out
  b2.send_to(media_port(*offer), pkt);
  EXPECT_EQ(a.receive(), pkt);
}

}  // namespace
}  // namespace vg::media
