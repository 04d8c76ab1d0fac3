#include "filters/sanity/sanity_checks.h"

#include "filter_fixture.h"

namespace vg::filters::test {
namespace {

std::optional<sanity::Problem> problem(const std::string& bytes) {
  auto m = sip::Message::parse(bytes);
  EXPECT_TRUE(m && m->validate()) << bytes;
  return sanity::check_request(*m);
}

std::string replace(std::string s, std::string_view from, std::string_view to) {
  auto i = s.find(from);
  EXPECT_NE(i, std::string::npos) << from;
  return s.replace(i, from.size(), to);
}

TEST(FiltersSanity, AcceptsOrdinaryRequests) {
  for (auto method : {"INVITE", "REGISTER", "OPTIONS", "BYE", "MESSAGE"}) {
    EXPECT_FALSE(problem(request(method, "1001"))) << method;
  }
}

TEST(FiltersSanity, Table) {
  struct Case {
    std::string bytes;
    int status;
    std::string_view rule;
  } cases[] = {
      {replace(request("OPTIONS", "1001"), "sip:1001@example.com SIP", "http://example.com/x SIP"), 416, "uri_scheme"},
      {request("OPTIONS", "1001", "Proxy-Require: foo\r\n"), 420, "proxy_require"},
      {replace(request("INVITE", "1001"), "Contact: <sip:1001@192.0.2.10:5060>\r\n", ""), 400, "invite_contact"},
      {replace(request("INVITE", "1001"), "Content-Length: 0\r\n\r\n", "Content-Length: 3\r\n\r\nv=0"), 400,
       "content_type"},
  };
  for (const auto& c : cases) {
    auto p = problem(c.bytes);
    ASSERT_TRUE(p) << c.bytes;
    EXPECT_EQ(p->status, c.status) << c.bytes;
    EXPECT_EQ(p->rule, c.rule);
  }
  auto p = problem(request("OPTIONS", "1001", "Proxy-Require: foo\r\n"));
  EXPECT_EQ(p->header_name, "Unsupported");
  EXPECT_EQ(p->header_value, "foo");
}

TEST_F(FilterTest, SanityAppliesEvenToTrustedSources) {
  build("filters:\n  trusted: [203.0.113.0/24]\n");
  auto v = run(request("OPTIONS", "1001", "Proxy-Require: foo\r\n"), ep("203.0.113.1:5060"));
  EXPECT_EQ(v.status, 420);
  EXPECT_EQ(v.header_name, "Unsupported");
}

}  // namespace
}  // namespace vg::filters::test
