// Account passwords in the file go through auth::check_password with auth.password_policy; a weak
// one is refused unless allow_weak_password is set for that account, which turns it into warnings.
#include <gtest/gtest.h>

#include "config/config.h"

namespace vg::config {
namespace {

std::string tenant_with(const std::string& account_fields, const std::string& auth = "") {
  return auth + "tenants:\n  - domain: pbx.example.com\n    accounts:\n      - username: alice\n" + account_fields;
}

TEST(AccountPolicy, CommonPasswordRefused) {
  auto r = load_config_string(tenant_with("        password: \"Password123!\"\n"), "t.yaml");
  ASSERT_FALSE(r.has_value());
  ASSERT_EQ(r.error().size(), 1u);
  EXPECT_NE(r.error()[0].message.find("common or vendor-default"), std::string::npos);
}

TEST(AccountPolicy, WeakPasswordAcceptedWithOverrideAsWarnings) {
  auto r = load_config_string(tenant_with("        password: \"Password123!\"\n        allow_weak_password: true\n"),
                              "t.yaml");
  ASSERT_TRUE(r.has_value()) << r.error()[0].to_string();
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_EQ(r->warnings[0].path, "tenants[0].accounts[0].password");
  EXPECT_EQ(r->warnings[0].line, 5);
  EXPECT_NE(r->warnings[0].message.find("allow_weak_password"), std::string::npos);
  EXPECT_EQ(r->warnings[0].to_string().find("Password123!"), std::string::npos);
  const Account* a = r->tenants[0].find_account("alice");
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(a->allow_weak_password);
  EXPECT_EQ(a->ha1_md5.size(), 32u);
}

TEST(AccountPolicy, OverrideDoesNotAllowControlCharacters) {
  auto r = load_config_string(
      tenant_with("        password: \"Zebra-Horse1!\\tjk\"\n        allow_weak_password: true\n"), "t.yaml");
  ASSERT_FALSE(r.has_value());
}

TEST(AccountPolicy, StrongPasswordHasNoWarnings) {
  auto r = load_config_string(tenant_with("        password: \"Tr0ub4dor&3-horse\"\n"), "t.yaml");
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->warnings.empty());
}

TEST(AccountPolicy, PolicyIsConfigurable) {
  const std::string auth =
      "auth:\n  password_policy:\n    min_length: 8\n    require_symbol: false\n  pin_policy:\n    min_length: 4\n";
  auto r = load_config_string(tenant_with("        password: \"Zebra1Horse\"\n", auth), "t.yaml");
  ASSERT_TRUE(r.has_value()) << r.error()[0].to_string();
  EXPECT_EQ(r->auth.password_policy.min_length, 8u);
  EXPECT_FALSE(r->auth.password_policy.require_symbol);
  EXPECT_EQ(r->auth.pin_policy.min_length, 4u);
  auto strict = load_config_string(tenant_with("        password: \"Zebra1Horse\"\n"), "t.yaml");
  EXPECT_FALSE(strict.has_value());
}

TEST(AccountPolicy, PolicyBoundsChecked) {
  auto r = load_config_string("auth:\n  password_policy:\n    min_length: 4\n    max_runs: 3\n", "t.yaml");
  ASSERT_FALSE(r.has_value());
  ASSERT_EQ(r.error().size(), 2u);
  EXPECT_EQ(r.error()[0].path, "auth.password_policy.min_length");
  EXPECT_EQ(r.error()[1].path, "auth.password_policy.max_runs");
}

}  // namespace
}  // namespace vg::config
