#include "filters/acl/acl_filter.h"

#include "filter_fixture.h"
#include "filters/acl/cidr_rules.h"

namespace vg::filters::test {
namespace {

TEST(FiltersCidrRules, DenyWinsEmptyAllowAllows) {
  acl::CidrRules r;
  auto a = *IpAddress::parse("10.0.0.5");
  EXPECT_TRUE(acl::allowed(r, a));
  r.allow = {*Cidr::parse("10.0.0.0/8")};
  EXPECT_TRUE(acl::allowed(r, a));
  EXPECT_FALSE(acl::allowed(r, *IpAddress::parse("192.0.2.1")));
  r.deny = {*Cidr::parse("10.0.0.0/24")};
  EXPECT_FALSE(acl::allowed(r, a));
  EXPECT_TRUE(acl::allowed(r, *IpAddress::parse("10.0.1.5")));
}

constexpr std::string_view kAcl = R"(filters:
  acl:
    listeners:
      - { listener: tcp4, allow: [192.0.2.0/24] }
    tenants:
      - { tenant: example.com, deny: [198.51.100.0/24] }
)";

TEST_F(FilterTest, ListenerAclDropsBeforeParsing) {
  build(kAcl);
  EXPECT_TRUE(pipeline->admit(inbound("x", ep("203.0.113.1:5060"), 0)));  // no rule on udp4
  EXPECT_FALSE(pipeline->admit(inbound("x", ep("203.0.113.1:5060"), 1)));
  EXPECT_TRUE(pipeline->admit(inbound("x", ep("192.0.2.1:5060"), 1)));
  ASSERT_EQ(events.events().size(), 1u);
  EXPECT_EQ(events.events()[0].rule, "listener");
  EXPECT_EQ(events.events()[0].action, "drop");
}

TEST_F(FilterTest, TenantAclDropsSilently) {
  build(kAcl);
  EXPECT_EQ(run(request("REGISTER", "1001"), ep("198.51.100.9:5060")).action, Action::kDrop);
  EXPECT_TRUE(run(request("REGISTER", "1001"), ep("192.0.2.9:5060")).passes());
  EXPECT_EQ(events.events().at(0).rule, "tenant");
}

TEST_F(FilterTest, AccountAllowFromAnswers403BeforeDigestWork) {
  build("");
  auto auth = [](std::string_view user) {
    return "Proxy-Authorization: Digest username=\"" + std::string(user) +
           "\", realm=\"example.com\", nonce=\"n\", uri=\"sip:1001@example.com\", "
           "response=\"00000000000000000000000000000000\"\r\n";
  };
  auto v = run(request("INVITE", "1001", auth("1002")), ep("192.0.2.9:5060"));
  EXPECT_EQ(v.action, Action::kReply);
  EXPECT_EQ(v.status, 403);
  EXPECT_EQ(events.events().at(0).rule, "account_allow_from");
  EXPECT_EQ(events.events().at(0).account, "1002");
  EXPECT_TRUE(run(request("INVITE", "1001", auth("1002")), ep("10.1.2.3:5060")).passes());
  EXPECT_TRUE(run(request("INVITE", "1002", auth("1001")), ep("192.0.2.9:5060")).passes());  // no allow_from
}

TEST(FiltersAclConfig, UnknownListenerOrTenantIsAConfigError) {
  std::string yaml(kBaseYaml);
  yaml += "filters:\n  acl:\n    listeners:\n      - { listener: nope, allow: [10.0.0.0/8] }\n"
          "    tenants:\n      - { tenant: other.org, deny: [10.0.0.1/8] }\n";
  auto r = config::load_config_string(yaml, "t.yaml");
  ASSERT_FALSE(r);
  ASSERT_EQ(r.error().size(), 3u);
  EXPECT_NE(r.error()[0].to_string().find("t.yaml:13:"), std::string::npos) << r.error()[0].to_string();
  EXPECT_NE(r.error()[0].to_string().find("names no configured listener: 'nope'"), std::string::npos);
  EXPECT_NE(r.error()[1].to_string().find("t.yaml:15:"), std::string::npos) << r.error()[1].to_string();
  EXPECT_NE(r.error()[1].to_string().find("names no configured tenant"), std::string::npos);
  EXPECT_NE(r.error()[2].to_string().find("beyond its prefix"), std::string::npos) << r.error()[2].to_string();
}

}  // namespace
}  // namespace vg::filters::test
