#include "media/port_pool.h"

#include <gtest/gtest.h>

#include <set>

namespace vg::media {
namespace {

TEST(MediaPortPool, HandsOutEvenPortsOfTheRangeOnce) {
  PortPool pool(30001, 30010);  // odd start rounds up: 30002..30010 → 30002, 30004, 30006, 30008
  EXPECT_EQ(pool.capacity(), 4u);
  std::set<uint16_t> seen;
  for (int i = 0; i < 4; ++i) {
    auto p = pool.allocate();
    ASSERT_TRUE(p);
    EXPECT_EQ(*p % 2, 0);
    EXPECT_GE(*p, 30002);
    EXPECT_LE(*p + 1, 30010);  // the RTCP port is in range too
    EXPECT_TRUE(seen.insert(*p).second);
  }
  EXPECT_FALSE(pool.allocate());
}

TEST(MediaPortPool, ReleasedPortsGoToTheBackOfTheQueue) {
  PortPool pool(40000, 40005);
  auto a = pool.allocate(), b = pool.allocate();
  pool.release(*a);
  EXPECT_EQ(*pool.allocate(), 40004);  // not a again right away
  EXPECT_EQ(*pool.allocate(), *a);
  EXPECT_FALSE(pool.allocate());
  (void)b;
}

TEST(MediaPortPool, IgnoresForeignAndDoubleReleases) {
  PortPool pool(50000, 50003);
  auto a = pool.allocate();
  pool.release(*a);
  pool.release(*a);      // double
  pool.release(50001);   // odd
  pool.release(40000);   // outside
  EXPECT_EQ(pool.available(), 2u);
}

TEST(MediaPortPool, EmptyRangeIsExhausted) {
  PortPool pool(50000, 50000);
  EXPECT_EQ(pool.capacity(), 0u);
  EXPECT_FALSE(pool.allocate());
}

}  // namespace
}  // namespace vg::media
