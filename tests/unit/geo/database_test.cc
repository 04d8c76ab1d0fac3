#include "geo/database.h"

#include <gtest/gtest.h>

#include <fstream>

#include "../store/temp_dir.h"
#include "mmdb_writer.h"

namespace vg::geo {
namespace {

IpAddress ip(const char* s) { return *IpAddress::parse(s); }

void write(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
}

std::string sample_mmdb() {
  test::MmdbWriter w;
  w.add(*Cidr::parse("198.51.100.0/24"), "FR");
  w.add(*Cidr::parse("203.0.113.0/25"), "BR");
  w.add(*Cidr::parse("2001:db8:aa::/48"), "JP");
  w.add(*Cidr::parse("127.0.0.3/32"), "KP");  // loopback: only an override may map it, see below
  return w.build();
}

struct GeoDatabaseTest : ::testing::Test {
  store::TempDir dir;
  Sources tor(std::vector<std::string> overrides = {}) {
    write(dir.file("v4"), "3325256704,3325256959,FR\n");  // 198.51.100.0/24
    write(dir.file("v6"), "2001:db8:aa::,2001:db8:aa:ffff:ffff:ffff:ffff:ffff,JP\n");
    Sources s;
    s.files = {dir.file("v4"), dir.file("v6")};
    s.override_files = std::move(overrides);
    return s;
  }
};

TEST_F(GeoDatabaseTest, LocalRangesAreLocalNeverACountry) {
  auto db = Database::load(tor());
  ASSERT_TRUE(db) << db.error().to_string();
  for (const char* a : {"127.0.0.1", "127.0.0.3", "10.1.2.3", "172.16.0.1", "192.168.1.1", "100.64.0.1", "169.254.1.1",
                        "::1", "fe80::1", "fd00::1"}) {
    const Answer r = (*db)->lookup(ip(a));
    EXPECT_TRUE(r.country.is_local()) << a;
    EXPECT_EQ(r.origin, Origin::kLocal) << a;
  }
  EXPECT_EQ((*db)->lookup(ip("198.51.100.7")).country.to_string(), "FR");
  EXPECT_EQ((*db)->lookup(ip("198.51.100.7")).origin, Origin::kDatabase);
  EXPECT_EQ((*db)->lookup(ip("2001:db8:aa:1::1")).country.to_string(), "JP");
  const Answer none = (*db)->lookup(ip("203.0.113.1"));
  EXPECT_TRUE(none.country.is_unknown());
  EXPECT_EQ(none.origin, Origin::kNone);
}

TEST_F(GeoDatabaseTest, OverridesComeFirstEvenForLoopback) {
  write(dir.file("ovr"), "127.0.0.3,127.0.0.3,XX\n198.51.100.9,198.51.100.9,DE\n");
  auto db = Database::load(tor({dir.file("ovr")}));
  ASSERT_TRUE(db) << db.error().to_string();
  EXPECT_EQ((*db)->lookup(ip("127.0.0.3")).country.to_string(), "XX");
  EXPECT_EQ((*db)->lookup(ip("127.0.0.3")).origin, Origin::kOverride);
  EXPECT_TRUE((*db)->lookup(ip("127.0.0.2")).country.is_local());
  EXPECT_EQ((*db)->lookup(ip("198.51.100.9")).country.to_string(), "DE");
  EXPECT_EQ((*db)->lookup(ip("198.51.100.10")).country.to_string(), "FR");
  EXPECT_NE((*db)->describe().find("overrides"), std::string::npos);
}

TEST_F(GeoDatabaseTest, BadOverrideFileFailsTheLoadWithItsLine) {
  write(dir.file("ovr"), "127.0.0.3,127.0.0.3,XYZ\n");
  auto db = Database::load(tor({dir.file("ovr")}));
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().source, dir.file("ovr"));
  EXPECT_EQ(db.error().line, 1u);
}

TEST_F(GeoDatabaseTest, MaxMindDbFile) {
  write(dir.file("c.mmdb"), sample_mmdb());
  Sources s;
  s.format = Sources::Format::kMmdb;
  s.files = {dir.file("c.mmdb")};
  auto db = Database::load(s);
  ASSERT_TRUE(db) << db.error().to_string();
  EXPECT_EQ((*db)->lookup(ip("198.51.100.200")).country.to_string(), "FR");
  EXPECT_EQ((*db)->lookup(ip("203.0.113.1")).country.to_string(), "BR");
  EXPECT_TRUE((*db)->lookup(ip("203.0.113.200")).country.is_unknown());
  EXPECT_EQ((*db)->lookup(ip("2001:db8:aa:ff::9")).country.to_string(), "JP");
  EXPECT_TRUE((*db)->lookup(ip("2001:db8:ab::1")).country.is_unknown());
  EXPECT_TRUE((*db)->lookup(ip("127.0.0.3")).country.is_local());  // local before the database
  EXPECT_NE((*db)->describe().find("VG-Test-Country"), std::string::npos);
}

TEST_F(GeoDatabaseTest, MaxMindDbSurvivesTheFileBeingOverwrittenInPlace) {
  write(dir.file("c.mmdb"), sample_mmdb());
  Sources s;
  s.format = Sources::Format::kMmdb;
  s.files = {dir.file("c.mmdb")};
  auto db = Database::load(s);
  ASSERT_TRUE(db);
  // What `cp new.mmdb c.mmdb` does first: truncate the file we read. A mapping of the file itself
  // would now fault (SIGBUS) on the next lookup.
  write(dir.file("c.mmdb"), "");
  EXPECT_EQ((*db)->lookup(ip("198.51.100.200")).country.to_string(), "FR");
  EXPECT_EQ((*db)->lookup(ip("2001:db8:aa::1")).country.to_string(), "JP");
}

TEST_F(GeoDatabaseTest, TruncatedOrForeignMmdbIsRefused) {
  const std::string good = sample_mmdb();
  Sources s;
  s.format = Sources::Format::kMmdb;
  s.files = {dir.file("c.mmdb")};
  for (size_t cut : {size_t{0}, size_t{10}, good.size() / 2, good.size() - 20}) {
    write(dir.file("c.mmdb"), good.substr(0, cut));
    auto db = Database::load(s);
    EXPECT_FALSE(db) << "cut at " << cut;
  }
  write(dir.file("c.mmdb"), "16777216,16777471,AU\n");
  auto db = Database::load(s);
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().message.find("not a MaxMind DB file"), std::string::npos);
}

}  // namespace
}  // namespace vg::geo
