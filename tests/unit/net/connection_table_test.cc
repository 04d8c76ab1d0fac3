#include "net/connection_table.h"

#include <gtest/gtest.h>

#include "net_test_util.h"

namespace vg::net::test {
namespace {

TEST(ConnectionTableTest, IdsAreNonZeroUniqueAndNameTheirWorker) {
  ConnectionTable t(4, 10, 10);
  ConnectionId a = t.next_id(0), b = t.next_id(3), c = t.next_id(3);
  EXPECT_NE(a, 0u);
  EXPECT_NE(b, c);
  EXPECT_EQ(worker_of(a), 0u);
  EXPECT_EQ(worker_of(b), 3u);
  EXPECT_EQ(t.find(b), nullptr);
  EXPECT_EQ(t.find(ConnectionId{0xff}), nullptr);  // unknown worker shard
}

TEST(ConnectionTableTest, PerIpAndTotalAdmission) {
  ConnectionTable t(1, 3, 2);
  IpAddress a = ip("192.0.2.1"), b = ip("192.0.2.2");
  EXPECT_EQ(t.admit_inbound(a), Admission::kOk);
  EXPECT_EQ(t.admit_inbound(a), Admission::kOk);
  EXPECT_EQ(t.admit_inbound(a), Admission::kPerIp);
  EXPECT_EQ(t.admit_inbound(b), Admission::kOk);
  EXPECT_EQ(t.admit_inbound(b), Admission::kTooMany);  // total 3 reached
  EXPECT_FALSE(t.admit_outgoing());
  t.release(&a);
  EXPECT_TRUE(t.admit_outgoing());
  t.release(nullptr);
  EXPECT_EQ(t.admit_inbound(a), Admission::kOk);
  EXPECT_EQ(t.admit_inbound(a), Admission::kTooMany);
}

TEST(ConnectionTableTest, Ipv6CountsPerSlash64) {
  ConnectionTable t(1, 100, 2);
  EXPECT_EQ(t.admit_inbound(ip("2001:db8:1:2::1")), Admission::kOk);
  EXPECT_EQ(t.admit_inbound(ip("2001:db8:1:2:ffff::9")), Admission::kOk);
  EXPECT_EQ(t.admit_inbound(ip("2001:db8:1:2::3")), Admission::kPerIp);
  EXPECT_EQ(t.admit_inbound(ip("2001:db8:1:3::1")), Admission::kOk);  // another /64
  IpAddress first = ip("2001:db8:1:2::1");
  t.release(&first);
  EXPECT_EQ(t.admit_inbound(ip("2001:db8:1:2::7")), Admission::kOk);
}

TEST(ConnectionTableTest, ZeroPerIpMeansNoPerIpLimit) {
  ConnectionTable t(1, 100, 0);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(t.admit_inbound(ip("192.0.2.1")), Admission::kOk);
}

}  // namespace
}  // namespace vg::net::test
