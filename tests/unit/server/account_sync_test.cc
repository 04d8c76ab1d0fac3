// AccountSync: store accounts merged into the configuration snapshot (the file wins, edge tenants
// and unknown tenants get none, disabled ones are left out), changes seen through the revision,
// removed accounts reported for their bindings to be dropped, config warnings as events.
#include "server/account_sync.h"

#include <gtest/gtest.h>

#include "../store/temp_dir.h"
#include "events/sink.h"
#include "store/account_store.h"

namespace vg::server {
namespace {

config::Config two_tenants() {
  config::Config cfg;
  config::Tenant reg;
  reg.domain = "a.example";
  config::Account file_account;
  file_account.username = "1001";
  file_account.ha1_md5 = std::string(32, 'f');
  reg.accounts.push_back(file_account);
  config::Tenant edge;
  edge.domain = "b.example";
  edge.mode = config::Mode::kEdge;
  cfg.tenants = {reg, edge};
  return cfg;
}

store::StoredAccount stored(std::string tenant, std::string user, bool enabled = true) {
  return {std::move(tenant), std::move(user), std::string(32, 'a'), std::string(64, 'b'), enabled, "192.0.2.0/24", 1, 1};
}

TEST(AccountSync, MergesPollsAndReportsRemovals) {
  store::TempDir dir;
  store::StoreOptions o;
  o.sqlite_path = dir.file("v.db");
  auto conn = store::connect(o);
  ASSERT_TRUE(conn.has_value()) << conn.error();
  store::AccountStore accounts(**conn);
  ASSERT_TRUE(*accounts.add(stored("a.example", "2001")));
  ASSERT_TRUE(*accounts.add(stored("a.example", "1001")));          // shadowed by the file
  ASSERT_TRUE(*accounts.add(stored("a.example", "2002", false)));   // disabled
  ASSERT_TRUE(*accounts.add(stored("b.example", "3001")));          // edge tenant
  ASSERT_TRUE(*accounts.add(stored("c.example", "4001")));          // not in the file

  auto sync = AccountSync::open(o);
  ASSERT_TRUE(sync.has_value()) << sync.error();
  config::Config cfg = two_tenants();
  (*sync)->merge_into(cfg);
  const auto& a = cfg.tenants[0].accounts;
  ASSERT_EQ(a.size(), 2u);
  EXPECT_FALSE(a[0].from_store);
  EXPECT_EQ(a[0].ha1_md5, std::string(32, 'f'));  // the file's 1001 is kept as it is
  EXPECT_EQ(a[1].username, "2001");
  EXPECT_TRUE(a[1].from_store);
  EXPECT_EQ(a[1].ha1_sha256, std::string(64, 'b'));
  ASSERT_EQ(a[1].allow_from.size(), 1u);
  EXPECT_TRUE(cfg.tenants[1].accounts.empty());

  EXPECT_FALSE(*(*sync)->poll());  // nothing changed
  ASSERT_TRUE(*accounts.set_enabled("a.example", "2001", false, 2));
  ASSERT_TRUE(*accounts.set_enabled("a.example", "2002", true, 2));
  EXPECT_TRUE(*(*sync)->poll());
  EXPECT_EQ((*sync)->take_removed(), std::vector<std::string>{"2001@a.example"});
  EXPECT_TRUE((*sync)->take_removed().empty());
  (*sync)->merge_into(cfg);  // merging again replaces the previous store accounts
  ASSERT_EQ(cfg.tenants[0].accounts.size(), 2u);
  EXPECT_EQ(cfg.tenants[0].accounts[1].username, "2002");
}

TEST(AccountSync, ConfigWarningsBecomeEvents) {
  config::Config cfg;
  cfg.warnings.push_back(config::ConfigError{"v.yaml", 5, 19, "tenants[0].accounts[0].password",
                                             "must contain a symbol (accepted: allow_weak_password is set)"});
  events::RecordingSink sink;
  FakeClock clock;
  emit_config_warnings(cfg, clock, sink);
  ASSERT_EQ(sink.count("config.warning"), 1u);
  const auto e = sink.events().front();
  EXPECT_EQ(e.severity, events::Severity::kWarning);
  EXPECT_EQ(e.rule, "allow_weak_password");
  EXPECT_NE(e.evidence.find("v.yaml:5:19"), std::string::npos);
}

}  // namespace
}  // namespace vg::server
