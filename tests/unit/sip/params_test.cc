// Tests for src/sip/params.cc: parameter lookup, iteration and validation.
#include "sip/params.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>

#include "test_util.h"
#include <vector>

namespace vg::sip {
namespace {

using test::random_text;
using test::within;

std::vector<Param> all(const ParamList& p) {
  std::vector<Param> out;
  auto c = p.cursor();
  Param item;
  while (c.next(item)) out.push_back(item);
  return out;
}

TEST(ParamList, EmptyList) {
  ParamList p;
  EXPECT_TRUE(p.empty());
  EXPECT_EQ(p.raw(), "");
  EXPECT_FALSE(p.get("tag").has_value());
  EXPECT_FALSE(p.has("tag"));
  EXPECT_TRUE(all(p).empty());
}

TEST(ParamList, LookupIsCaseInsensitiveOnNames) {
  ParamList p("tag=AbC;Branch=z9hG4bK1;lr");
  EXPECT_FALSE(p.empty());
  EXPECT_EQ(p.get("TAG"), "AbC");
  EXPECT_EQ(p.get("branch"), "z9hG4bK1");
  EXPECT_EQ(p.get("LR"), "");
  EXPECT_TRUE(p.has("lr"));
  EXPECT_FALSE(p.has("l"));
  EXPECT_FALSE(p.has("tags"));
  auto f = p.find("Tag");
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->name, "tag");  // as written
  EXPECT_EQ(f->value, "AbC");
  EXPECT_TRUE(f->has_value);
}

TEST(ParamList, FirstOccurrenceWins) {
  ParamList p("a=1;a=2");
  EXPECT_EQ(p.get("a"), "1");
}

TEST(ParamList, IterationInOrder) {
  ParamList p(" a = 1 ; b ;c=\"x;y\";d=");
  auto items = all(p);
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].name, "a");
  EXPECT_EQ(items[0].value, "1");
  EXPECT_TRUE(items[0].has_value);
  EXPECT_EQ(items[1].name, "b");
  EXPECT_EQ(items[1].value, "");
  EXPECT_FALSE(items[1].has_value);
  EXPECT_EQ(items[2].name, "c");
  EXPECT_EQ(items[2].value, "\"x;y\"");  // quoted values keep their quotes; ';' inside does not split
  EXPECT_EQ(items[3].name, "d");
  EXPECT_EQ(items[3].value, "");
  EXPECT_TRUE(items[3].has_value);
}

TEST(ParamList, QuotedValueWithEscapedQuote) {
  ParamList p(R"(x="a\";b";y=2)");
  EXPECT_EQ(p.get("x"), R"("a\";b")");
  EXPECT_EQ(p.get("y"), "2");
}

TEST(ParamList, SkipsEmptyItems) {
  auto items = all(ParamList(";;a;;b;"));
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].name, "a");
  EXPECT_EQ(items[1].name, "b");
}

struct ValidateCase {
  std::string_view raw;
  bool header_params;
  bool ok;
};

class ValidateParams : public ::testing::TestWithParam<ValidateCase> {};

TEST_P(ValidateParams, Result) {
  const auto& c = GetParam();
  EXPECT_EQ(validate_params(c.raw, c.header_params), c.ok) << "'" << c.raw << "' header=" << c.header_params;
}

INSTANTIATE_TEST_SUITE_P(
    Params, ValidateParams,
    ::testing::Values(
        // header parameters: token names, token / host / quoted-string values
        ValidateCase{"tag=1928301774", true, true}, ValidateCase{"tag=a;lr", true, true},
        ValidateCase{"lr", true, true}, ValidateCase{"q=0.7;expires=3600", true, true},
        ValidateCase{"received=[2001:db8::1]", true, true}, ValidateCase{"received=2001:db8::1", true, true},
        ValidateCase{"x=\"quoted; value, with <stuff>\"", true, true},
        ValidateCase{"x=\"esc \\\" quote\"", true, true}, ValidateCase{"a = b ; c", true, true},
        ValidateCase{"+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\"", true, true},
        ValidateCase{"", true, false}, ValidateCase{";", true, false}, ValidateCase{"tag=1;", true, false},
        ValidateCase{"=1", true, false}, ValidateCase{"tag=", true, false}, ValidateCase{"t ag=1", true, false},
        ValidateCase{"tag=a b", true, false}, ValidateCase{"x=\"unterminated", true, false},
        ValidateCase{"x=\"a\"b", true, false}, ValidateCase{"x=a\"b\"", true, false},
        ValidateCase{"na(me)=1", true, false}, ValidateCase{"x=<a>", true, false},
        // URI parameters: paramchar names and values, no quoting
        ValidateCase{"transport=tcp", false, true}, ValidateCase{"lr", false, true},
        ValidateCase{"maddr=[::1]", false, true}, ValidateCase{"x=%41", false, true},
        ValidateCase{"a/b=c:d&e+f$", false, true}, ValidateCase{"x=\"q\"", false, false},
        ValidateCase{"x=%4", false, false}, ValidateCase{"%zz", false, false}, ValidateCase{"x=a,b", false, false},
        ValidateCase{"x=a@b", false, false}, ValidateCase{"x=", false, false}, ValidateCase{"", false, false}, ValidateCase{"a;;b", false, false}));



TEST(ParamList, RandomInputNeverCrashes) {
  std::mt19937 rng(5);
  const std::string_view alphabet = "ab=;\"\\ <>,%4z";
  for (int i = 0; i < 20000; ++i) {
    std::string text = random_text(rng, alphabet, 30);
    (void)validate_params(text, true);
    (void)validate_params(text, false);
    ParamList p(text);
    (void)p.get("a");
    auto c = p.cursor();
    Param item;
    int n = 0;
    while (c.next(item)) {
      EXPECT_TRUE(within(text, item.name) && within(text, item.value));
      ASSERT_LT(++n, 100);
    }
  }
}

}  // namespace
}  // namespace vg::sip
