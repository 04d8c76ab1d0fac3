#include <sys/socket.h>

#include "net_fixture.h"

namespace vg::net::test {
namespace {

using ServerTest = NetFixture;

TEST_F(ServerTest, BindsEphemeralPortsAndReportsThem) {
  ASSERT_TRUE(start({udp(), tcp(), udp("::1"), tcp("::1")}));
  auto eps = server_->bound_endpoints();
  ASSERT_EQ(eps.size(), 4u);
  for (const auto& e : eps) EXPECT_NE(e.port, 0) << e.to_string();
  EXPECT_EQ(eps[0].address, ip("127.0.0.1"));
  EXPECT_EQ(eps[3].address, ip("::1"));
}

TEST_F(ServerTest, UdpPortInUseIsAClearError) {
  UdpPeer holder;  // a plain socket holding the port
  Server s(small_config(), {{"sip", Transport::kUdp, holder.local()}}, handler_, clock_);
  auto r = s.start();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), "udp4 " + holder.local().to_string() + ": Address already in use");
}

TEST_F(ServerTest, UdpPortHeldByAnotherServerIsAClearError) {
  ASSERT_TRUE(start({udp()}));
  // Both would be SO_REUSEPORT groups of the same user; the probe still refuses to share.
  RecordingHandler other;
  Server s(small_config(), {{"sip", Transport::kUdp, bound(0)}}, other, clock_);
  auto r = s.start();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), "udp4 " + bound(0).to_string() + ": Address already in use");
}

TEST_F(ServerTest, TcpPortInUseIsAClearError) {
  TcpTestListener holder;
  Server s(small_config(), {{"sip", Transport::kTcp, holder.local()}}, handler_, clock_);
  auto r = s.start();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), "tcp4 " + holder.local().to_string() + ": Address already in use");
}

TEST_F(ServerTest, TlsListenerNeedsACertificate) {
  Server s(small_config(), {{"tls", Transport::kTls, ep("127.0.0.1", 0)}}, handler_, clock_);
  auto r = s.start();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), "tls4 127.0.0.1:0: no TLS certificate configured");
}

TEST_F(ServerTest, StartTwiceFails) {
  ASSERT_TRUE(start({udp()}));
  EXPECT_FALSE(server_->start().has_value());
}

TEST_F(ServerTest, StopWithoutStartAndRepeatedStop) {
  Server s(small_config(), {udp()}, handler_, clock_);
  s.stop();
  s.stop();
  ASSERT_TRUE(start({udp()}));
  server_->stop();
  server_->stop();
  // The UDP port is released: it can be bound again.
  Server again(small_config(), {{"sip", Transport::kUdp, bound(0)}}, handler_, clock_);
  EXPECT_TRUE(again.start().has_value());
}

TEST_F(ServerTest, TicksArriveOnSchedule) {
  NetConfig config = small_config();
  config.tick_interval = std::chrono::milliseconds(5);
  ASSERT_TRUE(start({udp()}, config));
  EXPECT_TRUE(eventually([&] { return handler_.ticks.load() >= 5; }));
}

TEST_F(ServerTest, NoListenersIsValid) {
  ASSERT_TRUE(start({}));
  EXPECT_TRUE(server_->bound_endpoints().empty());
  EXPECT_EQ(server_->sender().send(Outbound{Transport::kUdp, ep("127.0.0.1", 9), 0, SIZE_MAX}, "x"),
            SendError::kNoRoute);
  EXPECT_EQ(server_->sender().send(Outbound{Transport::kTcp, ep("127.0.0.1", 9), 0, SIZE_MAX}, "x"),
            SendError::kNoRoute);
}

TEST(TransportNamesTest, Names) {
  EXPECT_EQ(transport_name(Transport::kUdp), "UDP");
  EXPECT_EQ(transport_name(Transport::kTcp), "TCP");
  EXPECT_EQ(transport_name(Transport::kTls), "TLS");
  EXPECT_EQ(drop_reason_name(DropReason::kHeaderTimeout), "header_timeout");
  EXPECT_EQ(drop_reason_name(DropReason::kHandlerException), "handler_exception");
  EXPECT_EQ(describe(SendError::kQueueFull), "queue full");
}

}  // namespace
}  // namespace vg::net::test
