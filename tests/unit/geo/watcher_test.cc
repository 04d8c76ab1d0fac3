#include "geo/watcher.h"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "../store/temp_dir.h"
#include "mmdb_writer.h"

namespace vg::geo {
namespace {

IpAddress ip(const char* s) { return *IpAddress::parse(s); }
using Poll = Watcher::PollResult;

// `lines` ranges of 256 addresses from 1.0.0.0, all FR except the first, which is `first_cc`.
std::string tor_data(size_t lines, const char* first_cc) {
  std::string s = "# test data\n";
  for (size_t i = 0; i < lines; ++i) {
    const uint32_t start = 0x01000000u + static_cast<uint32_t>(i) * 256;
    s += std::to_string(start) + "," + std::to_string(start + 255) + "," + (i == 0 ? first_cc : "FR") + "\n";
  }
  return s;
}

struct GeoWatcherTest : ::testing::Test {
  store::TempDir dir;
  events::RecordingSink sink;
  FakeClock clock;
  std::string path = dir.file("geoip");

  void write(const std::string& content) { std::ofstream(path, std::ios::binary | std::ios::trunc) << content; }
  Sources sources() {
    Sources s;
    s.files = {path};
    return s;
  }
  static std::string first(const Watcher& w) { return w.current()->lookup(ip("1.0.0.1")).country.to_string(); }
};

TEST_F(GeoWatcherTest, ReloadsAChangedFileOnceItHasSettled) {
  write(tor_data(100, "AU"));
  Watcher w(sources(), sink, clock);
  ASSERT_TRUE(w.load());
  EXPECT_EQ(first(w), "AU");
  EXPECT_EQ(w.poll(), Poll::kUnchanged);

  auto before = w.current();
  write(tor_data(100, "NZ") + "# longer\n");
  EXPECT_EQ(w.poll(), Poll::kSettling);  // just changed: maybe still being written
  EXPECT_EQ(first(w), "AU");
  EXPECT_EQ(w.poll(), Poll::kReloaded);
  EXPECT_EQ(first(w), "NZ");
  EXPECT_EQ(before->lookup(ip("1.0.0.1")).country.to_string(), "AU");  // old snapshot still valid
  EXPECT_EQ(sink.count("geo.reloaded"), 1u);
  EXPECT_EQ(w.poll(), Poll::kUnchanged);
}

TEST_F(GeoWatcherTest, AFileStillGrowingIsNotRead) {
  write(tor_data(100, "AU"));
  Watcher w(sources(), sink, clock);
  ASSERT_TRUE(w.load());
  const std::string next = tor_data(300, "NZ");
  // A copy in progress: every poll sees a different size.
  for (size_t cut : {next.size() / 4, next.size() / 2, next.size() * 3 / 4}) {
    write(next.substr(0, cut));
    EXPECT_EQ(w.poll(), Poll::kSettling);
    EXPECT_EQ(first(w), "AU");
  }
  write(next);
  EXPECT_EQ(w.poll(), Poll::kSettling);
  EXPECT_EQ(w.poll(), Poll::kReloaded);
  EXPECT_EQ(first(w), "NZ");
  EXPECT_EQ(sink.count("geo.reload_failed"), 0u);
}

TEST_F(GeoWatcherTest, HalfCopiedFileKeepsTheOldTableAndRaisesAnEvent) {
  write(tor_data(100, "AU"));
  Watcher w(sources(), sink, clock);
  ASSERT_TRUE(w.load());
  const std::string next = tor_data(100, "NZ");
  write(next.substr(0, next.size() / 2 + 3));  // cut in the middle of a line, and the copy stalls
  EXPECT_EQ(w.poll(), Poll::kSettling);
  EXPECT_EQ(w.poll(), Poll::kFailed);
  EXPECT_EQ(first(w), "AU");
  ASSERT_EQ(sink.count("geo.reload_failed"), 1u);
  const auto e = sink.events().back();
  EXPECT_EQ(e.severity, events::Severity::kWarning);
  EXPECT_NE(e.evidence.find(path + ":"), std::string::npos) << e.evidence;
  EXPECT_NE(e.evidence.find("keeping the previous database"), std::string::npos);
  EXPECT_EQ(w.poll(), Poll::kUnchanged);  // no retry (and no event) until the file changes again
  EXPECT_EQ(sink.count("geo.reload_failed"), 1u);

  write(next);  // the copy finishes
  EXPECT_EQ(w.poll(), Poll::kSettling);
  EXPECT_EQ(w.poll(), Poll::kReloaded);
  EXPECT_EQ(first(w), "NZ");
}

TEST_F(GeoWatcherTest, FileCutAtALineBoundaryThatLosesMostRangesIsRefused) {
  write(tor_data(100, "AU"));
  Watcher w(sources(), sink, clock);
  ASSERT_TRUE(w.load());
  write(tor_data(30, "NZ"));  // parses cleanly, but 30 % of the ranges
  EXPECT_EQ(w.poll(), Poll::kSettling);
  EXPECT_EQ(w.poll(), Poll::kFailed);
  EXPECT_EQ(first(w), "AU");
  EXPECT_NE(sink.events().back().evidence.find("truncated"), std::string::npos);
}

TEST_F(GeoWatcherTest, DeletedFileKeepsTheOldTable) {
  write(tor_data(10, "AU"));
  Watcher w(sources(), sink, clock);
  ASSERT_TRUE(w.load());
  std::remove(path.c_str());
  EXPECT_EQ(w.poll(), Poll::kSettling);
  EXPECT_EQ(w.poll(), Poll::kFailed);
  EXPECT_EQ(first(w), "AU");
  EXPECT_NE(sink.events().back().evidence.find("cannot open"), std::string::npos);
}

TEST_F(GeoWatcherTest, InitialLoadErrorIsReported) {
  write("1,2,USA\n");
  Watcher w(sources(), sink, clock);
  auto r = w.load();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().line, 1u);
  EXPECT_EQ(w.current(), nullptr);
}

TEST_F(GeoWatcherTest, MmdbReplacedWhileLookupsRunOnOtherThreads) {
  path = dir.file("c.mmdb");
  auto mmdb = [](const char* cc) {
    test::MmdbWriter m;
    m.add(*Cidr::parse("1.0.0.0/24"), cc);
    return m.build();
  };
  write(mmdb("AU"));
  Sources s;
  s.format = Sources::Format::kMmdb;
  s.files = {path};
  Watcher w(s, sink, clock);
  ASSERT_TRUE(w.load());

  std::atomic<bool> done{false};
  std::atomic<uint64_t> lookups{0}, bad{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 2; ++t) {
    readers.emplace_back([&] {
      while (!done.load()) {
        const std::string c = w.current()->lookup(ip("1.0.0.1")).country.to_string();
        if (c != "AU" && c != "NZ") bad.fetch_add(1);
        lookups.fetch_add(1);
      }
    });
  }
  // Overwrite in place, in pieces, polling in between, then finish: readers never see garbage.
  const std::string next = mmdb("NZ");
  for (int round = 0; round < 20; ++round) {
    write(next.substr(0, next.size() * static_cast<size_t>(round) / 20));
    (void)w.poll();
    (void)w.poll();
  }
  write(next);
  (void)w.poll();
  EXPECT_EQ(w.poll(), Poll::kReloaded);
  done = true;
  for (auto& r : readers) r.join();
  EXPECT_EQ(bad.load(), 0u);
  EXPECT_GT(lookups.load(), 0u);
  EXPECT_EQ(first(w), "NZ");
}

TEST_F(GeoWatcherTest, BackgroundThreadStartsAndStops) {
  write(tor_data(10, "AU"));
  Watcher w(sources(), sink, clock);
  ASSERT_TRUE(w.load());
  w.start(std::chrono::milliseconds(1));
  w.stop();
  w.start(std::chrono::milliseconds(1));
  // destructor stops it
}

}  // namespace
}  // namespace vg::geo
