#include "feeds/list_parser.h"

#include <gtest/gtest.h>

namespace vg::feeds {
namespace {

std::vector<std::string> texts(const std::vector<Cidr>& v) {
  std::vector<std::string> out;
  for (const auto& c : v) out.push_back(c.to_string());
  return out;
}

TEST(FeedsTextList, AddressesCidrsCommentsAndJunk) {
  const std::string text =
      "# FireHOL-style header\n"
      "192.0.2.1\n"
      "198.51.100.0/24 ; SBL123 (Spamhaus DROP style)\n"
      "  203.0.113.7   extra words are ignored\r\n"
      "\n"
      "2001:db8::/32\n"
      "not-an-address\n"
      "10.1.2.3/8\n";  // host bits cleared
  auto r = parse_text_list(text);
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(texts(r->entries), (std::vector<std::string>{"192.0.2.1/32", "198.51.100.0/24", "203.0.113.7/32",
                                                         "2001:db8::/32", "10.0.0.0/8"}));
  EXPECT_EQ(r->ignored, 1u);
  EXPECT_EQ(r->first_ignored, 7u);
}

TEST(FeedsTextList, EmptyListIsValidButAllJunkIsNot) {
  auto empty = parse_text_list("# nothing listed today\n\n");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->entries.empty());
  auto html = parse_text_list("<html>\n<body>502 Bad Gateway</body>\n</html>\n");
  ASSERT_FALSE(html);
  EXPECT_NE(html.error().find("line 1"), std::string::npos) << html.error();
}

TEST(FeedsApiban, PagesIdsAndTheLastPage) {
  auto p = parse_apiban_page(R"({"ipaddress":["192.0.2.1","198.51.100.9","2001:db8::7"],"ID":"1234567"})");
  ASSERT_TRUE(p) << p.error();
  EXPECT_EQ(texts(p->list.entries), (std::vector<std::string>{"192.0.2.1/32", "198.51.100.9/32", "2001:db8::7/128"}));
  EXPECT_EQ(p->next_id, "1234567");

  auto last = parse_apiban_page(R"({"ipaddress":["no new bans"], "ID":"none"})");
  ASSERT_TRUE(last);
  EXPECT_TRUE(last->list.entries.empty());
  EXPECT_EQ(last->list.ignored, 1u);
  EXPECT_EQ(last->next_id, "none");

  auto numeric = parse_apiban_page(R"({"ipaddress":[],"ID":42})");
  ASSERT_TRUE(numeric);
  EXPECT_EQ(numeric->next_id, "42");
}

TEST(FeedsApiban, MalformedAnswers) {
  struct Case {
    const char* json;
    const char* error;
  } cases[] = {
      {"", "not a JSON object"},
      {"<html>Unauthorized</html>", "not a JSON object"},
      {"[1,2]", "not a JSON object"},
      {R"({"ipaddress":["192.0.2.1"]})", "no \"ID\""},
      {R"({"ipaddress":"192.0.2.1","ID":"5"})", "not a list"},
      {R"({"ipaddress":[],"ID":null})", "neither a string nor a number"},
      {R"({"ipaddress":[],"ID":""})", "empty"},
      {R"({"ipaddress":[1, {"x":1}, "192.0.2.1"],"ID":"none"})", nullptr},  // junk items ignored
  };
  for (const auto& c : cases) {
    auto r = parse_apiban_page(c.json);
    if (c.error == nullptr) {
      ASSERT_TRUE(r) << c.json;
      EXPECT_EQ(r->list.entries.size(), 1u);
      EXPECT_EQ(r->list.ignored, 2u);
      continue;
    }
    ASSERT_FALSE(r) << c.json;
    EXPECT_NE(r.error().find(c.error), std::string::npos) << c.json << " -> " << r.error();
  }
}

}  // namespace
}  // namespace vg::feeds
