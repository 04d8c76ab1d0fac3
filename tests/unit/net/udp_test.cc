#include <set>

#include "net_fixture.h"

namespace vg::net::test {
namespace {

using UdpTest = NetFixture;

TEST_F(UdpTest, EchoOneDatagram) {
  ASSERT_TRUE(start({tcp(), udp()}));
  UdpPeer peer("127.0.0.2");
  std::string msg = sip_message("one");
  ASSERT_TRUE(peer.send_to(bound(1), msg));
  Endpoint from;
  auto reply = peer.receive(kDeadline, &from);
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(*reply, msg);
  EXPECT_EQ(from, bound(1));  // answered from the listener's address and port

  auto got = handler_.messages();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].data, msg);
  EXPECT_EQ(got[0].source, peer.local());
  EXPECT_EQ(got[0].local, bound(1));
  EXPECT_EQ(got[0].transport, Transport::kUdp);
  EXPECT_EQ(got[0].connection, 0u);
  EXPECT_EQ(got[0].listener, 1u);
  EXPECT_TRUE(eventually([&] { return stats().of(Transport::kUdp).messages_out.load() == 1; }));
  EXPECT_EQ(stats().of(Transport::kUdp).messages_in.load(), 1u);
  EXPECT_EQ(stats().of(Transport::kUdp).bytes_in.load(), msg.size());
}

TEST_F(UdpTest, BurstFromSeveralSourcesIsAllDeliveredAndAnswered) {
  ASSERT_TRUE(start({udp()}));
  constexpr int kPerPeer = 1000;
  const char* sources[] = {"127.0.0.1", "127.0.0.2", "127.0.0.3"};
  std::vector<std::unique_ptr<UdpPeer>> peers;
  for (const char* s : sources) peers.push_back(std::make_unique<UdpPeer>(s));
  // Every peer sends its whole burst before reading anything.
  for (size_t p = 0; p < peers.size(); ++p) {
    for (int i = 0; i < kPerPeer; ++i) {
      ASSERT_TRUE(peers[p]->send_to(bound(0), sip_message(std::to_string(p) + "-" + std::to_string(i))));
    }
  }
  for (size_t p = 0; p < peers.size(); ++p) {
    std::set<std::string> replies;
    while (replies.size() < kPerPeer) {
      auto r = peers[p]->receive();
      ASSERT_TRUE(r.has_value()) << "peer " << p << " got " << replies.size();
      replies.insert(*r);
    }
    EXPECT_EQ(replies.count(sip_message(std::to_string(p) + "-0")), 1u);
    EXPECT_EQ(replies.count(sip_message(std::to_string(p) + "-999")), 1u);
  }
  EXPECT_EQ(handler_.count(), peers.size() * kPerPeer);
  EXPECT_EQ(handler_.send_failures.load(), 0);
  EXPECT_EQ(stats().of(Transport::kUdp).messages_in.load(), peers.size() * kPerPeer);
  EXPECT_EQ(stats().of(Transport::kUdp).messages_out.load(), peers.size() * kPerPeer);
}

TEST_F(UdpTest, Ipv6Loopback) {
  ASSERT_TRUE(start({udp("::1")}));
  EXPECT_FALSE(bound(0).is_v4());
  EXPECT_NE(bound(0).port, 0);
  UdpPeer peer("::1");
  ASSERT_TRUE(peer.send_to(bound(0), sip_message("v6")));
  auto reply = peer.receive();
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(*reply, sip_message("v6"));
  EXPECT_EQ(handler_.messages().at(0).source.to_string(), "[::1]:" + std::to_string(peer.local().port));
}

TEST_F(UdpTest, OversizeDatagramIsDroppedAndCounted) {
  NetConfig config = small_config();
  config.limits.max_message_size = 1000;
  ASSERT_TRUE(start({udp()}, config));
  UdpPeer peer;
  ASSERT_TRUE(peer.send_to(bound(0), std::string(1500, 'x')));
  ASSERT_TRUE(peer.send_to(bound(0), std::string(1000, 'y')));  // exactly the limit passes
  ASSERT_TRUE(handler_.wait_for(1));
  EXPECT_EQ(handler_.messages()[0].data, std::string(1000, 'y'));
  EXPECT_TRUE(eventually([&] { return stats().drops(DropReason::kUdpTruncated) == 1; }));
}

TEST_F(UdpTest, KeepalivesAndEmptyDatagramsAreNotDelivered) {
  ASSERT_TRUE(start({udp()}));
  UdpPeer peer;
  ASSERT_TRUE(peer.send_to(bound(0), "\r\n\r\n"));
  ASSERT_TRUE(peer.send_to(bound(0), ""));
  ASSERT_TRUE(peer.send_to(bound(0), sip_message("after")));
  ASSERT_TRUE(handler_.wait_for(1));
  EXPECT_TRUE(eventually([&] { return stats().drops(DropReason::kEmptyDatagram) == 1; }));
  EXPECT_EQ(stats().keepalives_in.load(), 1u);
  EXPECT_EQ(handler_.count(), 1u);
}

TEST_F(UdpTest, SendErrorsAreValues) {
  ASSERT_TRUE(start({udp()}));
  Sender& s = server_->sender();
  Outbound to;
  to.destination = ep("::1", 5060);
  EXPECT_EQ(s.send(to, "x"), SendError::kNoRoute);  // no IPv6 UDP listener
  to.destination = ep("127.0.0.1", 0);
  EXPECT_EQ(s.send(to, "x"), SendError::kNoRoute);
  to.destination = ep("127.0.0.1", 9);
  EXPECT_EQ(s.send(to, std::string(70000, 'x')), SendError::kTooLarge);
  to.transport = Transport::kTls;
  EXPECT_EQ(s.send(to, "x"), SendError::kNoRoute);
  EXPECT_EQ(stats().send_errors(SendError::kNoRoute), 3u);
  EXPECT_EQ(stats().send_errors(SendError::kTooLarge), 1u);
}

TEST_F(UdpTest, SendFromAnotherThreadAndFromAChosenListener) {
  ASSERT_TRUE(start({udp(), udp("127.0.0.4")}));
  UdpPeer peer;
  Outbound to;
  to.destination = peer.local();
  std::thread t([&] { EXPECT_EQ(server_->sender().send(to, "from a thread"), SendError::kNone); });
  t.join();
  Endpoint from;
  auto r = peer.receive(kDeadline, &from);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, "from a thread");
  EXPECT_EQ(from, bound(0));  // SIZE_MAX: the first UDP listener of the family

  to.listener = 1;
  EXPECT_EQ(server_->sender().send(to, "second"), SendError::kNone);
  r = peer.receive(kDeadline, &from);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(from, bound(1));
}

TEST_F(UdpTest, HandlerExceptionIsCountedAndTheWorkerSurvives) {
  ASSERT_TRUE(start({udp()}));
  UdpPeer peer;
  handler_.throw_on_message = true;
  ASSERT_TRUE(peer.send_to(bound(0), sip_message("boom")));
  ASSERT_TRUE(eventually([&] { return stats().drops(DropReason::kHandlerException) == 1; }));
  handler_.throw_on_message = false;
  ASSERT_TRUE(peer.send_to(bound(0), sip_message("fine")));
  auto r = peer.receive();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, sip_message("fine"));
}


// While lightly loaded, worker 0 serves every worker's UDP sockets (a call whose legs land on two
// workers would wake both); a busy worker 0 hands each worker its own back; quiet again, they return.
TEST_F(UdpTest, WorkerZeroGathersUdpSocketsWhileLightlyLoadedAndSpreadsThemWhenBusy) {
  ASSERT_TRUE(start({udp(), udp()}));
  EXPECT_TRUE(eventually([&] { return server_->udp_sockets_served() == std::vector<size_t>{4, 0}; }));
  // Every socket of the REUSEPORT groups is still read: datagrams from many sources all arrive.
  std::vector<std::unique_ptr<UdpPeer>> peers;
  for (int i = 2; i < 10; ++i) peers.push_back(std::make_unique<UdpPeer>(("127.0.0." + std::to_string(i)).c_str()));
  for (size_t p = 0; p < peers.size(); ++p) {
    ASSERT_TRUE(peers[p]->send_to(bound(p % 2), sip_message("gathered-" + std::to_string(p))));
    ASSERT_TRUE(peers[p]->receive().has_value()) << p;
  }

  // Each message now takes 2 ms: worker 0 is busy, so each worker takes its own sockets back.
  handler_.delay_us = 2000;
  auto busy_until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  bool spread = false;
  for (int i = 0; std::chrono::steady_clock::now() < busy_until && !spread; ++i) {
    for (auto& peer : peers) ASSERT_TRUE(peer->send_to(bound(static_cast<size_t>(i) % 2), sip_message("busy")));
    for (auto& peer : peers) (void)peer->receive();
    spread = server_->udp_sockets_served() == std::vector<size_t>{2, 2};
  }
  EXPECT_TRUE(spread);
  // Spread, replies still flow.
  ASSERT_TRUE(peers[0]->send_to(bound(0), sip_message("spread")));
  EXPECT_TRUE(peers[0]->receive().has_value());

  // Quiet for a few windows: worker 0 gathers them again.
  handler_.delay_us = 0;
  EXPECT_TRUE(eventually([&] { return server_->udp_sockets_served() == std::vector<size_t>{4, 0}; },
                         std::chrono::seconds(10)));
  ASSERT_TRUE(peers[1]->send_to(bound(1), sip_message("gathered again")));
  EXPECT_TRUE(peers[1]->receive().has_value());
}

TEST_F(UdpTest, WithoutConsolidationEachWorkerServesItsOwn) {
  NetConfig c = small_config();
  c.udp_consolidation = false;
  ASSERT_TRUE(start({udp()}, c));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // several ticks
  EXPECT_EQ(server_->udp_sockets_served(), (std::vector<size_t>{1, 1}));
}

}  // namespace
}  // namespace vg::net::test
