#include "store/sqlite_binding_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "store/migrations.h"
#include "temp_dir.h"

namespace vg::store {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;

BindingRecord record(int i, const std::string& user = "user") {
  BindingRecord r;
  r.aor = "sip:" + user + std::to_string(i) + "@example.com";
  r.contact = "sip:" + user + std::to_string(i) + "@192.0.2.1:5060;transport=udp";
  r.call_id = "call-" + std::to_string(i);
  r.cseq = i;
  r.expires_at = 1'700'003'600 + i;
  r.registered_at = 1'700'000'000 + i;
  r.source = "192.0.2.1:" + std::to_string(5060 + i % 1000);
  r.transport = i % 2 == 0 ? "UDP" : "TLS";
  r.listener = i % 3;
  r.behind_nat = i % 2;
  r.user_agent = "Yealink SIP-T46S 66.86.0.15";
  r.q = 0.5;
  return r;
}

std::unique_ptr<SqliteBindingStore> open_ok(const std::string& path, const BindingStoreOptions& options = {}) {
  auto store = SqliteBindingStore::open(path, options);
  EXPECT_TRUE(store.has_value()) << (store ? "" : store.error());
  return store ? std::move(store).value() : nullptr;
}

// Waits for a condition the writer thread brings about, with a generous deadline (no fixed sleeps).
bool eventually(const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

unsigned mode_of(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

TEST(SqliteBindingStoreTest, OpenCreatesAPrivateWalFile) {
  TempDir dir;
  const std::string path = dir.file("state/registrations.db");
  auto store = open_ok(path);
  ASSERT_TRUE(store);
  EXPECT_EQ(mode_of(path), 0600u);
  EXPECT_EQ(mode_of(dir.file("state")), 0700u);
  auto db = Database::open(path);
  ASSERT_TRUE(db.has_value());
  auto mode = db->prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.has_value());
  ASSERT_TRUE(mode->step());
  EXPECT_EQ(mode->column_text(0), "wal");
}

TEST(SqliteBindingStoreTest, OpeningTwiceMigratesOnce) {
  TempDir dir;
  const std::string path = dir.file("reg.db");
  for (int i = 0; i < 2; ++i) {
    auto store = open_ok(path);
    ASSERT_TRUE(store);
    store->save(record(i));
  }
  auto db = Database::open(path);
  ASSERT_TRUE(db.has_value());
  EXPECT_EQ(*schema_version(*db), latest_schema_version());
  auto rows = db->prepare("SELECT COUNT(*) FROM schema_version");
  ASSERT_TRUE(rows->step());
  EXPECT_EQ(rows->column_int64(0), latest_schema_version());
  EXPECT_EQ(open_ok(path)->load_all().size(), 2u);
}

TEST(SqliteBindingStoreTest, SaveRemoveFlushLoadAll) {
  TempDir dir;
  auto store = open_ok(dir.file("reg.db"));
  ASSERT_TRUE(store);
  for (int i = 0; i < 5; ++i) store->save(record(i));
  store->remove(record(1).aor, record(1).contact);
  store->remove(record(3).aor, record(3).contact);
  store->remove("sip:nobody@example.com", "sip:nobody@192.0.2.9");  // absent: not an error
  store->flush();

  EXPECT_EQ(store->load_all(), (std::vector<BindingRecord>{record(0), record(2), record(4)}));
  auto c = store->counters();
  EXPECT_EQ(c.written, 8u);
  EXPECT_EQ(c.dropped, 0u);
  EXPECT_EQ(c.write_errors, 0u);
  EXPECT_EQ(c.queued, 0u);
  EXPECT_EQ(store->last_error(), "");
}

TEST(SqliteBindingStoreTest, SavingTheSameBindingReplacesIt) {
  TempDir dir;
  auto store = open_ok(dir.file("reg.db"));
  ASSERT_TRUE(store);
  BindingRecord first = record(7);
  BindingRecord refreshed = first;
  refreshed.cseq = 8;
  refreshed.expires_at += 3600;
  refreshed.source = "198.51.100.4:40000";
  refreshed.transport = "TCP";
  refreshed.behind_nat = 1;
  refreshed.q = 0.1;
  store->save(first);
  store->flush();
  store->save(refreshed);
  store->flush();
  EXPECT_EQ(store->load_all(), std::vector<BindingRecord>{refreshed});

  // In one batch, the order of changes holds: save, remove, save again.
  store->remove(first.aor, first.contact);
  store->save(first);
  store->flush();
  EXPECT_EQ(store->load_all(), std::vector<BindingRecord>{first});
}

TEST(SqliteBindingStoreTest, QueuedChangesAreNotReadUntilWritten) {
  TempDir dir;
  auto store = open_ok(dir.file("reg.db"), BindingStoreOptions{.flush_interval = 1h});
  ASSERT_TRUE(store);
  store->save(record(1));
  EXPECT_EQ(store->counters().queued, 1u);
  EXPECT_TRUE(store->load_all().empty());
  store->flush();
  EXPECT_EQ(store->load_all().size(), 1u);
}

TEST(SqliteBindingStoreTest, ConcurrentSaversFromFourThreads) {
  TempDir dir;
  auto store = open_ok(dir.file("reg.db"), BindingStoreOptions{.flush_interval = 5ms});
  ASSERT_TRUE(store);
  constexpr int kThreads = 4;
  constexpr int kPerThread = 2500;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&store, t] {
      for (int i = 0; i < kPerThread; ++i) {
        store->save(record(i, "t" + std::to_string(t) + "u"));
        if (i % 1000 == 999) store->flush();  // flushes racing with other threads' saves
      }
    });
  }
  for (auto& thread : threads) thread.join();
  store->flush();

  auto all = store->load_all();
  EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kPerThread));
  auto c = store->counters();
  EXPECT_EQ(c.written, static_cast<uint64_t>(kThreads * kPerThread));
  EXPECT_EQ(c.dropped, 0u);
  EXPECT_EQ(c.write_errors, 0u);
}

TEST(SqliteBindingStoreTest, AFullQueueDropsAndCountsWithoutBlocking) {
  TempDir dir;
  const std::string path = dir.file("reg.db");
  auto store = open_ok(path, BindingStoreOptions{.flush_interval = 1h, .queue_capacity = 4, .busy_timeout = 60s});
  ASSERT_TRUE(store);
  // Another connection holds the write lock: the writer will wait on it, as behind a slow disk.
  auto other = Database::open(path);
  ASSERT_TRUE(other.has_value());
  auto lock = Transaction::begin(*other);
  ASSERT_TRUE(lock.has_value());

  store->save(record(1));
  store->save(record(2));  // half full: the writer takes both and blocks on the lock
  ASSERT_TRUE(eventually([&] { return store->counters().queued == 0; }));
  for (int i = 3; i <= 6; ++i) store->save(record(i));  // fills the queue
  for (int i = 7; i <= 9; ++i) store->save(record(i));  // dropped, immediately
  store->remove(record(1).aor, record(1).contact);      // dropped too
  auto c = store->counters();
  EXPECT_EQ(c.queued, 4u);
  EXPECT_EQ(c.dropped, 4u);
  EXPECT_EQ(c.written, 0u);

  lock->rollback();
  store->flush();
  c = store->counters();
  EXPECT_EQ(c.written, 6u);
  EXPECT_EQ(c.dropped, 4u);
  EXPECT_EQ(c.write_errors, 0u);
  EXPECT_EQ(store->load_all().size(), 6u);
}

TEST(SqliteBindingStoreTest, WritesWithoutFlushAfterTheInterval) {
  TempDir dir;
  auto store = open_ok(dir.file("reg.db"), BindingStoreOptions{.flush_interval = 10ms});
  ASSERT_TRUE(store);
  store->save(record(1));
  EXPECT_TRUE(eventually([&] { return store->counters().written == 1; }));
}

TEST(SqliteBindingStoreTest, AHalfFullQueueWakesTheWriterEarly) {
  TempDir dir;
  auto store = open_ok(dir.file("reg.db"), BindingStoreOptions{.flush_interval = 1h, .queue_capacity = 8});
  ASSERT_TRUE(store);
  for (int i = 0; i < 4; ++i) store->save(record(i));
  EXPECT_TRUE(eventually([&] { return store->counters().written == 4; }));
}

TEST(SqliteBindingStoreTest, ADatabaseFromANewerBuildIsRefused) {
  TempDir dir;
  const std::string path = dir.file("reg.db");
  { ASSERT_TRUE(open_ok(path)); }
  {
    auto db = Database::open(path);
    ASSERT_TRUE(db.has_value());
    ASSERT_TRUE(db->exec("INSERT INTO schema_version VALUES (1000, 'future', 0)"));
  }
  auto store = SqliteBindingStore::open(path);
  ASSERT_FALSE(store.has_value());
  EXPECT_NE(store.error().find("newer than this build"), std::string::npos) << store.error();
}

TEST(SqliteBindingStoreTest, QuotesUnicodeAndNulBytesSurvive) {
  TempDir dir;
  auto store = open_ok(dir.file("reg.db"));
  ASSERT_TRUE(store);
  BindingRecord r = record(1);
  r.aor = "sip:o'brien@example.com";
  r.contact = "\"Bob \\\"the\\\" O'Brien\" <sip:bob@[2001:db8::1]:5061;transport=tls>";
  r.call_id = "a'b\"c`d;--";
  r.source = "[2001:db8::1]:5061";
  r.user_agent = "Téléphone ☎ 電話 🦜 '); DROP TABLE registrations; --"s + std::string(1, '\0') + "tail";
  BindingRecord empty;  // every text empty, numbers zero
  empty.aor = "";
  empty.contact = "";
  store->save(r);
  store->save(empty);
  store->flush();
  EXPECT_EQ(store->load_all(), (std::vector<BindingRecord>{empty, r}));
  EXPECT_EQ(store->counters().write_errors, 0u);
}

TEST(SqliteBindingStoreTest, ReopenedStoreSeesEverythingWrittenBeforeDestruction) {
  TempDir dir;
  const std::string path = dir.file("reg.db");
  std::vector<BindingRecord> expected;
  {
    auto store = open_ok(path, BindingStoreOptions{.flush_interval = 1h});
    ASSERT_TRUE(store);
    for (int i = 0; i < 300; ++i) store->save(record(i));
    for (int i = 0; i < 300; i += 3) store->remove(record(i).aor, record(i).contact);
    // No flush(): the destructor writes what is queued.
  }
  for (int i = 0; i < 300; ++i) {
    if (i % 3 != 0) expected.push_back(record(i));
  }
  std::sort(expected.begin(), expected.end(),
            [](const auto& a, const auto& b) { return std::tie(a.aor, a.contact) < std::tie(b.aor, b.contact); });
  auto reopened = open_ok(path);
  ASSERT_TRUE(reopened);
  EXPECT_EQ(reopened->load_all(), expected);
}

TEST(SqliteBindingStoreTest, WriteErrorsAreCountedWithoutStoredValues) {
  TempDir dir;
  const std::string path = dir.file("reg.db");
  auto store = open_ok(path);
  ASSERT_TRUE(store);
  {
    auto db = Database::open(path);
    ASSERT_TRUE(db.has_value());
    ASSERT_TRUE(db->exec("DROP TABLE registrations"));
  }
  BindingRecord r = record(1);
  r.aor = "sip:very-secret-user@example.com";
  store->save(r);
  store->remove(r.aor, r.contact);
  store->flush();
  auto c = store->counters();
  EXPECT_EQ(c.written, 0u);
  EXPECT_EQ(c.write_errors, 2u);
  const std::string error = store->last_error();
  EXPECT_NE(error.find("no such table: registrations"), std::string::npos) << error;
  EXPECT_EQ(error.find("secret"), std::string::npos) << error;

  auto loaded = store->try_load_all();
  ASSERT_FALSE(loaded.has_value());
  EXPECT_TRUE(store->load_all().empty());
  EXPECT_EQ(store->counters().read_errors, 2u);
}

TEST(SqliteBindingStoreTest, RejectsBadOptionsAndPaths) {
  TempDir dir;
  EXPECT_FALSE(SqliteBindingStore::open(dir.file("a.db"), 0ms).has_value());
  EXPECT_FALSE(SqliteBindingStore::open(dir.file("b.db"), BindingStoreOptions{.queue_capacity = 0}).has_value());
  EXPECT_FALSE(SqliteBindingStore::open("").has_value());
}

TEST(SqliteBindingStoreTest, FlushWithNothingQueuedReturns) {
  TempDir dir;
  auto store = open_ok(dir.file("reg.db"), BindingStoreOptions{.flush_interval = 1h});
  ASSERT_TRUE(store);
  store->flush();
  store->flush();
  EXPECT_EQ(store->counters().written, 0u);
}

}  // namespace
}  // namespace vg::store
