// tenants[].dial_plan and tenants[].policy (docs/fraud.md): values land in Tenant::fraud, and every
// mistake is reported with its file:line:column.
#include <gtest/gtest.h>

#include <optional>

#include "config/config.h"

namespace vg::config {
namespace {

constexpr std::string_view kTenant = R"(tenants:
  - domain: pbx.example.com
    accounts:
      - { username: alice, password: "Wonder-Land-2024!" }
      - { username: boss, password: "Bu1lder#Crane-77" }
    dial_plan:
      country_code: "49"
      national_prefix: "0"
      international_prefixes: ["00"]
      outside_line_prefixes: ["9"]
      emergency_numbers: ["112", "110"]
      mobile_prefixes: ["15", "16", "17"]
      service_prefixes: ["*31#"]
      max_short_code_length: 5
)";

std::string with_policy(const std::string& policy) { return std::string(kTenant) + "    policy:\n" + policy; }

TEST(FraudConfig, FullPolicyIsRead) {
  auto r = load_config_string(with_policy(R"(      allowed_classes: [national, mobile, international]
      blocked_countries: [CU, KP]
      max_concurrent: 4
      calls_per_minute: 6
      international_per_hour: 20
      international_per_day: 50
      same_number_max: 3
      max_duration: 2h
      spend_per_day: "25.50"
      spend_per_month: 300
      schedule:
        time_zone: UTC+01:00
        days: [mon, tue, wed, thu, fri]
        hours: "08:00-18:30"
        holidays: ["2026-12-25", "2026-12-24"]
      out_of_hours:
        allowed_classes: [national, mobile]
        international_per_hour: 2
      scoring:
        warn: 10
        block: 40
        suspend: 150
        window: 30m
        weights: { international_per_hour: 45, high_risk: 5 }
      accounts:
        boss: { allowed_classes: [national, mobile, international, premium], max_concurrent: 10 }
)"),
                              "t.yaml");
  ASSERT_TRUE(r.has_value()) << r.error()[0].to_string();
  const Tenant& t = r->tenants[0];
  ASSERT_TRUE(t.fraud);
  const fraud::TenantRules& f = *t.fraud;
  EXPECT_EQ(f.plan.country_code, "49");
  EXPECT_EQ(f.plan.outside_line_prefixes, std::vector<std::string>{"9"});
  EXPECT_EQ(f.plan.service_prefixes, std::vector<std::string>{"*31#"});
  EXPECT_EQ(f.plan.max_short_code_length, 5u);
  const fraud::Policy& p = f.policy;
  EXPECT_EQ(fraud::classes_text(p.in_hours.allowed_classes), "national,mobile,international");
  EXPECT_EQ(p.in_hours.blocked_countries, (std::vector<std::string>{"CU", "KP"}));
  EXPECT_EQ(p.in_hours.max_concurrent, 4u);
  EXPECT_EQ(p.in_hours.international_per_hour, 20u);
  EXPECT_EQ(p.in_hours.max_duration, std::chrono::seconds(7200));
  EXPECT_EQ(p.in_hours.spend_per_day, 25'500'000);
  EXPECT_EQ(p.in_hours.spend_per_month, 300'000'000);
  // out_of_hours starts from the policy and overrides what it names.
  EXPECT_EQ(fraud::classes_text(p.out_of_hours.allowed_classes), "national,mobile");
  EXPECT_EQ(p.out_of_hours.international_per_hour, 2u);
  EXPECT_EQ(p.out_of_hours.max_concurrent, 4u);
  EXPECT_TRUE(p.schedule.enabled);
  EXPECT_EQ(p.schedule.start_minute, 480);
  EXPECT_EQ(p.schedule.end_minute, 1110);
  EXPECT_EQ(p.schedule.days, 0b0111110);
  ASSERT_EQ(p.schedule.holidays.size(), 2u);
  EXPECT_EQ(p.schedule.holidays[1], 20812);  // 2026-12-25
  EXPECT_EQ(p.scoring.block, 40u);
  EXPECT_EQ(p.scoring.window, std::chrono::seconds(1800));
  EXPECT_EQ(p.scoring.weights[static_cast<size_t>(fraud::Rule::kInternationalPerHour)], 45u);
  // The account override keeps the tenant's other values.
  const fraud::Policy& boss = f.policy_for("boss");
  EXPECT_TRUE(boss.in_hours.allowed_classes & fraud::bit(fraud::DestClass::kPremium));
  EXPECT_TRUE(boss.out_of_hours.allowed_classes & fraud::bit(fraud::DestClass::kPremium));
  EXPECT_EQ(boss.in_hours.max_concurrent, 10u);
  EXPECT_EQ(boss.in_hours.international_per_day, 50u);
  EXPECT_EQ(&f.policy_for("alice"), &f.policy);
}

TEST(FraudConfig, NoPolicyNoChecks) {
  std::string y(kTenant);
  y.resize(y.find("    dial_plan:"));
  auto r = load_config_string(y, "t.yaml");
  ASSERT_TRUE(r.has_value()) << r.error()[0].to_string();
  EXPECT_FALSE(r->tenants[0].fraud);
}

TEST(FraudConfig, ErrorsCarryPositions) {
  const struct {
    std::string policy;
    std::string where;  // "line:col path"
    std::string text;
  } cases[] = {
      {"      allowed_classes: [national, premium_rate]\n", "16:35 tenants[0].policy.allowed_classes[1]",
       "unknown destination class"},
      {"      blocked_countries: [XX]\n", "16:27 tenants[0].policy.blocked_countries[0]", "unknown country"},
      {"      max_duration: 3d\n", "16:21 tenants[0].policy.max_duration", ""},
      {"      spend_per_day: \"1,50\"\n", "16:22 tenants[0].policy.spend_per_day", "must be an amount"},
      {"      schedule: { time_zone: Mars/Olympus }\n", "16:30 tenants[0].policy.schedule.time_zone", "unknown time zone"},
      {"      schedule: { time_zone: UTC, hours: \"8-18\" }\n", "16:42 tenants[0].policy.schedule.hours", "08:00-18:00"},
      {"      schedule: { time_zone: UTC, days: [monday] }\n", "16:42 tenants[0].policy.schedule.days[0]", ""},
      {"      schedule: { time_zone: UTC, holidays: [\"25.12.2026\"] }\n", "16:46 tenants[0].policy.schedule.holidays[0]",
       "2026-12-25"},
      {"      scoring: { weights: { no_such_rule: 3 } }\n", "16:29 tenants[0].policy.scoring.weights.no_such_rule", ""},
      {"      accounts: { mallory: { max_concurrent: 1 } }\n", "16:19 tenants[0].policy.accounts.mallory", "no account"},
      {"      rates: /nonexistent/rates.csv\n", "16:14 tenants[0].policy.rates", "cannot read rate table"},
      {"      max_concurent: 3\n", "16:7 tenants[0].policy.max_concurent", "did you mean 'max_concurrent'"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.policy);
    std::optional<LoadResult> loaded;
    try {
      loaded.emplace(load_config_string(with_policy(c.policy), "t.yaml"));
    } catch (const std::exception& ex) {
      ADD_FAILURE() << "threw " << ex.what();
      continue;
    }
    auto& r = *loaded;
    ASSERT_FALSE(r.has_value());
    const std::vector<ConfigError> errors = r.error();  // error() returns a copy
    ASSERT_FALSE(errors.empty());
    const ConfigError& e = errors[0];
    EXPECT_EQ(std::to_string(e.line) + ":" + std::to_string(e.column) + " " + e.path, c.where) << e.to_string();
    EXPECT_NE(e.message.find(c.text), std::string::npos) << e.to_string();
  }
  auto r = load_config_string(std::string(kTenant) + "      country_code: \"4x\"\n", "t.yaml");
  ASSERT_FALSE(r.has_value());
}

}  // namespace
}  // namespace vg::config
