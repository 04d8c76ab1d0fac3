#include "log/log.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace vg::log {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class LogFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("vg-log-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "voipguard.log").string();
  }
  void TearDown() override {
    shutdown();
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(LogFile, TextLinesWithLevelFilterAndEscaping) {
  ASSERT_TRUE(init(Options{Level::kInfo, Format::kText, path_}));
  debug("not written {}", 1);
  info("call-id={}", std::string_view("abc\r\nFAKE error line"));
  warn("warned");
  shutdown();
  const std::string text = read_file(path_);
  EXPECT_EQ(text.find("not written"), std::string::npos);
  EXPECT_NE(text.find(" info call-id=abc\\x0d\\x0aFAKE error line\n"), std::string::npos) << text;
  EXPECT_NE(text.find(" warn warned\n"), std::string::npos);
  // 2026-11-27T18:15:18.123Z info ...
  EXPECT_EQ(text[4], '-');
  EXPECT_EQ(text[10], 'T');
  EXPECT_EQ(text[23], 'Z');
  struct stat st{};
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(LogFile, JsonLinesParse) {
  ASSERT_TRUE(init(Options{Level::kDebug, Format::kJson, path_}));
  debug("recv {} from {}", "INVITE", "192.0.2.1:5060");
  error("bad \"quote\" \x01 and \xff byte");
  shutdown();
  std::istringstream lines(read_file(path_));
  std::string line;
  std::vector<nlohmann::json> records;
  while (std::getline(lines, line)) records.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0]["level"], "debug");
  EXPECT_EQ(records[0]["msg"], "recv INVITE from 192.0.2.1:5060");
  EXPECT_EQ(records[1]["level"], "error");
  EXPECT_EQ(records[1]["msg"], "bad \"quote\" \x01 and \xc3\xbf byte");
  EXPECT_TRUE(records[0]["time"].is_string());
}

TEST_F(LogFile, SetLevelAppliesToTheRunningLogger) {
  ASSERT_TRUE(init(Options{Level::kWarn, Format::kText, path_}));
  EXPECT_FALSE(enabled(Level::kInfo));
  set_level(Level::kDebug);
  EXPECT_TRUE(enabled(Level::kDebug));
  debug("now visible");
  shutdown();
  EXPECT_NE(read_file(path_).find(" debug now visible"), std::string::npos);
}

TEST_F(LogFile, UnwritableFileIsAnError) {
  auto r = init(Options{Level::kInfo, Format::kText, (dir_ / "missing" / "x.log").string()});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("cannot open log file"), std::string::npos);
}

}  // namespace
}  // namespace vg::log
