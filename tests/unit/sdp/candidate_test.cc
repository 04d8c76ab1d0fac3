// a=candidate (RFC 8839 §5.1), table-driven.
#include "sdp/candidate.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vg::sdp {
namespace {

TEST(SdpCandidateTest, HostSrflxRelayTcp) {
  auto host = parse_candidate("1 1 UDP 2130706431 10.0.1.1 8998 typ host");
  ASSERT_TRUE(host);
  EXPECT_EQ(host->foundation, "1");
  EXPECT_EQ(host->component, 1);
  EXPECT_EQ(host->transport, "UDP");
  EXPECT_EQ(host->priority, 2130706431u);
  EXPECT_EQ(host->address, "10.0.1.1");
  EXPECT_EQ(host->port, 8998);
  EXPECT_EQ(host->type_name, "host");
  EXPECT_EQ(host->type, CandidateType::kHost);
  EXPECT_TRUE(host->related_address.empty());
  EXPECT_FALSE(host->related_port);
  EXPECT_TRUE(host->extensions.empty());

  auto srflx = parse_candidate("2 1 UDP 1694498815 192.0.2.3 45664 typ srflx raddr 10.0.1.1 rport 8998");
  ASSERT_TRUE(srflx);
  EXPECT_EQ(srflx->type, CandidateType::kSrflx);
  EXPECT_EQ(srflx->related_address, "10.0.1.1");
  EXPECT_EQ(srflx->related_port, 8998);

  auto relay = parse_candidate("a+/b 2 udp 16777215 2001:db8::9 3478 typ relay raddr 2001:db8::1 rport 5000 "
                               "generation 0 ufrag EsAw network-id 1");
  ASSERT_TRUE(relay);
  EXPECT_EQ(relay->foundation, "a+/b");
  EXPECT_EQ(relay->component, 2);
  EXPECT_EQ(relay->type, CandidateType::kRelay);
  EXPECT_EQ(relay->related_address, "2001:db8::1");
  EXPECT_EQ(relay->extensions, "generation 0 ufrag EsAw network-id 1");

  auto prflx = parse_candidate("3 1 UDP 1 192.0.2.4 1 typ prflx");
  ASSERT_TRUE(prflx);
  EXPECT_EQ(prflx->type, CandidateType::kPrflx);
  auto other = parse_candidate("3 1 UDP 1 192.0.2.4 1 typ x-new");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->type, CandidateType::kOther);
  EXPECT_EQ(other->type_name, "x-new");

  auto tcp = parse_candidate("4 1 TCP 1518280447 192.0.2.20 9 typ host tcptype active");
  ASSERT_TRUE(tcp);
  EXPECT_EQ(tcp->port, 9);
  EXPECT_EQ(tcp->extensions, "tcptype active");

  auto mdns = parse_candidate("5 1 udp 2113937151 3d2a6f6c-1c1b.local 50001 typ host");
  ASSERT_TRUE(mdns);
  EXPECT_EQ(mdns->address, "3d2a6f6c-1c1b.local");
  EXPECT_TRUE(parse_candidate("6 1 UDP 1 192.0.2.4 1 typ host raddr 0.0.0.0"));  // raddr without rport
  EXPECT_TRUE(parse_candidate("6 1 UDP 1 192.0.2.4 1 typ host  "));             // trailing white space
  EXPECT_TRUE(parse_candidate("6 256 UDP 4294967295 192.0.2.4 65535 typ host"));
}

TEST(SdpCandidateTest, Rejects) {
  const std::vector<std::string> bad = {
      "",
      "1",
      "1 1 UDP 2130706431 10.0.1.1 8998",
      "1 1 UDP 2130706431 10.0.1.1 8998 typ",
      "1 1 UDP 2130706431 10.0.1.1 8998 type host",
      "1 1 UDP 2130706431 10.0.1.1 99999 typ host",
      "1 0 UDP 2130706431 10.0.1.1 8998 typ host",            // component 1..256
      "1 257 UDP 2130706431 10.0.1.1 8998 typ host",
      "1 1 UDP 4294967296 10.0.1.1 8998 typ host",            // priority fits 32 bits
      "1 1 UDP -5 10.0.1.1 8998 typ host",
      "f-o 1 UDP 1 10.0.1.1 8998 typ host",                   // foundation is ice-chars
      std::string(33, 'f') + " 1 UDP 1 10.0.1.1 8998 typ host",  // at most 32 of them
      "1 1 UDP 1 10.0.1.1 8998 typ host raddr",
      "1 1 UDP 1 10.0.1.1 8998 typ host rport x",
      "1 1 UDP 1 10.0.1.1 8998 typ host rport 70000",
      "1 1 UDP 1 10.0.1.1 8998 typ host generation",
      "1 1 UDP 1 10.0.1.1 8998 typ host generation 0 x",
      "1  1 UDP 1 10.0.1.1 8998 typ host",
      "1 1 U(P 1 10.0.1.1 8998 typ host",
      "1 1 UDP 1 10.0.1.1 8998 typ host generation \x01",
  };
  for (const std::string& v : bad) {
    auto r = parse_candidate(v);
    ASSERT_FALSE(r) << v;
    EXPECT_EQ(r.error(), Error::kBadCandidate) << v;
  }
}

}  // namespace
}  // namespace vg::sdp
