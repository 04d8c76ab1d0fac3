// Session::on_packet without sockets: latching and pinholes for plain and SRTP legs.
#include "media/session.h"

#include <gtest/gtest.h>

#include <cstring>

#include "media_test_util.h"

namespace vg::media {
namespace {

Endpoint ep(const char* ip, uint16_t port) { return Endpoint{*IpAddress::parse(ip), port}; }

struct MediaSession : ::testing::Test {
  Session s;
  MediaSession() {
    std::lock_guard lock(s.mutex());
    s.streams().resize(1);
    for (auto& leg : s.streams()[0].legs) {
      leg.fds[0] = 100;  // never used for I/O here: on_packet only names the socket to send from
      leg.fds[1] = 101;
    }
    LegRemote a;
    a.rtp = ep("10.0.0.2", 4000);
    a.latch_from = {a.rtp->address, *IpAddress::parse("198.51.100.7")};  // SDP and SIP source
    Session::set_remote(s.streams()[0].legs[0], a);
    LegRemote b;
    b.rtp = ep("10.0.0.3", 5000);
    b.latch_from = {b.rtp->address};
    Session::set_remote(s.streams()[0].legs[1], b);
  }
  std::optional<Forward> send(Side side, const Endpoint& from, std::vector<uint8_t> pkt, Drop* why = nullptr) {
    pkt.resize(pkt.size() + SrtpContext::kMaxGrowth);
    return s.on_packet(0, side, Socket::kRtp, pkt.data(), pkt.size() - SrtpContext::kMaxGrowth, pkt.size(), from, 1,
                       why);
  }
};

TEST_F(MediaSession, PlainLegLatchesOnlyOnSignalledAddressesThenOnlyOnTheLatchedOne) {
  Drop why = Drop::kCount;
  EXPECT_FALSE(send(Side::kCaller, ep("203.0.113.9", 4000), test::rtp_packet(1, 0, 1), &why));
  EXPECT_EQ(why, Drop::kWrongSource);
  // The NAT's public address (where the SIP came from) latches, on whatever port.
  auto f = send(Side::kCaller, ep("198.51.100.7", 61000), test::rtp_packet(2, 160, 1));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->to, ep("10.0.0.3", 5000));  // the callee's SDP address until it latches
  EXPECT_EQ(f->fd, 100);                   // sent from the callee leg's socket
  // Now even the SDP address is shut out: one source per socket.
  EXPECT_FALSE(send(Side::kCaller, ep("10.0.0.2", 4000), test::rtp_packet(3, 320, 1), &why));
  EXPECT_EQ(why, Drop::kWrongSource);
  // The callee latches; the caller's packets follow it.
  ASSERT_TRUE(send(Side::kCallee, ep("10.0.0.3", 5002), test::rtp_packet(9, 0, 2)));
  auto g = send(Side::kCaller, ep("198.51.100.7", 61000), test::rtp_packet(4, 480, 1));
  ASSERT_TRUE(g);
  EXPECT_EQ(g->to, ep("10.0.0.3", 5002));
}

TEST_F(MediaSession, SrtpLegLatchesOnTheFirstAuthenticatedPacketFromAnywhere) {
  const SrtpKey key = SrtpKey::generate(SrtpSuite::kAeadAes128Gcm);
  {
    std::lock_guard lock(s.mutex());
    ASSERT_TRUE(Session::set_keys(s.streams()[0].legs[0], key, std::nullopt));
  }
  auto tx = SrtpContext::create(key, SrtpContext::Direction::kOutbound);
  auto enc = [&](uint16_t seq) {
    auto p = test::rtp_packet(seq, seq * 160u, 7);
    const size_t n = p.size();
    p.resize(n + SrtpContext::kMaxGrowth);
    p.resize(*tx->protect_rtp(p.data(), n, p.size()));
    return p;
  };
  Drop why = Drop::kCount;
  // A forger anywhere (plain RTP, or garbage under SRTP) neither passes nor latches.
  EXPECT_FALSE(send(Side::kCaller, ep("203.0.113.9", 4000), test::rtp_packet(1, 0, 7), &why));
  EXPECT_EQ(why, Drop::kSrtpAuth);
  // The real phone behind an unexpected NAT address authenticates and latches.
  ASSERT_TRUE(send(Side::kCaller, ep("192.0.2.44", 30000), enc(2)));
  // After that, even valid packets from elsewhere are refused before any crypto work.
  EXPECT_FALSE(send(Side::kCaller, ep("203.0.113.9", 4000), enc(3), &why));
  EXPECT_EQ(why, Drop::kWrongSource);
  ASSERT_TRUE(send(Side::kCaller, ep("192.0.2.44", 30000), enc(4)));
  auto c = s.counters();
  EXPECT_EQ(c[0].packets_in, 2u);
  EXPECT_EQ(c[0].drops[static_cast<size_t>(Drop::kSrtpAuth)], 1u);
  EXPECT_EQ(c[0].drops[static_cast<size_t>(Drop::kWrongSource)], 1u);
}

TEST_F(MediaSession, NoDestinationUntilTheOtherSideIsKnown) {
  {
    std::lock_guard lock(s.mutex());
    Session::set_remote(s.streams()[0].legs[1], LegRemote{});
  }
  Drop why = Drop::kCount;
  EXPECT_FALSE(send(Side::kCaller, ep("10.0.0.2", 4000), test::rtp_packet(1, 0, 1), &why));
  EXPECT_EQ(why, Drop::kNoDestination);
}

}  // namespace
}  // namespace vg::media
