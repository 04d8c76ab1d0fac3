#include "geo/range_table.h"

#include <gtest/gtest.h>

namespace vg::geo {
namespace {

IpAddress ip(const char* s) { return *IpAddress::parse(s); }

RangeTable build(RangeTableBuilder& b) {
  auto t = b.build();
  EXPECT_TRUE(t.has_value());
  return t ? std::move(*t) : RangeTable{};
}

TEST(GeoRangeTable, EmptyTableAnswersZero) {
  RangeTable t;
  EXPECT_EQ(t.lookup(ip("1.2.3.4")), 0);
  EXPECT_EQ(t.lookup(ip("2001:db8::1")), 0);
  EXPECT_TRUE(t.empty());
}

TEST(GeoRangeTable, BoundariesAndGaps) {
  RangeTableBuilder b(RangeTableBuilder::Overlap::kReject);
  b.add(ip("10.0.0.0"), ip("10.0.0.255"), 7);
  b.add(ip("10.0.2.0"), ip("10.0.2.255"), 9);
  auto t = build(b);
  struct Case {
    const char* address;
    uint16_t want;
  } cases[] = {
      {"0.0.0.0", 0},     {"9.255.255.255", 0}, {"10.0.0.0", 7},  {"10.0.0.128", 7}, {"10.0.0.255", 7},
      {"10.0.1.0", 0},    {"10.0.1.255", 0},    {"10.0.2.0", 9},  {"10.0.2.255", 9}, {"10.0.3.0", 0},
      {"255.255.255.255", 0}, {"::a00:1", 0},  // the IPv6 table is separate
  };
  for (const auto& c : cases) EXPECT_EQ(t.lookup(ip(c.address)), c.want) << c.address;
}

TEST(GeoRangeTable, AdjacentRangesWithTheSameValueMerge) {
  RangeTableBuilder b(RangeTableBuilder::Overlap::kReject);
  b.add(ip("1.0.0.0"), ip("1.0.0.255"), 3);
  b.add(ip("1.0.1.0"), ip("1.0.1.255"), 3);
  b.add(ip("1.0.2.0"), ip("1.0.2.255"), 4);
  auto t = build(b);
  // gap from 0, one merged entry, one more, trailing gap
  EXPECT_EQ(t.v4_entries(), 4u);
  EXPECT_EQ(t.lookup(ip("1.0.1.7")), 3);
  EXPECT_EQ(t.lookup(ip("1.0.2.7")), 4);
}

TEST(GeoRangeTable, FullRangeAndExtremes) {
  RangeTableBuilder b(RangeTableBuilder::Overlap::kReject);
  b.add(ip("0.0.0.0"), ip("255.255.255.255"), 5);
  b.add(ip("::"), ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), 6);
  auto t = build(b);
  EXPECT_EQ(t.v4_entries(), 1u);
  EXPECT_EQ(t.v6_entries(), 1u);
  EXPECT_EQ(t.lookup(ip("0.0.0.0")), 5);
  EXPECT_EQ(t.lookup(ip("255.255.255.255")), 5);
  EXPECT_EQ(t.lookup(ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")), 6);
  EXPECT_EQ(t.lookup(ip("::")), 6);
}

TEST(GeoRangeTable, Ipv6RangesCrossing64BitBoundary) {
  RangeTableBuilder b(RangeTableBuilder::Overlap::kReject);
  b.add(ip("2001:db8::ffff:ffff:ffff:ff00"), ip("2001:db8:0:1::ff"), 2);
  b.add(ip("2001:db8:1::"), ip("2001:db8:1:ffff:ffff:ffff:ffff:ffff"), 8);
  auto t = build(b);
  EXPECT_EQ(t.lookup(ip("2001:db8::ffff:ffff:ffff:feff")), 0);
  EXPECT_EQ(t.lookup(ip("2001:db8::ffff:ffff:ffff:ffff")), 2);
  EXPECT_EQ(t.lookup(ip("2001:db8:0:1::")), 2);
  EXPECT_EQ(t.lookup(ip("2001:db8:0:1::100")), 0);
  EXPECT_EQ(t.lookup(ip("2001:db8:1:5::1")), 8);
  EXPECT_EQ(t.lookup(ip("2001:db8:2::")), 0);
}

TEST(GeoRangeTable, RejectModeReportsBothLinesOfAnOverlap) {
  RangeTableBuilder b(RangeTableBuilder::Overlap::kReject);
  b.add(ip("1.0.0.0"), ip("1.0.0.255"), 3, 10);
  b.add(ip("1.0.0.128"), ip("1.0.1.0"), 4, 11);
  auto t = b.build();
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().kind, RangeError::Kind::kOverlap);
  EXPECT_EQ(t.error().line, 11u);
  EXPECT_EQ(t.error().other_line, 10u);
}

TEST(GeoRangeTable, ReversedAndMixedRangesAreErrors) {
  RangeTableBuilder b(RangeTableBuilder::Overlap::kUnion);
  b.add(ip("1.0.0.9"), ip("1.0.0.1"), 1, 3);
  ASSERT_FALSE(b.build());
  RangeTableBuilder m(RangeTableBuilder::Overlap::kUnion);
  m.add(ip("1.0.0.1"), ip("::1"), 1, 4);
  auto r = m.build();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, RangeError::Kind::kMixedFamilies);
  EXPECT_EQ(r.error().line, 4u);
}

TEST(GeoRangeTable, UnionModeMergesNestedAndOverlappingCidrs) {
  RangeTableBuilder b(RangeTableBuilder::Overlap::kUnion);
  b.add(*Cidr::parse("192.0.2.0/24"), 1);
  b.add(*Cidr::parse("192.0.2.77"), 1);       // nested host
  b.add(*Cidr::parse("192.0.2.128/23"), 1);   // 192.0.2.0/23 after masking: overlaps and extends
  b.add(*Cidr::parse("198.51.100.0/30"), 1);
  b.add(*Cidr::parse("2001:db8::/64"), 1);
  b.add(*Cidr::parse("2001:db8::5/128"), 1);
  auto t = build(b);
  EXPECT_EQ(t.lookup(ip("192.0.2.77")), 1);
  EXPECT_EQ(t.lookup(ip("192.0.3.255")), 1);
  EXPECT_EQ(t.lookup(ip("192.0.4.0")), 0);
  EXPECT_EQ(t.lookup(ip("198.51.100.3")), 1);
  EXPECT_EQ(t.lookup(ip("198.51.100.4")), 0);
  EXPECT_EQ(t.lookup(ip("2001:db8::ffff")), 1);
  EXPECT_EQ(t.lookup(ip("2001:db8:0:1::")), 0);
  EXPECT_EQ(t.v6_entries(), 3u);  // gap, the /64, gap
}

TEST(GeoRangeTable, MemoryIsAccounted) {
  RangeTableBuilder b(RangeTableBuilder::Overlap::kReject);
  for (uint32_t i = 0; i < 1000; ++i) b.add(IpAddress::v4(i * 512), IpAddress::v4(i * 512 + 255), static_cast<uint16_t>(1 + i % 2));
  auto t = build(b);
  EXPECT_EQ(t.v4_entries(), 2000u);
  EXPECT_GE(t.memory_bytes(), 2000u * 6);
  EXPECT_LT(t.memory_bytes(), 2000u * 8);
}

}  // namespace
}  // namespace vg::geo
