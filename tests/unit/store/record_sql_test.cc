// An event's fields as stored JSON (fields_json): the same text nlohmann::json's dump() gives for
// the same fields, whatever the keys and values hold.
#include "store/record_sql.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace vg::store {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

std::string reference(const Fields& fields) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : fields) j[k] = v;
  return j.dump();
}

TEST(FieldsJson, MatchesNlohmannDump) {
  const std::string controls = std::string("a\0b", 3) + "\x01\x1f\x7f";
  const Fields cases[] = {
      {},
      {{"user_agent", "friendly-scanner"}},
      {{"count", "42"}, {"call_id", "a84b4c76e66710@pc33.example.com"}, {"b", ""}},  // keys sorted
      {{"k", "first"}, {"a", "x"}, {"k", "last"}},                                  // the last value wins
      {{"quote", "say \"hi\" \\ back/slash"}, {"ws", "\b\f\n\r\t"}},
      {{"ctl", controls}},
      {{"utf8", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\x9e"}, {"\xc3\xa9t\xc3\xa9", "key in UTF-8"}},
      {{"", "empty key"}},
  };
  for (const Fields& f : cases) {
    SCOPED_TRACE(reference(f));
    EXPECT_EQ(fields_json(f), reference(f));
  }
}

TEST(FieldsJson, ParsesBackToTheFields) {
  const Fields f = {{"user_agent", "sipvicious\r\nX-Injected: 1"}, {"count", "7"}};
  const auto j = nlohmann::json::parse(fields_json(f));
  EXPECT_EQ(j.at("user_agent"), "sipvicious\r\nX-Injected: 1");
  EXPECT_EQ(j.at("count"), "7");
  EXPECT_EQ(j.size(), 2u);
}

}  // namespace
}  // namespace vg::store
