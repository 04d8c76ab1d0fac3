// Destination classes from the shipped data files, and the longest-prefix index under them.
#include "fraud/classify.h"

#include <gtest/gtest.h>

#include <random>

namespace vg::fraud {
namespace {

TEST(FraudPrefixIndex, LongestPrefixWins) {
  PrefixIndex idx;
  EXPECT_TRUE(idx.add("4", 1));
  EXPECT_TRUE(idx.add("44", 2));
  EXPECT_TRUE(idx.add("4490", 3));
  EXPECT_TRUE(idx.add("44909", 4));
  EXPECT_TRUE(idx.add("44909", 5));  // duplicate: the first wins
  EXPECT_FALSE(idx.add("", 9));
  EXPECT_FALSE(idx.add("4x", 9));
  EXPECT_FALSE(idx.add("1234567890123456", 9));  // 16 digits
  EXPECT_EQ(idx.build(), 1u);
  EXPECT_EQ(idx.size(), 4u);
  const struct {
    const char* n;
    uint32_t value;
    size_t len;
  } cases[] = {{"449098790000", 4, 5}, {"449012", 3, 4}, {"4420", 2, 2}, {"45", 1, 1}, {"4", 1, 1}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.n);
    auto m = idx.longest(c.n);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->value, c.value);
    EXPECT_EQ(m->length, c.len);
  }
  EXPECT_FALSE(idx.longest("33"));
  EXPECT_FALSE(idx.longest(""));
}

TEST(FraudPrefixIndex, AgreesWithBruteForceOnRandomPrefixes) {
  std::mt19937 rng(7);
  std::vector<std::string> prefixes;
  PrefixIndex idx;
  for (uint32_t i = 0; i < 3000; ++i) {
    std::string p;
    const auto len = 1 + rng() % 8;
    for (size_t j = 0; j < len; ++j) p.push_back(static_cast<char>('0' + rng() % 10));
    if (std::find(prefixes.begin(), prefixes.end(), p) != prefixes.end()) continue;
    prefixes.push_back(p);
    idx.add(p, static_cast<uint32_t>(prefixes.size() - 1));
  }
  EXPECT_EQ(idx.build(), 0u);
  for (int q = 0; q < 2000; ++q) {
    std::string n;
    for (int j = 0; j < 12; ++j) n.push_back(static_cast<char>('0' + rng() % 10));
    size_t best = 0;
    std::optional<uint32_t> want;
    for (size_t i = 0; i < prefixes.size(); ++i) {
      if (n.compare(0, prefixes[i].size(), prefixes[i]) == 0 && prefixes[i].size() > best) {
        best = prefixes[i].size();
        want = static_cast<uint32_t>(i);
      }
    }
    auto got = idx.longest(n);
    ASSERT_EQ(got.has_value(), want.has_value()) << n;
    if (want) {
      EXPECT_EQ(got->value, *want) << n;
    }
  }
}

DialPlan plan_us() {
  DialPlan p;
  p.outside_line_prefixes = {"9"};
  return p;
}

DialPlan plan_de() {
  DialPlan p;
  p.country_code = "49";
  p.national_prefix = "0";
  p.international_prefixes = {"00"};
  p.emergency_numbers = {"112", "110"};
  p.mobile_prefixes = {"15", "16", "17"};
  return p;
}

TEST(FraudClassify, ShippedDataLoads) {
  auto d = NumberingData::embedded();
  ASSERT_TRUE(d);
  EXPECT_GT(d->prefix_count(), 400u);
  EXPECT_EQ(d->country_of("442079460000"), "GB");
  EXPECT_EQ(d->country_of("18765550100"), "JM");
  EXPECT_EQ(d->country_of("12125550100"), "US");
  EXPECT_EQ(d->country_of("77012345678"), "KZ");
  EXPECT_EQ(d->country_of("79161234567"), "RU");
  EXPECT_EQ(d->country_of("88160000000"), "ZZ");
  EXPECT_TRUE(d->is_known_country("DE"));
  EXPECT_FALSE(d->is_known_country("QQ"));
}

TEST(FraudClassify, Classes) {
  auto d = NumberingData::embedded();
  const struct {
    const DialPlan plan;
    const char* dialled;
    const char* classes;
    const char* country;
  } cases[] = {
      {plan_us(), "92125550100", "national", "US"},
      {plan_us(), "911", "emergency", ""},
      {plan_us(), "9911", "emergency", ""},
      {plan_us(), "19005550100", "national,premium,nanp_premium", "US"},
      {plan_us(), "9+19765550100", "national,premium,nanp_premium", "US"},
      {plan_us(), "18005550100", "national,toll_free", "US"},
      {plan_us(), "918765550100", "international,nanp_caribbean,high_risk", "JM"},
      {plan_us(), "12425550100", "international,nanp_caribbean", "BS"},
      {plan_us(), "9011442079460000", "international", "GB"},
      {plan_us(), "9011449098790000", "international,premium", "GB"},
      {plan_us(), "+00449098790000", "international,premium", "GB"},
      {plan_us(), "+870773100000", "international,satellite,high_risk", "ZZ"},
      {plan_us(), "011881612345678", "international,satellite,high_risk", "ZZ"},
      {plan_us(), "+88234567890", "international,intl_network,high_risk", "ZZ"},
      {plan_us(), "+883510001234", "international,intl_network,high_risk", "ZZ"},
      {plan_us(), "+97912345678", "international,premium,high_risk", "ZZ"},
      {plan_us(), "01153712345678", "international,high_risk", "CU"},
      {plan_us(), "+2525123456", "international,high_risk", "SO"},
      {plan_us(), "alice", "invalid", ""},
      {plan_us(), "1234", "short_code", ""},
      {plan_de(), "030123456", "national", "DE"},
      {plan_de(), "01701234567", "national,mobile", "DE"},
      {plan_de(), "0900123456", "national,premium", "DE"},
      {plan_de(), "0180512345", "national,shared_cost", "DE"},
      {plan_de(), "0044909123456", "international,premium", "GB"},
      {plan_de(), "*21*0900123456#", "service,national,premium", "DE"},
      {plan_de(), "*#06#", "service", ""},
      {plan_de(), "112", "emergency", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.dialled);
    auto k = d->classify(normalize(c.dialled, c.plan), c.plan);
    EXPECT_EQ(classes_text(k.classes), c.classes);
    EXPECT_EQ(k.country, c.country);
  }
}

TEST(FraudClassify, DataErrorsNameFileAndLine) {
  auto r = NumberingData::load("# c\n1\tUS\tx\n44\tgb\tbad\n", "", "");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), "country_codes.tsv:3: country code 'gb' is not two upper-case letters");
  r = NumberingData::load("1\tUS\n", "1900\tpremium,bogus\n", "");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), "number_classes.tsv:1: unknown class 'bogus'");
  r = NumberingData::load("1\tUS\n", "", "\n53x\tCuba\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), "irsf_high_risk.tsv:2: bad prefix '53x'");
  r = NumberingData::load("1\tUS\n1\tCA\n", "", "");
  EXPECT_FALSE(r);
}

TEST(FraudClassify, ClassNamesRoundTrip) {
  for (size_t i = 0; i < kClassCount; ++i) {
    DestClass c{};
    ASSERT_TRUE(class_from_string(to_string(static_cast<DestClass>(i)), c));
    EXPECT_EQ(static_cast<size_t>(c), i);
  }
  DestClass c{};
  EXPECT_FALSE(class_from_string("premium_rate", c));
}

}  // namespace
}  // namespace vg::fraud
