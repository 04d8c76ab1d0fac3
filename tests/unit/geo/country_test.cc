#include "geo/country.h"

#include <gtest/gtest.h>

namespace vg::geo {
namespace {

TEST(GeoCountry, ParsesTwoLettersCaseInsensitively) {
  auto us = Country::parse("us");
  ASSERT_TRUE(us);
  EXPECT_EQ(us->to_string(), "US");
  EXPECT_EQ(*us, *Country::parse("US"));
  EXPECT_TRUE(us->is_country());
  for (const char* bad : {"", "U", "USA", "U1", "??", "é", "u-"}) EXPECT_FALSE(Country::parse(bad)) << bad;
}

TEST(GeoCountry, SpecialValues) {
  EXPECT_EQ(Country::unknown().to_string(), "unknown");
  EXPECT_EQ(Country::local().to_string(), "local");
  EXPECT_FALSE(Country::local().is_country());
  EXPECT_FALSE(Country().is_country());
  EXPECT_EQ(Country::from_value(Country::parse("DE")->value()).to_string(), "DE");
}

}  // namespace
}  // namespace vg::geo
