#include "geo/country_policy.h"

#include <gtest/gtest.h>

namespace vg::geo {
namespace {

Country c(const char* s) { return *Country::parse(s); }

TEST(GeoCountryPolicy, AllowAndDenyLists) {
  CountryPolicy allow{ListType::kAllow, {c("CA"), c("US")}};
  CountryPolicy deny{ListType::kDeny, {c("CN"), c("RU")}};
  struct Case {
    Country country;
    bool allow_blocks, deny_blocks;
  } cases[] = {
      {c("US"), false, false}, {c("CA"), false, false}, {c("CN"), true, true},
      {c("FR"), true, false},  {Country::local(), false, false},
      {Country::unknown(), true, false},  // by list type
  };
  for (const auto& k : cases) {
    EXPECT_EQ(allow.blocks(k.country), k.allow_blocks) << k.country.to_string();
    EXPECT_EQ(deny.blocks(k.country), k.deny_blocks) << k.country.to_string();
  }
}

TEST(GeoCountryPolicy, UnknownAndLocalOverrides) {
  CountryPolicy p{ListType::kAllow, {c("US")}, CountryPolicy::Unknown::kAllow, true};
  EXPECT_FALSE(p.blocks(Country::unknown()));
  EXPECT_TRUE(p.blocks(Country::local()));
  CountryPolicy d{ListType::kDeny, {c("CN")}, CountryPolicy::Unknown::kDeny, false};
  EXPECT_TRUE(d.blocks(Country::unknown()));
  EXPECT_FALSE(d.blocks(Country::local()));
}

TEST(GeoCountryPolicy, KnownCodes) {
  EXPECT_EQ(assigned_country_count(), 249u);
  for (const char* ok : {"US", "GB", "DE", "ZW", "AD", "EU", "XX", "QM", "ZZ", "AA"}) {
    EXPECT_TRUE(is_known_country_code(c(ok))) << ok;
  }
  for (const char* bad : {"ZY", "AB", "QL", "OO", "YY", "UK"}) EXPECT_FALSE(is_known_country_code(c(bad))) << bad;
  EXPECT_TRUE(is_known_country_code(c("QA")));  // Qatar is assigned, not user space
  EXPECT_FALSE(is_assigned_country_code(c("UK")));
  EXPECT_FALSE(is_known_country_code(Country::local()));
}

}  // namespace
}  // namespace vg::geo
