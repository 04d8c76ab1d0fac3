// Time zones, schedules, rate tables and bounded counters under the fraud policy.
#include "fraud/policy.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "fraud/counters.h"

namespace vg::fraud {
namespace {

TEST(FraudTimeZone, FixedOffsets) {
  const struct {
    const char* name;
    int32_t offset;
  } ok[] = {{"UTC", 0}, {"UTC+02:00", 7200}, {"+05:30", 19800}, {"-0800", -28800}, {"UTC-3", -10800}};
  for (const auto& c : ok) {
    auto z = TimeZone::load(c.name);
    ASSERT_TRUE(z) << c.name << ": " << z.error();
    EXPECT_EQ((*z)->offset_at(1'700'000'000), c.offset) << c.name;
  }
  for (const char* bad : {"UTC+15:00", "+1:2:3", "+ab", "../../etc/passwd", "Europe/Nowhere", "/etc/localtime", ""}) {
    EXPECT_FALSE(TimeZone::load(bad)) << bad;
  }
}

TEST(FraudTimeZone, ZoneinfoFileWithDaylightSaving) {
  // tzdata is installed by scripts/install-deps.
  ASSERT_TRUE(std::filesystem::exists("/usr/share/zoneinfo/Europe/Berlin"));
  auto z = TimeZone::load("Europe/Berlin");
  ASSERT_TRUE(z) << z.error();
  EXPECT_EQ((*z)->offset_at(1795744800), 3600);  // 2026-11-27: CET
  EXPECT_EQ((*z)->offset_at(1782900000), 7200);  // 2026-07-01: CEST
  auto ny = TimeZone::load("America/New_York");
  ASSERT_TRUE(ny);
  EXPECT_EQ((*ny)->offset_at(1795744800), -5 * 3600);
  const LocalTime t = (*z)->local(1795744800);  // 02:00 UTC = 03:00 Berlin
  EXPECT_EQ(t.year, 2026);
  EXPECT_EQ(t.month, 11);
  EXPECT_EQ(t.day, 27);
  EXPECT_EQ(t.weekday, 5);  // Friday
  EXPECT_EQ(t.minute_of_day, 180);
  EXPECT_FALSE(TimeZone::from_tzif("x", "TZif2 garbage"));
}

TEST(FraudSchedule, HoursDaysHolidaysAndMidnight) {
  Schedule s;
  s.enabled = true;
  s.zone = *TimeZone::load("UTC+01:00");
  const int64_t friday_0300 = 1795744800, friday_1000 = 1795770000, saturday_1000 = 1795860000;
  EXPECT_FALSE(s.in_hours(s.zone->local(friday_0300)));
  EXPECT_TRUE(s.in_hours(s.zone->local(friday_1000)));
  EXPECT_FALSE(s.in_hours(s.zone->local(saturday_1000)));
  s.holidays = {s.zone->local(friday_1000).day_number};
  EXPECT_FALSE(s.in_hours(s.zone->local(friday_1000)));
  // A night shift 22:00-06:00 starting on weekdays: Friday 03:00 belongs to Thursday's shift.
  Schedule night = s;
  night.holidays.clear();
  night.start_minute = 22 * 60;
  night.end_minute = 6 * 60;
  EXPECT_TRUE(night.in_hours(s.zone->local(friday_0300)));
  EXPECT_FALSE(night.in_hours(s.zone->local(friday_1000)));
  Schedule off;
  EXPECT_TRUE(off.in_hours(s.zone->local(friday_0300)));
}

TEST(FraudRates, CostWithSetupAndIncrements) {
  const struct {
    Rate r;
    int64_t seconds;
    Micros cost;
  } cases[] = {
      {{1'200'000, 0, 60, 60}, 0, 0},         {{1'200'000, 0, 60, 60}, 1, 1'200'000},
      {{1'200'000, 0, 60, 60}, 60, 1'200'000}, {{1'200'000, 0, 60, 60}, 61, 2'400'000},
      {{600'000, 100'000, 1, 1}, 30, 400'000}, {{600'000, 0, 30, 6}, 31, 360'000},
      {{600'000, 0, 30, 6}, 10, 300'000},
  };
  for (const auto& c : cases) EXPECT_EQ(c.r.cost(c.seconds), c.cost) << c.seconds;
}

TEST(FraudRates, ParseAndLongestPrefix) {
  auto t = RateTable::parse("# comment\n+44,0.012\n4490,1.5,0.25,30/6\r\n\n1,0.01,,1/1\n", "r.csv");
  ASSERT_TRUE(t) << t.error();
  EXPECT_EQ((*t)->size(), 3u);
  EXPECT_EQ((*t)->find("449098790000")->per_minute, 1'500'000);
  EXPECT_EQ((*t)->find("449098790000")->setup, 250'000);
  EXPECT_EQ((*t)->find("449098790000")->next_increment, 6u);
  EXPECT_EQ((*t)->find("442079460000")->per_minute, 12'000);
  EXPECT_EQ((*t)->find("12125550100")->first_increment, 1u);
  EXPECT_EQ((*t)->find("33123"), nullptr);
  const struct {
    const char* csv;
    const char* error;
  } bad[] = {{"44\n", "r.csv:1: expected prefix,price_per_minute[,setup[,first/next]]"},
             {"44,-1\n", "r.csv:1: bad price per minute '-1'"},
             {"#\n44,1.1234567\n", "r.csv:2: bad price per minute '1.1234567'"},
             {"44,1,x\n", "r.csv:1: bad setup charge 'x'"},
             {"44,1,0,60\n", "r.csv:1: billing increments must look like 60/60 or 1/1"},
             {"44,1,0,0/60\n", "r.csv:1: billing increments must look like 60/60 or 1/1"},
             {"4x,1\n", "r.csv:1: bad prefix '4x'"}};
  for (const auto& b : bad) {
    auto r = RateTable::parse(b.csv, "r.csv");
    ASSERT_FALSE(r) << b.csv;
    EXPECT_EQ(r.error(), b.error);
  }
}

TEST(FraudRates, Money) {
  Micros m = 0;
  EXPECT_TRUE(parse_money("0.0125", m));
  EXPECT_EQ(m, 12'500);
  EXPECT_TRUE(parse_money("12", m));
  EXPECT_EQ(m, 12'000'000);
  for (const char* bad : {"", ".5", "1.", "1,5", "-1", "1e3", "0.1234567"}) EXPECT_FALSE(parse_money(bad, m)) << bad;
  EXPECT_EQ(money_text(12'500), "0.0125");
  EXPECT_EQ(money_text(6'000'000), "6");
}

TEST(FraudCounters, WindowLogKeepsOnlyTheLimit) {
  WindowLog w;
  for (int i = 0; i < 1000; ++i) w.add(i, 3);
  EXPECT_EQ(w.count(1000, 60'000), 3u);
  EXPECT_EQ(w.count(70'000, 60'000), 0u);
  EXPECT_TRUE(w.empty());
}

TEST(FraudCounters, AMillionDistinctNumbersStayBounded) {
  NumberCounters n(100'000, 600'000);
  int64_t now = 1'000'000;
  std::string key = "example.com\x1f" "alice\x1f" "44";
  for (int i = 0; i < 1'000'000; ++i) {
    key.resize(17);
    key += std::to_string(2'000'000'000 + i);
    n.add(key, now);
    if (i % 1000 == 0) now += 1;  // a million calls in 1000 s of fake time
    if (i % 1000 == 0) {
      ASSERT_LE(n.size(), 100'000u);
    }
  }
  EXPECT_GT(n.early_rotations(), 0u);
  // A recent number is still counted; after two idle windows everything is gone.
  EXPECT_EQ(n.count(key, now), 1u);
  n.add(key, now);
  EXPECT_EQ(n.count(key, now + 1), 2u);
  for (int i = 0; i < 100; ++i) (void)n.count("probe" + std::to_string(i), now + 2 * 600'000);
  EXPECT_EQ(n.count(key, now + 2 * 600'000 + 1), 0u);
}

}  // namespace
}  // namespace vg::fraud
