// Accounts and administrators in the store, on SQLite and PostgreSQL: add/find/list/update/delete,
// the revision a running gateway polls, TOTP step check-and-set and single-use recovery codes.
#include "store/account_store.h"

#include <gtest/gtest.h>

#include "store/admin_store.h"
#include "store_backends.h"

namespace vg::store::testing {
namespace {

template <class B>
class AccountStoreTest : public ConnectedTest<B> {};

using AccountBackends = ::testing::Types<SqliteBackend, PostgresqlBackend>;
TYPED_TEST_SUITE(AccountStoreTest, AccountBackends, BackendNames);

StoredAccount account(std::string tenant, std::string user) {
  return StoredAccount{std::move(tenant), std::move(user), std::string(32, 'a'), std::string(64, 'b'), true, "", 100, 100};
}

TYPED_TEST(AccountStoreTest, AddFindListUpdateRemove) {
  AccountStore s(*this->conn_);
  auto rev0 = s.revision();
  ASSERT_TRUE(rev0.has_value()) << rev0.error();
  ASSERT_TRUE(*s.add(account("a.example", "1001")));
  ASSERT_TRUE(*s.add(account("a.example", "1000")));
  ASSERT_TRUE(*s.add(account("b.example", "1001")));  // same user, other tenant
  EXPECT_FALSE(*s.add(account("a.example", "1001")));  // exists: not overwritten
  EXPECT_EQ(*s.revision(), *rev0 + 3);

  auto all = s.list();
  ASSERT_TRUE(all.has_value()) << all.error();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].username, "1000");  // ordered by tenant, username
  EXPECT_EQ(s.list("a.example")->size(), 2u);

  EXPECT_TRUE(*s.set_password("a.example", "1001", std::string(32, 'c'), std::string(64, 'd'), 200));
  EXPECT_TRUE(*s.set_enabled("a.example", "1001", false, 300));
  auto a = s.find("a.example", "1001");
  ASSERT_TRUE(a.has_value() && a->has_value());
  EXPECT_EQ((*a)->ha1_md5, std::string(32, 'c'));
  EXPECT_EQ((*a)->ha1_sha256, std::string(64, 'd'));
  EXPECT_FALSE((*a)->enabled);
  EXPECT_EQ((*a)->created_at, 100);
  EXPECT_EQ((*a)->updated_at, 300);
  EXPECT_EQ(*s.revision(), *rev0 + 5);

  EXPECT_FALSE(*s.set_enabled("a.example", "9999", true, 1));
  EXPECT_TRUE(*s.remove("a.example", "1001"));
  EXPECT_FALSE(*s.remove("a.example", "1001"));
  EXPECT_FALSE(s.find("a.example", "1001")->has_value());
  EXPECT_EQ(*s.revision(), *rev0 + 6);  // failed changes do not bump it
}

TYPED_TEST(AccountStoreTest, AdminUsersTotpStepAndRecoveryCodes) {
  AdminStore s(*this->conn_);
  EXPECT_EQ(*s.count(), 0);
  ASSERT_TRUE(*s.add(AdminUser{"root", "$argon2id$x", "", 0, true, 1, 1}));
  EXPECT_FALSE(*s.add(AdminUser{"root", "$argon2id$y", "", 0, true, 1, 1}));
  EXPECT_TRUE(*s.set_totp("root", "GEZDGNBV", 2));
  EXPECT_TRUE(*s.advance_totp_step("root", 10));
  EXPECT_FALSE(*s.advance_totp_step("root", 10));  // the same step again: replay
  EXPECT_FALSE(*s.advance_totp_step("root", 9));
  EXPECT_TRUE(*s.advance_totp_step("root", 11));
  auto u = s.find("root");
  ASSERT_TRUE(u.has_value() && u->has_value());
  EXPECT_EQ((*u)->totp_last_step, 11u);
  EXPECT_EQ((*u)->totp_secret, "GEZDGNBV");

  ASSERT_TRUE(s.replace_recovery_codes("root", {{0, "s1", "h1"}, {0, "s2", "h2"}}).has_value());
  auto codes = s.unused_recovery_codes("root");
  ASSERT_TRUE(codes.has_value()) << codes.error();
  ASSERT_EQ(codes->size(), 2u);
  EXPECT_TRUE(*s.use_recovery_code((*codes)[0].id, 5));
  EXPECT_FALSE(*s.use_recovery_code((*codes)[0].id, 6));  // single use
  EXPECT_EQ(s.unused_recovery_codes("root")->size(), 1u);
  ASSERT_TRUE(s.replace_recovery_codes("root", {{0, "s3", "h3"}}).has_value());
  EXPECT_EQ(s.unused_recovery_codes("root")->size(), 1u);

  ASSERT_TRUE(s.audit(AuditEntry{7, "cli", "admin.add", "root", "", "x"}).has_value());
  auto log = s.audit_log(10);
  ASSERT_TRUE(log.has_value());
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ((*log)[0].action, "admin.add");
}

}  // namespace
}  // namespace vg::store::testing
