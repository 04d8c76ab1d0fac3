#include "filters/filters_config.h"

#include "filter_fixture.h"

namespace vg::filters::test {
namespace {

std::vector<std::string> errors(std::string_view filters_yaml) {
  std::string yaml(kBaseYaml);
  yaml += filters_yaml;
  auto r = config::load_config_string(yaml, "f.yaml");
  std::vector<std::string> out;
  if (!r) {
    for (const auto& e : r.error()) out.push_back(e.to_string());
  }
  return out;
}

TEST(FiltersConfig, SecureDefaults) {
  auto c = load_config("");
  const auto& f = c.filters;
  EXPECT_TRUE(f.trusted.empty());
  EXPECT_EQ(f.bans.ipv6_prefix, 64u);
  for (auto m : {f.acl.mode, f.scanner.mode, f.flood.mode, f.bruteforce.mode, f.sanity.mode}) {
    EXPECT_EQ(m, FilterMode::kEnforce);
  }
  EXPECT_EQ(f.flood.invite_per_ip.requests, 10u);
  EXPECT_EQ(f.bruteforce.max_failures, 5u);
  EXPECT_EQ(f.scanner.threshold, 100u);
}

TEST(FiltersConfig, EmbeddedDefaultMatchesBuiltInDefaults) {
  auto r = config::load_config_string(config::embedded_default_config(), config::kEmbeddedDefaultName);
  ASSERT_TRUE(r);
  const auto& f = r->filters;
  const FiltersConfig d;
  EXPECT_EQ(f.bans.ipv6_prefix, d.bans.ipv6_prefix);
  EXPECT_EQ(f.bans.default_duration, d.bans.default_duration);
  EXPECT_EQ(f.flood.per_ip.requests, d.flood.per_ip.requests);
  EXPECT_EQ(f.flood.per_ip.per, d.flood.per_ip.per);
  EXPECT_EQ(f.flood.global.requests, d.flood.global.requests);
  EXPECT_EQ(f.flood.per_account.requests, d.flood.per_account.requests);
  EXPECT_EQ(f.bruteforce.window, d.bruteforce.window);
  EXPECT_EQ(f.bruteforce.account_lock, d.bruteforce.account_lock);
  EXPECT_EQ(f.scanner.ban_for, d.scanner.ban_for);
  EXPECT_EQ(f.scanner.sweep_users, d.scanner.sweep_users);
}

TEST(FiltersConfig, ReadsEveryKey) {
  auto c = load_config(R"(filters:
  trusted: [192.0.2.10, 198.51.100.0/24]
  bans: { ipv6_prefix: 56, default_duration: 2h }
  flood:
    mode: monitor
    per_ip: { requests: 0 }
    known_networks: [10.0.0.0/8]
    known_network_factor: 5
  scanner: { threshold: 150, ban_for: 1h, sweep_users: 0 }
  bruteforce: { max_failures: 3, window: 1m, ban_for: 5m, max_ban: 1h }
  sanity: { mode: monitor }
)");
  const auto& f = c.filters;
  ASSERT_EQ(f.trusted.size(), 2u);
  EXPECT_EQ(f.trusted[1].to_string(), "198.51.100.0/24");
  EXPECT_EQ(f.bans.ipv6_prefix, 56u);
  EXPECT_EQ(f.bans.default_duration, std::chrono::hours(2));
  EXPECT_EQ(f.flood.mode, FilterMode::kMonitor);
  EXPECT_FALSE(f.flood.per_ip.enabled());
  EXPECT_EQ(f.flood.known_network_factor, 5u);
  EXPECT_EQ(f.scanner.threshold, 150u);
  EXPECT_EQ(f.bruteforce.window, std::chrono::minutes(1));
  EXPECT_EQ(f.sanity.mode, FilterMode::kMonitor);
}

TEST(FiltersConfig, ErrorsCarryFileLineColumn) {
  auto e = errors("filters:\n  flood:\n    mode: block\n    per_ip: { requests: -1, per: 0s }\n  bogus: 1\n"
                  "  bans: { ipv6_prefix: 16 }\n  bruteforce: { ban_for: 2h, max_ban: 1h }\n");
  ASSERT_EQ(e.size(), 6u) << ::testing::PrintToString(e);
  EXPECT_NE(e[0].find("f.yaml:12:11: filters.flood.mode"), std::string::npos) << e[0];
  EXPECT_NE(e[1].find("f.yaml:13:"), std::string::npos) << e[1];
  EXPECT_NE(e[1].find("filters.flood.per_ip.requests"), std::string::npos) << e[1];
  EXPECT_NE(e[2].find("filters.flood.per_ip.per"), std::string::npos) << e[2];
  EXPECT_NE(e[3].find("bogus"), std::string::npos) << e[3];
  EXPECT_NE(e[4].find("filters.bans.ipv6_prefix"), std::string::npos) << e[4];
  EXPECT_NE(e[5].find("max_ban must not be shorter than ban_for"), std::string::npos) << e[5];
}

}  // namespace
}  // namespace vg::filters::test
