// The voicemail PIN policy: a table of weak PINs with the rule that must fire, and strong PINs.
#include "auth/pin_policy.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace vg::auth {
namespace {

using R = PinRule;

struct Bad {
  const char* pin;
  const char* extension;
  PinRule rule;
};

std::string describe(const std::vector<PinViolation>& v) {
  std::string s;
  for (const auto& x : v) s += std::string(to_string(x.rule)) + "; ";
  return s;
}

class WeakPins : public ::testing::TestWithParam<Bad> {};

TEST_P(WeakPins, RuleFires) {
  const Bad& c = GetParam();
  auto v = check_pin(c.pin, c.extension);
  const bool fired = std::any_of(v.begin(), v.end(), [&](const PinViolation& x) { return x.rule == c.rule; });
  EXPECT_TRUE(fired) << c.pin << " should break " << to_string(c.rule) << "; got " << describe(v);
}

INSTANTIATE_TEST_SUITE_P(
    Table, WeakPins,
    ::testing::Values(
        Bad{"1234", "", R::kTooShort}, Bad{"98765", "", R::kTooShort}, Bad{"", "", R::kNotDigits},
        Bad{"12a456", "", R::kNotDigits}, Bad{"12 456", "", R::kNotDigits}, Bad{"12345678901234567", "", R::kTooLong},
        Bad{"000000", "", R::kAllSame}, Bad{"999999", "", R::kAllSame}, Bad{"55555555", "", R::kAllSame},
        Bad{"123456", "", R::kSequence}, Bad{"654321", "", R::kSequence}, Bad{"345678", "", R::kSequence},
        Bad{"890123", "", R::kSequence}, Bad{"3210987", "", R::kSequence},
        Bad{"471100", "4711", R::kExtension}, Bad{"904711", "4711", R::kExtension},
        Bad{"117400", "4711", R::kExtensionReversed}, Bad{"581002", "2001", R::kExtensionReversed},
        Bad{"121212", "", R::kRepeatedGroup}, Bad{"123123", "", R::kRepeatedGroup}, Bad{"112233", "", R::kRepeatedGroup},
        Bad{"111222", "", R::kRepeatedGroup}, Bad{"98769876", "", R::kRepeatedGroup}, Bad{"474747", "", R::kRepeatedGroup},
        Bad{"1225", "", R::kDate}, Bad{"2512", "", R::kDate}, Bad{"1987", "", R::kDate}, Bad{"0699", "", R::kDate},
        Bad{"251287", "", R::kDate}, Bad{"122587", "", R::kDate}, Bad{"871225", "", R::kDate},
        Bad{"25121987", "", R::kDate}, Bad{"12251987", "", R::kDate}, Bad{"19871225", "", R::kDate},
        Bad{"20011225", "", R::kDate}, Bad{"061999", "", R::kDate},
        Bad{"789456", "", R::kCommon}, Bad{"159753", "", R::kCommon}, Bad{"147258", "", R::kCommon},
        Bad{"753951", "", R::kCommon}, Bad{"520520", "", R::kCommon}, Bad{"6969", "", R::kCommon},
        Bad{"1004", "", R::kCommon}, Bad{"4242", "", R::kCommon}));

class StrongPins : public ::testing::TestWithParam<const char*> {};

TEST_P(StrongPins, Pass) {
  auto v = check_pin(GetParam(), "4711");
  EXPECT_TRUE(v.empty()) << GetParam() << ": " << describe(v);
}

INSTANTIATE_TEST_SUITE_P(Table, StrongPins,
                         ::testing::Values("836402", "947385", "603947", "738264", "495083", "9372846",
                                           "58203947", "683940", "970358", "846037", "385940", "648392",
                                           "739481", "946275", "584739", "807364", "973846", "658392",
                                           "496837", "870536", "748390", "593847", "869274", "497386"));

TEST(PinPolicy, ConfigurableLength) {
  PinPolicy four;
  four.min_length = 4;
  EXPECT_TRUE(check_pin("8364", "", four).empty());
  EXPECT_FALSE(check_pin("8364", "").empty());  // default minimum is 6
}

TEST(PinPolicy, NoDigitRulesOnNonDigits) {
  auto v = check_pin("abcdef", "");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].rule, R::kNotDigits);
}

}  // namespace
}  // namespace vg::auth
