#include "geo/tor_format.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "../store/temp_dir.h"
#include "geo/country.h"

namespace vg::geo {
namespace {

IpAddress ip(const char* s) { return *IpAddress::parse(s); }
std::string cc(const RangeTable& t, const char* address) { return Country::from_value(t.lookup(ip(address))).to_string(); }

TEST(GeoTorFormat, ParsesIntegersAddressesCommentsAndUnknown) {
  const std::string text =
      "# header\n"
      "\n"
      "16777216,16777471,AU\r\n"           // 1.0.0.0 - 1.0.0.255
      "16777472,16778239,??\n"             // assigned to no country: skipped
      "  192.0.2.0 , 192.0.2.255 , de \n"  // dotted quad, spaces, lower case
      "2001:db8::,2001:db8:ffff:ffff:ffff:ffff:ffff:ffff,NL\n"
      "198.51.100.0,198.51.100.255,UK\n"  // IPFire's UK is ISO's GB
      "# trailing comment";
  RangeTableBuilder b(RangeTableBuilder::Overlap::kReject);
  auto n = parse_tor_geoip(text, "t", b);
  ASSERT_TRUE(n) << n.error().to_string();
  EXPECT_EQ(*n, 4u);
  auto t = b.build();
  ASSERT_TRUE(t);
  EXPECT_EQ(cc(*t, "1.0.0.1"), "AU");
  EXPECT_EQ(cc(*t, "1.0.1.1"), "unknown");
  EXPECT_EQ(cc(*t, "192.0.2.9"), "DE");
  EXPECT_EQ(cc(*t, "2001:db8:5::1"), "NL");
  EXPECT_EQ(cc(*t, "198.51.100.1"), "GB");
}

TEST(GeoTorFormat, MalformedLinesNameTheirLine) {
  struct Case {
    const char* line;
    const char* message;
  } cases[] = {
      {"1,2", "expected FIRST,LAST,COUNTRY"},
      {"1,2,US,extra", "expected FIRST,LAST,COUNTRY"},
      {"x,2,US", "bad first address"},
      {"1,,US", "bad last address"},
      {"99999999999,99999999999,US", "bad first address"},  // over 32 bits
      {"2,1,US", "range ends before it starts"},
      {"1,::1,US", "range mixes IPv4 and IPv6"},
      {"1,2,USA", "bad country code"},
      {"1,2,", "bad country code"},
      {"1,2,U1", "bad country code"},
      {"16777216,1677", "expected FIRST,LAST,COUNTRY"},  // a line cut by a copy in progress
  };
  for (const auto& c : cases) {
    RangeTableBuilder b(RangeTableBuilder::Overlap::kReject);
    auto n = parse_tor_geoip(std::string("# c\n10,20,FR\n") + c.line + "\n", "geo.txt", b);
    ASSERT_FALSE(n) << c.line;
    EXPECT_EQ(n.error().line, 3u) << c.line;
    EXPECT_NE(n.error().message.find(c.message), std::string::npos) << c.line << " -> " << n.error().message;
    EXPECT_EQ(n.error().to_string().rfind("geo.txt:3: ", 0), 0u) << n.error().to_string();
  }
}

TEST(GeoTorFormat, BinaryGarbageIsAnErrorNotACrash) {
  std::string junk;
  for (int i = 0; i < 4096; ++i) junk.push_back(static_cast<char>((i * 131 + 7) & 0xff));
  RangeTableBuilder b(RangeTableBuilder::Overlap::kReject);
  EXPECT_FALSE(parse_tor_geoip(junk, "junk", b));
}

TEST(GeoTorFormat, FilesOverlapAcrossLinesIsReportedWithBothLines) {
  store::TempDir dir;
  std::ofstream(dir.file("a")) << "# x\n10,20,FR\n15,30,DE\n";
  auto t = load_tor_geoip_files({dir.file("a")});
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().to_string(), dir.file("a") + ":3: range overlaps line 2");
  auto missing = load_tor_geoip_files({dir.file("nope")});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().to_string(), dir.file("nope") + ": cannot open");
}

// The real data shipped by Debian's tor-geoipdb (installed by scripts/install-deps): every range
// of a sample of lines answers its own country at both ends.
TEST(GeoTorFormat, DebianTorGeoipdbLoadsAndAnswersItsOwnLines) {
  const std::string v4 = "/usr/share/tor/geoip", v6 = "/usr/share/tor/geoip6";
  ASSERT_TRUE(std::filesystem::exists(v4) && std::filesystem::exists(v6)) << "tor-geoipdb is not installed";
  auto t = load_tor_geoip_files({v4, v6});
  ASSERT_TRUE(t) << t.error().to_string();
  EXPECT_GT(t->v4_entries(), 100000u);
  EXPECT_GT(t->v6_entries(), 50000u);
  for (const auto& path : {v4, v6}) {
    std::ifstream in(path);
    std::string line;
    size_t checked = 0;
    for (size_t n = 0; std::getline(in, line); ++n) {
      if (line.empty() || line[0] == '#' || n % 997 != 0) continue;
      RangeTableBuilder one(RangeTableBuilder::Overlap::kReject);
      ASSERT_TRUE(parse_tor_geoip(line, path, one));
      const auto c1 = line.find(','), c2 = line.find(',', c1 + 1);
      std::string code = line.substr(c2 + 1);
      if (code == "??") continue;
      if (code == "UK") code = "GB";
      for (const std::string& a : {line.substr(0, c1), line.substr(c1 + 1, c2 - c1 - 1)}) {
        const IpAddress addr = a.find_first_not_of("0123456789") == std::string::npos
                                   ? IpAddress::v4(static_cast<uint32_t>(std::stoul(a)))
                                   : *IpAddress::parse(a);
        EXPECT_EQ(Country::from_value(t->lookup(addr)).to_string(), code) << line;
      }
      ++checked;
    }
    EXPECT_GT(checked, 100u) << path;
  }
}

}  // namespace
}  // namespace vg::geo
