#include "filters/feeds/feed_filter.h"

#include <fstream>

#include "../store/temp_dir.h"
#include "filter_fixture.h"

namespace vg::filters::test {
namespace {

struct FeedFilterTest : FilterTest {
  store::TempDir dir;
  vg::feeds::DefaultFetcher fetcher;
  std::unique_ptr<vg::feeds::FeedSet> feeds;

  void build_feeds(std::string_view filters_yaml) {
    std::ofstream(dir.file("drop.txt")) << "# drop\n203.0.113.0/24\n";
    std::ofstream(dir.file("ban.txt")) << "198.51.100.7\n2001:db8:bad::/48\n";
    std::ofstream(dir.file("watch.txt")) << "192.0.2.66\n";
    std::string yaml(filters_yaml);
    for (size_t at; (at = yaml.find("@DIR@")) != std::string::npos;) yaml.replace(at, 5, dir.path());
    const auto c = load_config(yaml);
    std::vector<vg::feeds::FeedSpec> specs;
    for (const auto& f : c.filters.feeds.feeds) specs.push_back(f.spec);
    feeds = std::make_unique<vg::feeds::FeedSet>(specs, fetcher, events, clock);
    ASSERT_EQ(feeds->poll(), specs.size());
    events.clear();
    BuildInputs in;
    in.feeds = feeds.get();
    build(yaml, std::move(in));
  }
};

constexpr std::string_view kFeeds = R"(filters:
  trusted: [192.0.2.99/32]
  feeds:
    - { name: drop, file: "@DIR@/drop.txt" }
    - { name: ban, file: "@DIR@/ban.txt", action: ban, ban_for: 2h }
    - { name: watch, file: "@DIR@/watch.txt", action: monitor }
)";

TEST_F(FeedFilterTest, EachFeedWithItsOwnAction) {
  build_feeds(kFeeds);
  EXPECT_FALSE(pipeline->admit(inbound("x", ep("203.0.113.9:5060"))));
  EXPECT_FALSE(bans.is_banned(*IpAddress::parse("203.0.113.9")));  // drop: no ban

  EXPECT_FALSE(pipeline->admit(inbound("x", ep("198.51.100.7:5060"))));
  auto ban = bans.find(*IpAddress::parse("198.51.100.7"));
  ASSERT_TRUE(ban);
  EXPECT_EQ(ban->rule, "feed:ban/listed");
  EXPECT_EQ(ban->until_unix - ban->created_unix, 7200);
  EXPECT_FALSE(pipeline->admit(inbound("x", ep("[2001:db8:bad:1::5]:5060"))));
  EXPECT_TRUE(bans.is_banned(*IpAddress::parse("2001:db8:bad:1::77")));  // the /64 of the source

  EXPECT_TRUE(pipeline->admit(inbound("x", ep("192.0.2.66:5060"))));  // monitor: recorded, passes
  EXPECT_TRUE(pipeline->admit(inbound("x", ep("192.0.2.1:5060"))));

  const auto ev = events.events();
  ASSERT_EQ(ev.size(), 4u);
  EXPECT_EQ(ev[0].kind, "filter.feed:drop");
  EXPECT_EQ(ev[0].action, "drop");
  EXPECT_EQ(ev[0].evidence, "listed by feed drop");
  EXPECT_EQ(ev[1].action, "ban:7200s");
  EXPECT_EQ(ev[3].kind, "filter.feed:watch");
  EXPECT_EQ(ev[3].action, "monitor:drop");
  EXPECT_EQ(pipeline->counters("feed:watch")->monitored.load(), 1u);
}

TEST_F(FeedFilterTest, TrustedSourcesAreNeverCheckedAgainstFeeds) {
  std::ofstream(dir.file("extra.txt")) << "192.0.2.0/24\n";
  build_feeds(R"(filters:
  trusted: [192.0.2.99/32]
  feeds:
    - { name: wide, file: "@DIR@/extra.txt", action: ban }
)");
  EXPECT_TRUE(pipeline->admit(inbound("x", ep("192.0.2.99:5060"))));
  EXPECT_FALSE(pipeline->admit(inbound("x", ep("192.0.2.98:5060"))));
}

TEST(FiltersFeedsConfig, ErrorsNameTheirPlace) {
  struct Case {
    const char* yaml;
    const char* error;
  } cases[] = {
      {"    - { name: a, url: \"ftp://x/list\" }\n", "test.yaml:12:23: filters.feeds[0].url: must start with http:// or https://"},
      {"    - { name: a }\n", "needs url or file"},
      {"    - { name: a, file: /x, url: \"http://x/\" }\n", "give either url or file, not both"},
      {"    - { name: \"Bad Name\", file: /x }\n", "must be 1-32 characters"},
      {"    - { name: a, file: /x }\n    - { name: a, file: /y }\n", "a feed named 'a' is already defined"},
      {"    - { name: a, file: /x, action: block }\n", "filters.feeds[0].action"},
      {"    - { name: a, file: /x, format: csv }\n", "filters.feeds[0].format"},
      {"    - { name: a, file: /x, interval: 1s }\n", "filters.feeds[0].interval"},
      {"    - { name: a, file: /x, colour: red }\n", "colour"},
  };
  for (const auto& c : cases) {
    const std::string all = config_errors(std::string("filters:\n  feeds:\n") + c.yaml);
    EXPECT_NE(all.find(c.error), std::string::npos) << c.yaml << "\n" << all;
  }
}

TEST(FiltersFeedsConfig, ApiKeyInTheUrlIsNeverEchoed) {
  std::string yaml(kBaseYaml);
  yaml += "filters:\n  feeds:\n    - { name: apiban, format: apiban, url: \"https://apiban.org/api/SECRETKEY/banned\", "
          "action: nope }\n";
  auto r = config::load_config_string(yaml, "test.yaml");
  ASSERT_FALSE(r);
  for (const auto& e : r.error()) EXPECT_EQ(e.to_string().find("SECRETKEY"), std::string::npos) << e.to_string();
}

}  // namespace
}  // namespace vg::filters::test
