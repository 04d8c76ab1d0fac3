// The password policy: a table of weak passwords with the rule that must fire, a table of strong
// ones that must pass, and the generator.
#include "auth/password_policy.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "auth/wordlists.h"
#include "core/random.h"

namespace vg::auth {
namespace {

using R = PasswordRule;

bool fires(const std::vector<PasswordViolation>& v, PasswordRule r) {
  return std::any_of(v.begin(), v.end(), [&](const PasswordViolation& x) { return x.rule == r; });
}

std::string describe(const std::vector<PasswordViolation>& v) {
  std::string s;
  for (const auto& x : v) s += std::string(to_string(x.rule)) + ": " + x.message + "; ";
  return s;
}

const PasswordContext kCtx{"alice", "4711", "sip.acmecorp.example", "Globex"};

struct Bad {
  const char* password;
  PasswordRule rule;
};

class WeakPasswords : public ::testing::TestWithParam<Bad> {};

TEST_P(WeakPasswords, RuleFires) {
  const Bad& c = GetParam();
  auto v = check_password(c.password, kCtx);
  EXPECT_TRUE(fires(v, c.rule)) << c.password << " should break " << to_string(c.rule) << "; got " << describe(v);
  // (Short ones such as "password" are English words a message may well contain.)
  if (std::string_view(c.password).size() >= 9) {
    for (const auto& x : v) EXPECT_EQ(x.message.find(c.password), std::string::npos) << "password quoted";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, WeakPasswords,
    ::testing::Values(
        Bad{"Ab1!xyz", R::kTooShort}, Bad{"Sh0rt!pw", R::kTooShort}, Bad{"", R::kTooShort},
        Bad{"correct-horse-battery-9", R::kMissingUpper}, Bad{"CORRECT-HORSE-BATTERY-9", R::kMissingLower},
        Bad{"Correct-Horse-Battery", R::kMissingDigit}, Bad{"Correct1Horse2Battery", R::kMissingSymbol},
        Bad{"Tab\tCharacter-9X", R::kControlCharacter},
        Bad{"xX!ALICE!Xx99yz", R::kContainsUsername}, Bad{"Ecila-Ro5e-Gard", R::kContainsUsername},
        Bad{"My-Ext-4711-Zebra!", R::kContainsExtension}, Bad{"Zebra!1174-Horse", R::kContainsExtension},
        Bad{"Sip.AcmeCorp.Example#9", R::kContainsDomain}, Bad{"Love-ACMECORP-9!", R::kContainsDomain},
        Bad{"9#proCemca-Rock", R::kContainsDomain}, Bad{"Globex-Rules-9!", R::kContainsTenant},
        Bad{"Xebolg-Rules-9!", R::kContainsTenant},
        Bad{"password", R::kCommon}, Bad{"Password123!", R::kCommon}, Bad{"P@ssw0rd2024!", R::kCommon},
        Bad{"Sunshine#2024", R::kCommon}, Bad{"!!Football99", R::kCommon}, Bad{"Qwerty123456!", R::kCommon},
        Bad{"Welcome2024!!", R::kCommon}, Bad{"Dragon-1234", R::kCommon}, Bad{"ClueCon", R::kCommon},
        Bad{"Changeme!2024", R::kCommon}, Bad{"amp111", R::kCommon}, Bad{"palosanto", R::kCommon},
        Bad{"trustno1", R::kCommon}, Bad{"M0nkey!2024", R::kCommon},
        Bad{"Zebra!aaaa-Horse9", R::kRepeatedRun}, Bad{"Zebra!7777-Horse", R::kRepeatedRun},
        Bad{"Zebra!####-Horse9", R::kRepeatedRun},
        Bad{"Zebra!abcd-Horse9", R::kSequentialRun}, Bad{"Zebra!DCBA-Horse9", R::kSequentialRun},
        Bad{"Zebra!6789-Horse", R::kSequentialRun}, Bad{"Zebra!9876-Horse", R::kSequentialRun},
        Bad{"Zebra!qwer-Horse9", R::kSequentialRun}, Bad{"Zebra!LKJH-Horse9", R::kSequentialRun},
        Bad{"Zebra!WxYz-Horse9", R::kSequentialRun}));

class StrongPasswords : public ::testing::TestWithParam<const char*> {};

TEST_P(StrongPasswords, Pass) {
  auto v = check_password(GetParam(), kCtx);
  EXPECT_TRUE(v.empty()) << GetParam() << ": " << describe(v);
}

INSTANTIATE_TEST_SUITE_P(Table, StrongPasswords,
                         ::testing::Values("Tr0ub4dor&3-horse", "Alpha-Bravo-71!", "Charlie-Delta-82!",
                                           "vX7#mQ2$kL9@pR4!", "Gz8%Lq3^Vw6&Nb1*", "Blue-Kettle-Orbit-58?",
                                           "n0t-Just-W0rds=17", "Zq!9xT#2vL@8mW", "Heron_Lamp_Quartz_4%",
                                           "Ykm+73-Pvt/25-Jxa", "Sofa;Violin;Tide;6X", "Fjord=Ember=Nova=31",
                                           "Lantern#Mosaic7Tide", "Pebble^Violet2Crane", "Orchid$Falcon8Reef",
                                           "Tundra+Walnut6Spire", "Maple~Comet3Brook", "Quill&Harbor9Fern",
                                           "Cobalt:Raven5Delta", "Saffron@Kite4Glacier", "Willow%Ember7Pike",
                                           "Nimbus/Otter2Cedar", "Velvet*Prism8Marsh", "Basalt=Heron6Vine",
                                           "Jasper(Wren)3Dune", "Fennel_Opal5Drift"));

TEST(PasswordPolicy, EveryRuleOnceAndNamed) {
  auto v = check_password("aaaa", kCtx);
  EXPECT_TRUE(fires(v, R::kTooShort));
  EXPECT_TRUE(fires(v, R::kMissingUpper));
  EXPECT_TRUE(fires(v, R::kMissingDigit));
  EXPECT_TRUE(fires(v, R::kMissingSymbol));
  EXPECT_TRUE(fires(v, R::kRepeatedRun));
  EXPECT_FALSE(fires(v, R::kMissingLower));
  EXPECT_EQ(to_string(R::kCommon), "common");
  EXPECT_EQ(to_string(R::kSequentialRun), "sequential_run");
}

TEST(PasswordPolicy, ConfigurableRules) {
  PasswordPolicy relaxed;
  relaxed.min_length = 8;
  relaxed.require_symbol = false;
  relaxed.max_run = 5;
  EXPECT_TRUE(check_password("Zebra1Horse", kCtx, relaxed).empty());
  EXPECT_TRUE(fires(check_password("Zebra1Horse", kCtx), R::kMissingSymbol));
  EXPECT_TRUE(check_password("Zebra!aaaa-Horse9", kCtx, relaxed).empty());
  PasswordPolicy no_list;
  no_list.reject_common = false;
  EXPECT_FALSE(fires(check_password("Password123!", kCtx, no_list), R::kCommon));
}

TEST(PasswordPolicy, ShortNamesAreNotChecked) {
  // A two-character username would forbid every password containing those two characters.
  const PasswordContext ctx{"al", "12", "", ""};
  EXPECT_TRUE(check_password("Zebra!al12-Horse", ctx).empty());
}

TEST(PasswordPolicy, ShippedListsLoaded) {
  const auto& list = common_passwords();
  EXPECT_GT(list.entries().size(), 3400u);  // 3546 + defaults, fewer once case-folded duplicates go
  EXPECT_EQ(list.entries().front(), "123456");  // John's list is sorted by frequency
  EXPECT_TRUE(list.contains("ClueCon"));        // from default-passwords.txt
  EXPECT_TRUE(list.contains("PASSWORD"));       // case-insensitive
  EXPECT_FALSE(list.contains("Tr0ub4dor&3-horse"));
  for (const auto& e : list.entries()) EXPECT_NE(e.front(), '#');
}

TEST(PasswordPolicy, GeneratedPasswordsPass) {
  SeededRandom random(42);
  for (int i = 0; i < 200; ++i) {
    const std::string p = generate_password(random);
    EXPECT_EQ(p.size(), 20u);
    auto v = check_password(p, kCtx);
    EXPECT_TRUE(v.empty()) << p << ": " << describe(v);
  }
  EXPECT_EQ(generate_password(random, 4).size(), 12u);  // never shorter than the policy minimum
}

}  // namespace
}  // namespace vg::auth
