#include "store/sqlite.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <array>
#include <cstddef>
#include <fstream>
#include <string>

#include "temp_dir.h"

namespace vg::store {
namespace {

unsigned mode_of(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

Database open_ok(const std::string& path, const OpenOptions& options = {}) {
  auto db = Database::open(path, options);
  EXPECT_TRUE(db.has_value()) << (db ? "" : db.error());
  return db ? std::move(db).value() : Database();
}

std::string query_text(Database& db, const char* sql) {
  auto stmt = db.prepare(sql);
  EXPECT_TRUE(stmt.has_value()) << (stmt ? "" : stmt.error());
  if (!stmt) return {};
  auto step = stmt->step();
  EXPECT_TRUE(step.has_value() && *step == StepResult::kRow) << sql;
  return std::string(stmt->column_text(0));
}

TEST(SqliteOpenTest, CreatesParentDirectoriesAndPrivateFile) {
  TempDir dir;
  const std::string path = dir.file("a/b/reg.db");
  Database db = open_ok(path);
  ASSERT_TRUE(db);
  EXPECT_EQ(mode_of(dir.file("a")), 0700u);
  EXPECT_EQ(mode_of(dir.file("a/b")), 0700u);
  EXPECT_EQ(mode_of(path), 0600u);
}

TEST(SqliteOpenTest, WalNormalSyncAndBusyTimeout) {
  TempDir dir;
  Database db = open_ok(dir.file("reg.db"), OpenOptions{.busy_timeout = std::chrono::milliseconds(1234)});
  EXPECT_EQ(query_text(db, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(query_text(db, "PRAGMA synchronous"), "1");  // NORMAL
  EXPECT_EQ(query_text(db, "PRAGMA busy_timeout"), "1234");
}

TEST(SqliteOpenTest, WalModeIsStoredInTheFile) {
  TempDir dir;
  const std::string path = dir.file("reg.db");
  {
    Database db = open_ok(path);
    ASSERT_TRUE(db.exec("CREATE TABLE t (x INTEGER)"));
  }
  // The first bytes of the header hold the file format versions: 2 means WAL (SQLite file format §1.3).
  std::ifstream in(path, std::ios::binary);
  std::array<char, 20> header{};
  in.read(header.data(), header.size());
  EXPECT_EQ(header[18], 2);
  EXPECT_EQ(header[19], 2);
}

TEST(SqliteOpenTest, WalAndShmFilesArePrivateToo) {
  TempDir dir;
  const std::string path = dir.file("reg.db");
  Database db = open_ok(path);
  ASSERT_TRUE(db.exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);"));
  EXPECT_EQ(mode_of(path + "-wal"), 0600u);
  EXPECT_EQ(mode_of(path + "-shm"), 0600u);
}

TEST(SqliteOpenTest, ExistingFileKeepsItsMode) {
  TempDir dir;
  const std::string path = dir.file("reg.db");
  { open_ok(path); }
  ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
  Database db = open_ok(path);
  EXPECT_TRUE(db);
  EXPECT_EQ(mode_of(path), 0640u);
}

TEST(SqliteOpenTest, RefusesWhatIsNotADatabaseFile) {
  TempDir dir;
  {
    std::ofstream out(dir.file("junk.db"));
    out << std::string(4096, 'x');
  }
  std::ofstream(dir.file("plain")) << "file";
  struct Case {
    std::string path;
    const char* expect;  // substring of the error
  };
  const Case cases[] = {
      {"", "must name a file"},
      {":memory:", "must name a file"},
      {dir.file("junk.db"), "not a database"},
      {dir.file("plain/reg.db"), "plain"},  // a parent is a file
  };
  for (const auto& c : cases) {
    auto db = Database::open(c.path);
    ASSERT_FALSE(db.has_value()) << c.path;
    EXPECT_NE(db.error().find(c.expect), std::string::npos) << c.path << ": " << db.error();
  }
}

TEST(SqliteStatementTest, BindsStepsAndReadsEveryType) {
  TempDir dir;
  Database db = open_ok(dir.file("t.db"));
  ASSERT_TRUE(db.exec("CREATE TABLE t (s TEXT, i INTEGER, d REAL, b BLOB, n TEXT)"));
  auto insert = db.prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5)");
  ASSERT_TRUE(insert.has_value()) << insert.error();
  const std::array<std::byte, 3> blob{std::byte{0}, std::byte{0xff}, std::byte{7}};
  ASSERT_TRUE(insert->bind_text(1, std::string_view("a\0b", 3)));
  ASSERT_TRUE(insert->bind_int64(2, INT64_MIN));
  ASSERT_TRUE(insert->bind_double(3, 0.125));
  ASSERT_TRUE(insert->bind_blob(4, blob));
  ASSERT_TRUE(insert->bind_null(5));
  auto step = insert->step();
  ASSERT_TRUE(step.has_value()) << step.error();
  EXPECT_EQ(*step, StepResult::kDone);

  // Reused after reset: bindings are cleared, empty text and blob stay empty (not NULL).
  insert->reset();
  ASSERT_TRUE(insert->bind_text(1, std::string_view()));
  ASSERT_TRUE(insert->bind_blob(4, std::span<const std::byte>()));
  ASSERT_TRUE(insert->step());

  auto select = db.prepare("SELECT s, i, d, b, n FROM t ORDER BY rowid");
  ASSERT_TRUE(select.has_value());
  ASSERT_EQ(select->column_count(), 5);
  ASSERT_EQ(*select->step(), StepResult::kRow);
  EXPECT_EQ(select->column_text(0), std::string_view("a\0b", 3));
  EXPECT_EQ(select->column_int64(1), INT64_MIN);
  EXPECT_EQ(select->column_double(2), 0.125);
  auto b = select->column_blob(3);
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b[1], std::byte{0xff});
  EXPECT_TRUE(select->column_is_null(4));

  ASSERT_EQ(*select->step(), StepResult::kRow);
  EXPECT_FALSE(select->column_is_null(0));
  EXPECT_EQ(select->column_text(0), "");
  EXPECT_FALSE(select->column_is_null(3));
  EXPECT_TRUE(select->column_blob(3).empty());
  EXPECT_TRUE(select->column_is_null(1));  // cleared by reset()
  EXPECT_EQ(*select->step(), StepResult::kDone);
}

TEST(SqliteStatementTest, ErrorsCarrySqliteMessageButNeverBoundValues) {
  TempDir dir;
  Database db = open_ok(dir.file("t.db"));
  ASSERT_TRUE(db.exec("CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER CHECK (n > 0))"));
  auto insert = db.prepare("INSERT INTO t VALUES (?1, ?2)");
  ASSERT_TRUE(insert.has_value());
  const std::string secret = "sip:secret-value@example.com";
  ASSERT_TRUE(insert->bind_text(1, secret));
  ASSERT_TRUE(insert->bind_int64(2, 1));
  ASSERT_TRUE(insert->step());
  insert->reset();

  ASSERT_TRUE(insert->bind_text(1, secret));
  ASSERT_TRUE(insert->bind_int64(2, 1));
  auto dup = insert->step();
  ASSERT_FALSE(dup.has_value());
  EXPECT_NE(dup.error().find("UNIQUE constraint failed: t.k"), std::string::npos) << dup.error();
  EXPECT_EQ(dup.error().find("secret"), std::string::npos) << dup.error();
  insert->reset();

  ASSERT_TRUE(insert->bind_text(1, "other-secret"));
  ASSERT_TRUE(insert->bind_int64(2, -777));
  auto check = insert->step();
  ASSERT_FALSE(check.has_value());
  EXPECT_NE(check.error().find("CHECK constraint failed"), std::string::npos) << check.error();
  EXPECT_EQ(check.error().find("secret"), std::string::npos) << check.error();
  EXPECT_EQ(check.error().find("777"), std::string::npos) << check.error();

  auto range = insert->bind_text(3, "x");
  ASSERT_FALSE(range.has_value());
  EXPECT_NE(range.error().find("bind"), std::string::npos) << range.error();
}

TEST(SqliteStatementTest, PrepareRejectsBadAndMultipleStatements) {
  TempDir dir;
  Database db = open_ok(dir.file("t.db"));
  struct Case {
    const char* sql;
    const char* expect;
  };
  const Case cases[] = {
      {"SELEC 1", "syntax error"},
      {"SELECT * FROM missing", "no such table: missing"},
      {"SELECT 1; SELECT 2", "more than one statement"},
      {"  ", "empty statement"},
  };
  for (const auto& c : cases) {
    auto stmt = db.prepare(c.sql);
    ASSERT_FALSE(stmt.has_value()) << c.sql;
    EXPECT_NE(stmt.error().find(c.expect), std::string::npos) << c.sql << ": " << stmt.error();
  }
  EXPECT_TRUE(db.prepare("SELECT 1;  ").has_value());
  auto exec = db.exec("CREATE TABLE t (x); CREATE TABLE t (x);");
  ASSERT_FALSE(exec.has_value());
  EXPECT_NE(exec.error().find("already exists"), std::string::npos) << exec.error();
}

TEST(SqliteTransactionTest, RollsBackUnlessCommitted) {
  TempDir dir;
  Database db = open_ok(dir.file("t.db"));
  ASSERT_TRUE(db.exec("CREATE TABLE t (x INTEGER)"));
  {
    auto tx = Transaction::begin(db);
    ASSERT_TRUE(tx.has_value()) << tx.error();
    EXPECT_TRUE(db.in_transaction());
    ASSERT_TRUE(db.exec("INSERT INTO t VALUES (1)"));
  }
  EXPECT_FALSE(db.in_transaction());
  EXPECT_EQ(query_text(db, "SELECT COUNT(*) FROM t"), "0");
  {
    auto tx = Transaction::begin(db);
    ASSERT_TRUE(tx.has_value());
    ASSERT_TRUE(db.exec("INSERT INTO t VALUES (2)"));
    ASSERT_TRUE(tx->commit());
    EXPECT_FALSE(tx->commit().has_value());  // already committed
  }
  EXPECT_EQ(query_text(db, "SELECT COUNT(*) FROM t"), "1");
}

TEST(SqliteTransactionTest, SecondWriterWaitsForTheBusyTimeoutThenFails) {
  TempDir dir;
  const std::string path = dir.file("t.db");
  Database a = open_ok(path);
  Database b = open_ok(path, OpenOptions{.busy_timeout = std::chrono::milliseconds(1)});
  auto held = Transaction::begin(a);
  ASSERT_TRUE(held.has_value());
  auto second = Transaction::begin(b);
  ASSERT_FALSE(second.has_value());
  EXPECT_NE(second.error().find("locked"), std::string::npos) << second.error();
}

}  // namespace
}  // namespace vg::store
