#include "store/migrations.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "temp_dir.h"

namespace vg::store {
namespace {

Database open_ok(const std::string& path) {
  auto db = Database::open(path);
  EXPECT_TRUE(db.has_value()) << (db ? "" : db.error());
  return db ? std::move(db).value() : Database();
}

int64_t count(Database& db, const char* sql) {
  auto stmt = db.prepare(sql);
  EXPECT_TRUE(stmt.has_value()) << (stmt ? "" : stmt.error());
  if (!stmt || !stmt->step()) return -1;
  return stmt->column_int64(0);
}

bool has_table(Database& db, const std::string& name) {
  auto stmt = db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?1");
  EXPECT_TRUE(stmt.has_value());
  EXPECT_TRUE(stmt->bind_text(1, name));
  EXPECT_TRUE(stmt->step());
  return stmt->column_int64(0) == 1;
}

TEST(MigrationsTest, ShippedListIsNumberedFromOne) {
  auto list = migrations();
  ASSERT_FALSE(list.empty());
  for (size_t i = 0; i < list.size(); ++i) {
    EXPECT_EQ(list[i].version, static_cast<int>(i + 1));
    EXPECT_FALSE(list[i].name.empty());
  }
  EXPECT_EQ(latest_schema_version(), list.back().version);
}

TEST(MigrationsTest, NewDatabaseGetsTheRegistrationsTable) {
  TempDir dir;
  Database db = open_ok(dir.file("reg.db"));
  EXPECT_EQ(*schema_version(db), 0);
  auto v = migrate(db);
  ASSERT_TRUE(v.has_value()) << v.error();
  EXPECT_EQ(*v, latest_schema_version());
  EXPECT_EQ(*schema_version(db), latest_schema_version());

  auto info = db.prepare("SELECT name, type, pk FROM pragma_table_info('registrations') ORDER BY cid");
  ASSERT_TRUE(info.has_value()) << info.error();
  std::vector<std::string> columns;
  std::vector<std::string> key;
  while (*info->step() == StepResult::kRow) {
    std::string name(info->column_text(0));
    columns.push_back(name + " " + std::string(info->column_text(1)));
    if (info->column_int64(2) != 0) key.push_back(name);
  }
  const std::vector<std::string> expected = {
      "aor TEXT",        "contact TEXT",          "call_id TEXT", "cseq INTEGER",
      "expires_at INTEGER", "registered_at INTEGER", "source TEXT",  "transport TEXT",
      "listener INTEGER",   "behind_nat INTEGER",    "user_agent TEXT", "q REAL",
  };
  EXPECT_EQ(columns, expected);
  EXPECT_EQ(key, (std::vector<std::string>{"aor", "contact"}));
}

TEST(MigrationsTest, MigratingTwiceIsIdempotent) {
  TempDir dir;
  const std::string path = dir.file("reg.db");
  for (int i = 0; i < 3; ++i) {
    Database db = open_ok(path);
    auto v = migrate(db);
    ASSERT_TRUE(v.has_value()) << v.error();
    EXPECT_EQ(*v, latest_schema_version());
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM schema_version"), latest_schema_version());
    EXPECT_FALSE(db.in_transaction());
  }
}

TEST(MigrationsTest, AppliesOnlyTheMissingOnesInOrder) {
  TempDir dir;
  Database db = open_ok(dir.file("t.db"));
  // Re-running 1 would fail (the table exists); 3 depends on 2 having run first.
  const Migration v1[] = {{1, "one", "CREATE TABLE one (x INTEGER)", {}}};
  const Migration v3[] = {
      {1, "one", "CREATE TABLE one (x INTEGER)", {}},
      {2, "two", "CREATE TABLE two (x INTEGER); INSERT INTO two VALUES (2);", {}},
      {3, "three", "ALTER TABLE two ADD COLUMN y TEXT NOT NULL DEFAULT 'y'", {}},
  };
  ASSERT_EQ(*migrate(db, v1), 1);
  auto v = migrate(db, v3);
  ASSERT_TRUE(v.has_value()) << v.error();
  EXPECT_EQ(*v, 3);
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM two WHERE y = 'y'"), 1);
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM schema_version"), 3);
  EXPECT_EQ(count(db, "SELECT MIN(applied_at) > 0 FROM schema_version"), 1);
}

TEST(MigrationsTest, AFailingMigrationChangesNothing) {
  TempDir dir;
  Database db = open_ok(dir.file("t.db"));
  const Migration list[] = {
      {1, "one", "CREATE TABLE one (x INTEGER)", {}},
      {2, "broken", "CREATE TABLE two (x INTEGER); INSERT INTO nowhere VALUES (1);", {}},
  };
  auto v = migrate(db, list);
  ASSERT_FALSE(v.has_value());
  EXPECT_NE(v.error().find("migration 2 (broken)"), std::string::npos) << v.error();
  EXPECT_NE(v.error().find("no such table: nowhere"), std::string::npos) << v.error();
  EXPECT_FALSE(db.in_transaction());
  EXPECT_FALSE(has_table(db, "one"));
  EXPECT_FALSE(has_table(db, "two"));
  EXPECT_EQ(*schema_version(db), 0);
}

TEST(MigrationsTest, ANewerDatabaseIsRefusedUntouched) {
  TempDir dir;
  Database db = open_ok(dir.file("reg.db"));
  ASSERT_TRUE(migrate(db));
  ASSERT_TRUE(db.exec("INSERT INTO schema_version VALUES (999, 'from the future', 0)"));
  auto v = migrate(db);
  ASSERT_FALSE(v.has_value());
  EXPECT_NE(v.error().find("schema version 999 is newer"), std::string::npos) << v.error();
  EXPECT_EQ(*schema_version(db), 999);
  EXPECT_FALSE(db.in_transaction());
}

TEST(MigrationsTest, RejectsAListWithGaps) {
  TempDir dir;
  Database db = open_ok(dir.file("t.db"));
  const Migration gap[] = {{1, "one", "SELECT 1", {}}, {3, "three", "SELECT 3", {}}};
  auto v = migrate(db, gap);
  ASSERT_FALSE(v.has_value());
  EXPECT_NE(v.error().find("not numbered"), std::string::npos) << v.error();
  EXPECT_EQ(*schema_version(db), 0);
}

}  // namespace
}  // namespace vg::store

namespace vg::store {
namespace {

TEST(MigrationsTest, TablesOfEveryComponentExistAfterMigrating) {
  TempDir dir;
  Database db = open_ok(dir.file("all.db"));
  ASSERT_TRUE(migrate(db).has_value());
  for (const char* table : {"registrations", "security_events", "calls", "devices", "alerts", "fraud_suspensions"}) {
    EXPECT_TRUE(has_table(db, table)) << table;
  }
  // {{ID}} became SQLite's rowid alias: ids are assigned 1, 2, ...
  ASSERT_TRUE(db.exec("INSERT INTO alerts (time_ms, rule, alert_key, severity, channel, status, attempts, "
                      "event_kind, summary, error) VALUES (1, 'r', 'k', 'info', 'syslog', 'delivered', 1, 'e', 's', '')"));
  EXPECT_EQ(count(db, "SELECT MAX(id) FROM alerts"), 1);
}

TEST(MigrationsTest, IdTokenIsExpandedPerDialect) {
  const Migration m{1, "t", "CREATE TABLE t (id {{ID}}, x TEXT); CREATE TABLE u (id {{ID}})", {}};
  EXPECT_EQ(migration_sql(m, Dialect::kSqlite),
            "CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT); CREATE TABLE u (id INTEGER PRIMARY KEY)");
  EXPECT_EQ(migration_sql(m, Dialect::kPostgresql),
            "CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, x TEXT); "
            "CREATE TABLE u (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY)");
  const Migration both{1, "t", "CREATE TABLE t (x REAL)", "CREATE TABLE t (x DOUBLE PRECISION)"};
  EXPECT_EQ(migration_sql(both, Dialect::kSqlite), "CREATE TABLE t (x REAL)");
  EXPECT_EQ(migration_sql(both, Dialect::kPostgresql), "CREATE TABLE t (x DOUBLE PRECISION)");
}

}  // namespace
}  // namespace vg::store
