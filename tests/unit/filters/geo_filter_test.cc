#include "filters/geo/geo_filter.h"

#include <fstream>

#include "../store/temp_dir.h"
#include "filter_fixture.h"

namespace vg::filters::test {
namespace {

// Country data for the tests: 198.51.100.0/24 in FR, 203.0.113.0/24 in CN, 2001:db8:cc::/48 in CN,
// and 127.0.0.3 (loopback, "local" without an override) mapped to XX by an override file.
struct GeoFilterTest : FilterTest {
  store::TempDir dir;
  std::unique_ptr<vg::geo::Watcher> watcher;

  void build_geo(std::string_view filters_yaml) {
    std::ofstream(dir.file("v4")) << "# test\n198.51.100.0,198.51.100.255,FR\n203.0.113.0,203.0.113.255,CN\n";
    std::ofstream(dir.file("v6")) << "2001:db8:cc::,2001:db8:cc:ffff:ffff:ffff:ffff:ffff,CN\n";
    std::ofstream(dir.file("ovr")) << "127.0.0.3,127.0.0.3,XX\n";
    std::string yaml(filters_yaml);
    for (auto [key, value] : {std::pair{"@V4@", dir.file("v4")}, {"@V6@", dir.file("v6")}, {"@OVR@", dir.file("ovr")}}) {
      for (size_t at; (at = yaml.find(key)) != std::string::npos;) yaml.replace(at, std::string_view(key).size(), value);
    }
    const auto c = load_config(yaml);
    watcher = std::make_unique<vg::geo::Watcher>(c.filters.geo.sources, events, clock);
    ASSERT_TRUE(watcher->load());
    BuildInputs in;
    in.geo = watcher.get();
    build(yaml, std::move(in));
  }
};

constexpr std::string_view kDenyOnListener = R"(filters:
  geo:
    files: ["@V4@", "@V6@"]
    overrides: ["@OVR@"]
    listeners:
      - { listener: udp4, type: deny, countries: [CN, XX] }
)";

TEST_F(GeoFilterTest, ListenerDenyListDropsBeforeParsing) {
  build_geo(kDenyOnListener);
  EXPECT_FALSE(pipeline->admit(inbound("x", ep("203.0.113.7:5060"), 0)));
  EXPECT_FALSE(pipeline->admit(inbound("x", ep("[2001:db8:cc::1]:5060"), 0)));
  EXPECT_FALSE(pipeline->admit(inbound("x", ep("127.0.0.3:5060"), 0)));  // override beats "local"
  EXPECT_TRUE(pipeline->admit(inbound("x", ep("198.51.100.7:5060"), 0)));
  EXPECT_TRUE(pipeline->admit(inbound("x", ep("127.0.0.2:5060"), 0)));   // local: never blocked
  EXPECT_TRUE(pipeline->admit(inbound("x", ep("192.0.2.1:5060"), 0)));   // unknown: a deny-list lets it in
  EXPECT_TRUE(pipeline->admit(inbound("x", ep("203.0.113.7:5060"), 1)));  // no rule on tcp4
  ASSERT_EQ(events.count("filter.geo"), 3u);
  const auto e = events.events().at(0);
  EXPECT_EQ(e.filter, "geo");
  EXPECT_EQ(e.rule, "listener");
  EXPECT_EQ(e.action, "drop");
  EXPECT_EQ(e.evidence, "country CN (database) denied on listener udp4");
  EXPECT_EQ(events.events().at(2).evidence, "country XX (override) denied on listener udp4");
  EXPECT_EQ(pipeline->counters("geo")->dropped.load(), 3u);
}

TEST_F(GeoFilterTest, TenantAllowListAfterParsing) {
  build_geo(R"(filters:
  geo:
    files: ["@V4@", "@V6@"]
    tenants:
      - { tenant: Example.COM, type: allow, countries: [FR] }
)");
  EXPECT_TRUE(run(request("REGISTER", "1001"), ep("198.51.100.7:5060")).passes());
  EXPECT_TRUE(run(request("REGISTER", "1001"), ep("127.0.0.5:5060")).passes());  // local
  EXPECT_EQ(run(request("REGISTER", "1001"), ep("203.0.113.7:5060")).action, Action::kDrop);
  EXPECT_EQ(run(request("REGISTER", "1001"), ep("192.0.2.1:5060")).action, Action::kDrop);  // unknown
  ASSERT_EQ(events.count("filter.geo"), 2u);
  EXPECT_EQ(events.events().at(0).evidence, "country CN (database) not allowed on tenant example.com");
  EXPECT_EQ(events.events().at(0).tenant, "example.com");
  EXPECT_EQ(events.events().at(1).evidence, "country unknown (none) not allowed on tenant example.com");
  // Another tenant's requests are not this rule's business.
  EXPECT_TRUE(run(request("REGISTER", "1001", {}, "UA", 1, "other.example"), ep("203.0.113.7:5060")).passes());
}

TEST_F(GeoFilterTest, MonitorModeRecordsAndPasses) {
  build_geo(R"(filters:
  geo:
    mode: monitor
    files: ["@V4@", "@V6@"]
    listeners:
      - { listener: udp4, type: allow, countries: [FR], unknown: allow, local: deny }
)");
  EXPECT_TRUE(pipeline->admit(inbound("x", ep("203.0.113.7:5060"), 0)));
  EXPECT_TRUE(pipeline->admit(inbound("x", ep("127.0.0.1:5060"), 0)));
  EXPECT_TRUE(pipeline->admit(inbound("x", ep("192.0.2.1:5060"), 0)));
  ASSERT_EQ(events.count("filter.geo"), 2u);  // CN and local; unknown allowed
  EXPECT_EQ(events.events().at(0).action, "monitor:drop");
  EXPECT_EQ(events.events().at(1).evidence, "country local (local) not allowed on listener udp4");
  EXPECT_EQ(pipeline->counters("geo")->monitored.load(), 2u);
}

TEST_F(GeoFilterTest, ReloadedDataTakesEffectWithoutRebuildingThePipeline) {
  build_geo(kDenyOnListener);
  EXPECT_TRUE(pipeline->admit(inbound("x", ep("198.51.100.7:5060"), 0)));
  std::ofstream(dir.file("v4"), std::ios::trunc) << "198.51.100.0,198.51.100.255,CN\n203.0.113.0,203.0.113.255,CN\n# v2\n";
  EXPECT_EQ(watcher->poll(), vg::geo::Watcher::PollResult::kSettling);
  EXPECT_EQ(watcher->poll(), vg::geo::Watcher::PollResult::kReloaded);
  EXPECT_FALSE(pipeline->admit(inbound("x", ep("198.51.100.7:5060"), 0)));
}

TEST(FiltersGeoConfig, ErrorsNameTheirPlace) {
  struct Case {
    const char* yaml;
    const char* error;
  } cases[] = {
      {"      - { listener: udp4, type: deny, countries: [UK] }\n", "test.yaml:13:51: filters.geo.listeners[0].countries[0]: not an ISO 3166-1 alpha-2 country code: 'UK' (the United Kingdom is GB)"},
      {"      - { listener: udp4, type: deny, countries: [ZY] }\n", "not an ISO 3166-1 alpha-2 country code: 'ZY'"},
      {"      - { listener: udp4, type: deny, countries: [USA] }\n", "not an ISO 3166-1 alpha-2 country code"},
      {"      - { listener: udp4, type: deny, countries: [US, us] }\n", "listed twice: US"},
      {"      - { listener: udp4, type: block, countries: [US] }\n", "filters.geo.listeners[0].type"},
      {"      - { listener: udp4, countries: [US] }\n", "type"},
      {"      - { listener: udp4, type: allow, countries: [] }\n", "lists no country"},
      {"      - { listener: nope, type: allow, countries: [US] }\n", "names no configured listener: 'nope'"},
      {"      - { listener: udp4, type: allow, countries: [US], unknown: maybe }\n", "unknown"},
  };
  for (const auto& c : cases) {
    const std::string all = config_errors(std::string("filters:\n  geo:\n    listeners:\n") + c.yaml);
    EXPECT_NE(all.find(c.error), std::string::npos) << c.yaml << "\n" << all;
  }
  auto mmdb = config::load_config_string(std::string(kBaseYaml) + "filters:\n  geo:\n    database: mmdb\n", "t.yaml");
  ASSERT_FALSE(mmdb);
  EXPECT_NE(mmdb.error()[0].message.find("needs `files"), std::string::npos);
}

TEST(FiltersGeoConfig, DefaultIsOff) {
  const auto c = load_config("");
  EXPECT_FALSE(c.filters.geo.active());
  EXPECT_EQ(c.filters.geo.sources.files.front(), "/usr/share/tor/geoip");
}

}  // namespace
}  // namespace vg::filters::test
