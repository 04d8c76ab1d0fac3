#include "feeds/feed_set.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <fstream>
#include <map>
#include <thread>

#include "../store/temp_dir.h"

namespace vg::feeds {
namespace {

using namespace std::chrono_literals;

IpAddress ip(const char* s) { return *IpAddress::parse(s); }

// An HTTP server on 127.0.0.1 (port chosen by the kernel) serving a blocklist and a three-page
// APIBAN API; `down` makes every answer a 503, `stop()` closes the port.
class FeedServer {
 public:
  FeedServer() {
    server_.Get("/list.txt", [this](const httplib::Request&, httplib::Response& res) {
      ++hits_;
      if (down_) return unavailable(res);
      res.set_content(list_, "text/plain");
    });
    // APIBAN: /api/KEY/banned, then /api/KEY/banned/ID until {"ID":"none"} (sent with HTTP 400).
    server_.Get(R"(/api/SECRETKEY/banned(/(\d+))?)", [this](const httplib::Request& req, httplib::Response& res) {
      ++hits_;
      if (down_) return unavailable(res);
      const std::string id = req.matches[2];
      if (id.empty()) {
        res.set_content(R"({"ipaddress":["192.0.2.1","192.0.2.2"],"ID":"100"})", "application/json");
      } else if (id == "100") {
        res.set_content(R"({"ipaddress":["198.51.100.7","2001:db8::66"],"ID":"200"})", "application/json");
      } else if (id == "200") {
        res.set_content(R"({"ipaddress":["203.0.113.9"],"ID":")" + last_id_ + R"("})", "application/json");
      } else {
        res.status = 400;
        res.set_content(R"({"ipaddress":["no new bans"],"ID":"none"})", "application/json");
      }
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!server_.is_running() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  }
  ~FeedServer() { stop(); }
  void stop() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  void set_list(std::string s) { list_ = std::move(s); }
  void set_down(bool d) { down_ = d; }
  void set_last_id(std::string id) { last_id_ = std::move(id); }
  int hits() const { return hits_; }

 private:
  static void unavailable(httplib::Response& res) {
    res.status = 503;
    res.set_content("<html>Service Unavailable</html>", "text/html");
  }
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::string list_ = "# test list\n192.0.2.0/24\n2001:db8:bad::/48\n";
  std::string last_id_ = "300";
  std::atomic<bool> down_{false};
  std::atomic<int> hits_{0};
};

struct FeedSetTest : ::testing::Test {
  FeedServer server;
  DefaultFetcher fetcher;
  events::RecordingSink sink;
  FakeClock clock;

  FeedSpec text_feed() {
    FeedSpec s;
    s.name = "firehol";
    s.source = server.url("/list.txt");
    s.interval = 3600s;
    s.expire_after = 86400s;
    s.timeout = 5s;
    return s;
  }
  FeedSpec apiban_feed() {
    FeedSpec s;
    s.name = "apiban";
    s.format = Format::kApiban;
    s.source = server.url("/api/SECRETKEY/banned");
    s.timeout = 5s;
    return s;
  }
  bool listed(const FeedSet& set, size_t i, const char* a) { return set.list(i)->lookup(ip(a)) != 0; }
};

TEST_F(FeedSetTest, TextFeedOverHttp) {
  FeedSet set({text_feed()}, fetcher, sink, clock);
  EXPECT_FALSE(listed(set, 0, "192.0.2.9"));  // nothing before the first fetch
  EXPECT_EQ(set.poll(), 1u);
  EXPECT_TRUE(listed(set, 0, "192.0.2.9"));
  EXPECT_TRUE(listed(set, 0, "2001:db8:bad:1::1"));
  EXPECT_FALSE(listed(set, 0, "192.0.3.1"));
  EXPECT_EQ(set.status(0).entries, 2u);
  ASSERT_EQ(sink.count("feed.updated"), 1u);
  EXPECT_EQ(sink.events()[0].evidence, "2 entries");
  EXPECT_EQ(sink.events()[0].field("feed"), "firehol");
}

TEST_F(FeedSetTest, FetchesOnlyWhenDue) {
  FeedSet set({text_feed()}, fetcher, sink, clock);
  EXPECT_EQ(set.poll(), 1u);
  EXPECT_EQ(set.poll(), 0u);
  clock.advance(3599s);
  EXPECT_EQ(set.poll(), 0u);
  EXPECT_EQ(server.hits(), 1);
  server.set_list("203.0.113.0/24\n");
  clock.advance(1s);
  EXPECT_EQ(set.poll(), 1u);
  EXPECT_EQ(server.hits(), 2);
  EXPECT_FALSE(listed(set, 0, "192.0.2.9"));  // the new list replaces the old one
  EXPECT_TRUE(listed(set, 0, "203.0.113.200"));
}

TEST_F(FeedSetTest, ApibanPaginationFollowsIdsUntilNone) {
  FeedSet set({apiban_feed()}, fetcher, sink, clock);
  EXPECT_EQ(set.poll(), 1u);
  EXPECT_EQ(server.hits(), 4);  // /banned, /100, /200, /300 -> "none"
  for (const char* a : {"192.0.2.1", "192.0.2.2", "198.51.100.7", "2001:db8::66", "203.0.113.9"}) {
    EXPECT_TRUE(listed(set, 0, a)) << a;
  }
  EXPECT_FALSE(listed(set, 0, "192.0.2.3"));
  EXPECT_EQ(set.status(0).entries, 5u);
  // The "no new bans" item of the last page is counted as ignored, not as an address.
  EXPECT_EQ(sink.events().back().evidence, "5 entries (1 items ignored)");
}

TEST_F(FeedSetTest, ApibanIdLoopIsAnError) {
  server.set_last_id("100");  // page 200 points back at 100
  FeedSet set({apiban_feed()}, fetcher, sink, clock);
  EXPECT_EQ(set.poll(), 0u);
  ASSERT_EQ(sink.count("feed.fetch_failed"), 1u);
  EXPECT_NE(sink.events().back().evidence.find("repeats"), std::string::npos);
}

TEST_F(FeedSetTest, FeedGoingDownKeepsTheLastGoodListAndRaisesAnEvent) {
  FeedSet set({text_feed(), apiban_feed()}, fetcher, sink, clock);
  EXPECT_EQ(set.poll(), 2u);
  server.set_down(true);
  clock.advance(3600s);
  EXPECT_EQ(set.poll(), 0u);
  EXPECT_TRUE(listed(set, 0, "192.0.2.9"));
  EXPECT_TRUE(listed(set, 1, "198.51.100.7"));
  EXPECT_EQ(sink.count("feed.fetch_failed"), 2u);
  for (const auto& e : sink.events()) {
    if (e.kind != "feed.fetch_failed") continue;
    EXPECT_EQ(e.severity, events::Severity::kWarning);
    EXPECT_NE(e.evidence.find("HTTP status 503"), std::string::npos) << e.evidence;
    EXPECT_NE(e.evidence.find("keeping the last good list"), std::string::npos);
    // The API key in the URL is a secret: never in an event.
    EXPECT_EQ(e.evidence.find("SECRETKEY"), std::string::npos);
    EXPECT_EQ(e.field("source").find("SECRETKEY"), std::string::npos);
  }
  EXPECT_EQ(set.status(0).failures, 1u);

  // Retried after kRetryAfterFailure, not after the whole interval.
  clock.advance(FeedSet::kRetryAfterFailure);
  server.stop();  // now the port is closed: connection refused
  EXPECT_EQ(set.poll(), 0u);
  EXPECT_TRUE(listed(set, 0, "192.0.2.9"));
  EXPECT_EQ(set.status(0).failures, 2u);
  EXPECT_NE(set.status(0).last_error.find("HTTP request failed"), std::string::npos) << set.status(0).last_error;
}

TEST_F(FeedSetTest, ListExpiresAfterNoSuccessForExpireAfter) {
  FeedSet set({text_feed()}, fetcher, sink, clock);
  EXPECT_EQ(set.poll(), 1u);
  server.set_down(true);
  clock.advance(86399s);
  (void)set.poll();
  EXPECT_TRUE(listed(set, 0, "192.0.2.9"));
  EXPECT_EQ(sink.count("feed.expired"), 0u);
  clock.advance(1s);
  (void)set.poll();
  EXPECT_FALSE(listed(set, 0, "192.0.2.9"));
  EXPECT_EQ(sink.count("feed.expired"), 1u);
  server.set_down(false);
  clock.advance(FeedSet::kRetryAfterFailure);
  EXPECT_EQ(set.poll(), 1u);
  EXPECT_TRUE(listed(set, 0, "192.0.2.9"));
}

TEST_F(FeedSetTest, JunkAnswerKeepsTheLastGoodList) {
  FeedSet set({text_feed()}, fetcher, sink, clock);
  EXPECT_EQ(set.poll(), 1u);
  server.set_list("<html>\n<p>captive portal</p>\n</html>\n");
  clock.advance(3600s);
  EXPECT_EQ(set.poll(), 0u);
  EXPECT_TRUE(listed(set, 0, "192.0.2.9"));
  EXPECT_NE(sink.events().back().evidence.find("not a blocklist"), std::string::npos);
}

TEST_F(FeedSetTest, FileFeed) {
  store::TempDir dir;
  std::ofstream(dir.file("bad.txt")) << "192.0.2.77\n";
  FeedSpec s = text_feed();
  s.source = dir.file("bad.txt");
  FeedSet set({s}, fetcher, sink, clock);
  EXPECT_EQ(set.poll(), 1u);
  EXPECT_TRUE(listed(set, 0, "192.0.2.77"));
  std::remove(dir.file("bad.txt").c_str());
  clock.advance(3600s);
  EXPECT_EQ(set.poll(), 0u);
  EXPECT_TRUE(listed(set, 0, "192.0.2.77"));
  EXPECT_NE(sink.events().back().evidence.find("cannot open"), std::string::npos);
}

TEST_F(FeedSetTest, BackgroundThreadFetchesAtStart) {
  FeedSet set({text_feed()}, fetcher, sink, clock);
  set.start(10ms);
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (sink.count("feed.updated") == 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  set.stop();
  EXPECT_TRUE(listed(set, 0, "192.0.2.9"));
  EXPECT_EQ(set.index_of("firehol"), 0u);
  EXPECT_EQ(set.index_of("nope"), 1u);
}

TEST(FeedsFetch, RedactUrlKeepsOnlySchemeAndHost) {
  EXPECT_EQ(redact_url("https://apiban.org/api/KEY/banned"), "https://apiban.org/…");
  EXPECT_EQ(redact_url("http://127.0.0.1:8080"), "http://127.0.0.1:8080/…");
  EXPECT_EQ(redact_url("/etc/voipguard/drop.txt"), "/etc/voipguard/drop.txt");
}

}  // namespace
}  // namespace vg::feeds
