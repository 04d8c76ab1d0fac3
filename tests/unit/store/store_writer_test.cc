// The store test suite, run against SQLite and against a real PostgreSQL server (typed tests).
#include "store/store_writer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <thread>

#include "events/sink.h"
#include "store/record_sql.h"
#include "store_backends.h"

namespace vg::store::testing {
namespace {

constexpr int64_t kNowMs = 1'700'000'000'000;

events::Event sample_event(int i) {
  events::Event e;
  e.time_ms = kNowMs + i;
  e.kind = "auth.failure";
  e.severity = events::Severity::kWarning;
  e.source = Endpoint{*IpAddress::parse("192.0.2.7"), static_cast<uint16_t>(5060 + i % 100)};
  e.transport = "UDP";
  e.tenant = "example.com";
  e.account = "1001";
  e.filter = "registrar";
  e.rule = "digest";
  e.action = "reply:403";
  e.evidence = "wrong digest response #" + std::to_string(i);
  e.fields = {{"user_agent", "friendly-scanner"}, {"method", "REGISTER"}};
  return e;
}

template <class B>
class StoreBackendTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(backend_.ok()) << "the " << B::kName << " test database is not available"; }

  // A writer that only writes when flushed (the timer is an hour), so tests decide when.
  std::unique_ptr<StoreWriter> open(WriterOptions w = quiet(), events::EventSink* reporter = nullptr) {
    StoreOptions o = backend_.options();
    o.writer = w;
    auto s = open_store(o, clock_, reporter);
    EXPECT_TRUE(s.has_value()) << (s ? "" : s.error());
    return s ? std::move(*s) : nullptr;
  }

  // A writer whose database can be switched off with down_.
  std::unique_ptr<StoreWriter> open_flaky(WriterOptions w, events::EventSink* reporter = nullptr) {
    StoreOptions o = backend_.options();
    auto conn = connect(o);
    EXPECT_TRUE(conn.has_value()) << (conn ? "" : conn.error());
    if (!conn) return nullptr;
    auto down = down_;
    auto connector = [o, down]() -> SqlResult<std::unique_ptr<Connection>> {
      if (*down) return unexpected(SqlError("connection refused (test)"));
      auto c = connect(o);
      if (!c) return unexpected(c.error());
      return std::unique_ptr<Connection>(std::make_unique<FlakyConnection>(std::move(*c), down));
    };
    return std::make_unique<StoreWriter>(std::make_unique<FlakyConnection>(std::move(*conn), down), connector, w,
                                         clock_, reporter);
  }

  static WriterOptions quiet() {
    WriterOptions w;
    w.flush_interval = std::chrono::hours(1);
    w.batch_size = 1'000'000;
    w.retry_initial = std::chrono::milliseconds(0);
    w.retry_max = std::chrono::milliseconds(0);
    return w;
  }

  static int64_t count(StoreWriter& s, const std::string& sql) {
    auto rows = s.query(sql);
    EXPECT_TRUE(rows.has_value()) << (rows ? "" : rows.error());
    if (!rows || rows->empty() || rows->front().empty()) return -1;
    return to_int(rows->front()[0]);
  }

  B backend_;
  FakeClock clock_{1'700'000'000};
  std::shared_ptr<std::atomic<bool>> down_ = std::make_shared<std::atomic<bool>>(false);
};

using Backends = ::testing::Types<SqliteBackend, PostgresqlBackend>;
class BackendNames {
 public:
  template <class T>
  static std::string GetName(int) {
    return T::kName;
  }
};
TYPED_TEST_SUITE(StoreBackendTest, Backends, BackendNames);

TYPED_TEST(StoreBackendTest, MigratesEveryTableAndReopensAtTheSameVersion) {
  for (int i = 0; i < 2; ++i) {
    auto s = this->open();
    ASSERT_TRUE(s);
    EXPECT_EQ(this->count(*s, "SELECT MAX(version) FROM schema_version"), latest_schema_version());
    EXPECT_EQ(this->count(*s, "SELECT COUNT(*) FROM schema_version"), latest_schema_version());
    for (const char* t : {"registrations", "security_events", "calls", "devices", "alerts"}) {
      EXPECT_EQ(this->count(*s, std::string("SELECT COUNT(*) FROM ") + t), 0) << t;
    }
  }
}

TYPED_TEST(StoreBackendTest, SecurityEventsRoundTrip) {
  auto s = this->open();
  ASSERT_TRUE(s);
  // 200 = several multi-row statements of different sizes (64, 64, 64, 8).
  for (int i = 0; i < 200; ++i) s->emit(sample_event(i));
  events::Event v6 = sample_event(1000);
  v6.source = Endpoint{*IpAddress::parse("2001:db8::5"), 5061};
  v6.fields.clear();
  s->emit(v6);
  EXPECT_TRUE(s->flush());
  EXPECT_EQ(this->count(*s, "SELECT COUNT(*) FROM security_events"), 201);

  auto rows = s->query(
      "SELECT time_ms, kind, severity, source_ip, source_port, transport, tenant, account, filter, rule, action, "
      "evidence, fields FROM security_events WHERE evidence = $1",
      std::vector<SqlParam>{std::string_view("wrong digest response #7")});
  ASSERT_TRUE(rows.has_value()) << rows.error();
  ASSERT_EQ(rows->size(), 1u);
  const SqlRow& r = rows->front();
  EXPECT_EQ(to_int(r[0]), kNowMs + 7);
  EXPECT_EQ(r[1], "auth.failure");
  EXPECT_EQ(r[2], "warning");
  EXPECT_EQ(r[3], "192.0.2.7");
  EXPECT_EQ(to_int(r[4]), 5067);
  EXPECT_EQ(r[5], "UDP");
  EXPECT_EQ(r[6], "example.com");
  EXPECT_EQ(r[7], "1001");
  EXPECT_EQ(r[8], "registrar");
  EXPECT_EQ(r[9], "digest");
  EXPECT_EQ(r[10], "reply:403");
  EXPECT_EQ(r[11], "wrong digest response #7");
  EXPECT_EQ(r[12], R"({"method":"REGISTER","user_agent":"friendly-scanner"})");

  auto six = s->query("SELECT source_ip, source_port, fields FROM security_events WHERE time_ms = $1",
                      std::vector<SqlParam>{int64_t{kNowMs + 1000}});
  ASSERT_TRUE(six.has_value()) << six.error();
  ASSERT_EQ(six->size(), 1u);
  EXPECT_EQ((*six)[0][0], "2001:db8::5");
  EXPECT_EQ(to_int((*six)[0][1]), 5061);
  EXPECT_EQ((*six)[0][2], "{}");
  const auto c = s->counters();
  EXPECT_EQ(c.accepted, 201u);
  EXPECT_EQ(c.written, 201u);
  EXPECT_EQ(c.transactions, 1u);  // one flush, one transaction
}

TYPED_TEST(StoreBackendTest, CallDetailRecordsRoundTripWithUnansweredAsNull) {
  auto s = this->open();
  ASSERT_TRUE(s);
  CdrRecord answered{"c1@h", "example.com", "1001", "1001", "+3212345678", "9011 44 20 7946 0000", "+442079460000",
                     "international", "GB", "192.0.2.7", 5060, "Yealink SIP-T46S 66.86.0.15", kNowMs,
                     kNowMs + 3000, kNowMs + 63000, 60000, 60, 0.125, "answered", 200, "caller", "allow", 5,
                     R"([{"rule":"intl","why":"international"}])"};
  CdrRecord blocked = answered;
  blocked.call_id = "c2@h";
  blocked.answer_ms = 0;
  blocked.duration_ms = 0;
  blocked.billable_s = 0;
  blocked.cost = 0;
  blocked.disposition = "blocked";
  blocked.sip_status = 403;
  blocked.decision = "block";
  s->append(answered);
  s->append(blocked);
  EXPECT_TRUE(s->flush());
  auto rows = s->query(
      "SELECT call_id, callee_raw, callee, dest_class, country, answer_ms, end_ms, billable_s, cost, disposition, "
      "sip_status, hangup_side, score, rules FROM calls ORDER BY call_id");
  ASSERT_TRUE(rows.has_value()) << rows.error();
  ASSERT_EQ(rows->size(), 2u);
  const SqlRow& a = (*rows)[0];
  EXPECT_EQ(a[0], "c1@h");
  EXPECT_EQ(a[1], "9011 44 20 7946 0000");
  EXPECT_EQ(a[2], "+442079460000");
  EXPECT_EQ(a[3], "international");
  EXPECT_EQ(a[4], "GB");
  EXPECT_EQ(to_int(a[5]), kNowMs + 3000);
  EXPECT_EQ(to_int(a[6]), kNowMs + 63000);
  EXPECT_EQ(to_int(a[7]), 60);
  EXPECT_DOUBLE_EQ(std::stod(a[8].value_or("0")), 0.125);
  EXPECT_EQ(a[9], "answered");
  EXPECT_EQ(to_int(a[10]), 200);
  EXPECT_EQ(a[11], "caller");
  EXPECT_EQ(to_int(a[12]), 5);
  EXPECT_EQ(a[13], R"([{"rule":"intl","why":"international"}])");
  EXPECT_FALSE((*rows)[1][5].has_value());  // never answered: NULL
  EXPECT_EQ((*rows)[1][9], "blocked");
}

TYPED_TEST(StoreBackendTest, DeviceUpsertKeepsFirstSeen) {
  auto s = this->open();
  ASSERT_TRUE(s);
  DeviceRecord d{"example.com", "1001", "sip:1001@192.0.2.7:5060", "192.0.2.7", 5060, "UDP",
                 "Yealink SIP-T46S 66.86.0.15", "Yealink", "SIP-T46S", "66.86.0.15", kNowMs, kNowMs};
  s->upsert(d);
  EXPECT_TRUE(s->flush());
  d.firmware = "66.86.0.20";
  d.first_seen_ms = kNowMs + 500;  // what a component that forgot the device would send
  d.last_seen_ms = kNowMs + 500;
  s->upsert(d);
  d.last_seen_ms = kNowMs + 900;  // twice in one batch: applied in order
  s->upsert(d);
  EXPECT_TRUE(s->flush());
  auto rows = s->query("SELECT firmware, first_seen_ms, last_seen_ms FROM devices");
  ASSERT_TRUE(rows.has_value()) << rows.error();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0][0], "66.86.0.20");
  EXPECT_EQ(to_int((*rows)[0][1]), kNowMs);
  EXPECT_EQ(to_int((*rows)[0][2]), kNowMs + 900);
}

TYPED_TEST(StoreBackendTest, AlertsAndQueuedStatementsOfOtherTables) {
  auto s = this->open();
  ASSERT_TRUE(s);
  s->append(AlertRecord{kNowMs, "brute_force", "192.0.2.7", "critical", "webhook", "delivered", 2, "auth.failure",
                        "20 failed logins from 192.0.2.7", ""});
  // Another component's table (here: registrations), written in queue order with the rest.
  constexpr std::string_view kInsert =
      "INSERT INTO registrations (aor, contact, call_id, cseq, expires_at, registered_at, source, transport, "
      "listener, behind_nat, user_agent, q) VALUES ($1, $2, 'cid', 1, $3, 0, '', 'UDP', 0, 0, '', 1.0)";
  constexpr std::string_view kDelete = "DELETE FROM registrations WHERE aor = $1";
  s->execute(kInsert, {std::string("sip:a@x"), std::string("sip:a@h"), int64_t{100}});
  s->execute(kInsert, {std::string("sip:b@x"), std::string("sip:b@h"), int64_t{200}});
  s->execute(kDelete, {std::string("sip:a@x")});
  EXPECT_TRUE(s->flush());
  EXPECT_EQ(this->count(*s, "SELECT COUNT(*) FROM registrations"), 1);
  EXPECT_EQ(this->count(*s, "SELECT expires_at FROM registrations"), 200);
  auto rows = s->query("SELECT rule, alert_key, severity, channel, status, attempts, summary FROM alerts");
  ASSERT_TRUE(rows.has_value()) << rows.error();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0][0], "brute_force");
  EXPECT_EQ((*rows)[0][4], "delivered");
  EXPECT_EQ(to_int((*rows)[0][5]), 2);
}

TYPED_TEST(StoreBackendTest, HostileTextIsStoredAsDataNeverAsSql) {
  auto s = this->open();
  ASSERT_TRUE(s);
  events::Event e = sample_event(0);
  e.evidence = "x'); DROP TABLE calls; --";
  e.fields = {{"user_agent", std::string("bad\0nul\xff\xfe utf8 \xc3\xa9", 17)}};
  s->emit(e);
  EXPECT_TRUE(s->flush());
  EXPECT_EQ(this->count(*s, "SELECT COUNT(*) FROM calls"), 0);  // still there
  auto rows = s->query("SELECT evidence, fields FROM security_events");
  ASSERT_TRUE(rows.has_value()) << rows.error();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0][0], "x'); DROP TABLE calls; --");
  // NUL and invalid bytes became U+FFFD on both backends (PostgreSQL refuses them as text).
  EXPECT_EQ((*rows)[0][1], "{\"user_agent\":\"bad\xef\xbf\xbdnul\xef\xbf\xbd\xef\xbf\xbd utf8 \xc3\xa9\"}");
  EXPECT_EQ(s->counters().rejected, 0u);
}

TYPED_TEST(StoreBackendTest, ARefusedRecordIsCountedAndTheRestOfTheBatchWritten) {
  events::RecordingSink reports;
  auto s = this->open(this->quiet(), &reports);
  ASSERT_TRUE(s);
  for (int i = 0; i < 10; ++i) s->emit(sample_event(i));
  // NOT NULL violation: the database refuses this one statement.
  s->execute("INSERT INTO registrations (aor) VALUES ($1)", {std::string("sip:x@y")});
  for (int i = 10; i < 20; ++i) s->emit(sample_event(i));
  s->flush();
  EXPECT_EQ(this->count(*s, "SELECT COUNT(*) FROM security_events"), 20);
  const auto c = s->counters();
  EXPECT_EQ(c.written, 20u);
  EXPECT_EQ(c.rejected, 1u);
  EXPECT_FALSE(s->last_error().empty());
  ASSERT_EQ(reports.count("store.lost"), 1u);
  EXPECT_EQ(reports.events().back().field("rejected"), "1");
}

TYPED_TEST(StoreBackendTest, AFullQueueDropsCountsAndReportsOnceWritten) {
  WriterOptions w = this->quiet();
  w.queue_capacity = 5;
  auto s = this->open(w);  // no reporter: the writer stores its own events
  ASSERT_TRUE(s);
  for (int i = 0; i < 12; ++i) s->emit(sample_event(i));  // the writer sleeps: 5 fit, 7 refused
  EXPECT_EQ(s->counters().dropped_queue_full, 7u);
  EXPECT_TRUE(s->flush());
  EXPECT_EQ(this->count(*s, "SELECT COUNT(*) FROM security_events WHERE kind = 'auth.failure'"), 5);
  auto rows = s->query("SELECT severity, fields FROM security_events WHERE kind = 'store.lost'");
  ASSERT_TRUE(rows.has_value()) << rows.error();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0][0], "warning");
  EXPECT_NE((*rows)[0][1]->find(R"("queue_full":"7")"), std::string::npos) << *(*rows)[0][1];
  EXPECT_TRUE(s->flush());  // reported once
  EXPECT_EQ(this->count(*s, "SELECT COUNT(*) FROM security_events WHERE kind = 'store.lost'"), 1);
}

TYPED_TEST(StoreBackendTest, OutageBuffersRetriesAndReportsRecoveryAndLoss) {
  events::RecordingSink reports;
  WriterOptions w = this->quiet();
  w.buffer_limit = 30;
  auto s = this->open_flaky(w, &reports);
  ASSERT_TRUE(s);
  for (int i = 0; i < 10; ++i) s->emit(sample_event(i));
  EXPECT_TRUE(s->flush());

  *this->down_ = true;
  for (int i = 10; i < 50; ++i) s->emit(sample_event(i));  // 40 while down: 30 buffered, 10 lost
  EXPECT_FALSE(s->flush());
  auto c = s->counters();
  EXPECT_FALSE(c.available);
  EXPECT_EQ(c.outages, 1u);
  EXPECT_EQ(c.buffered, 30u);
  EXPECT_EQ(c.dropped_buffer_full, 10u);
  EXPECT_EQ(reports.count("store.unavailable"), 1u);
  EXPECT_FALSE(s->flush());  // still down: retried, still buffered, reported once
  EXPECT_EQ(reports.count("store.unavailable"), 1u);
  EXPECT_EQ(reports.count("store.lost"), 0u);  // reported once the database is back

  *this->down_ = false;
  EXPECT_TRUE(s->flush());
  c = s->counters();
  EXPECT_TRUE(c.available);
  EXPECT_EQ(c.buffered, 0u);
  EXPECT_EQ(c.written, 40u);
  EXPECT_EQ(this->count(*s, "SELECT COUNT(*) FROM security_events"), 40);
  ASSERT_EQ(reports.count("store.recovered"), 1u);
  ASSERT_EQ(reports.count("store.lost"), 1u);
  for (const auto& e : reports.events()) {
    if (e.kind == "store.recovered") {
      EXPECT_EQ(e.field("written"), "30");
    }
    if (e.kind == "store.lost") {
      EXPECT_EQ(e.field("buffer_full"), "10");
    }
  }
}

TYPED_TEST(StoreBackendTest, StoppingWritesEverythingQueued) {
  WriterOptions w = this->quiet();
  {
    auto s = this->open(w);
    ASSERT_TRUE(s);
    for (int i = 0; i < 1000; ++i) s->emit(sample_event(i));
    // No flush: destruction (what Gateway::stop does) writes the queue.
  }
  auto s = this->open(w);
  ASSERT_TRUE(s);
  EXPECT_EQ(this->count(*s, "SELECT COUNT(*) FROM security_events"), 1000);
}

TYPED_TEST(StoreBackendTest, AFullBatchIsWrittenWithoutWaitingForTheTimer) {
  WriterOptions w = this->quiet();
  w.batch_size = 100;
  auto s = this->open(w);
  ASSERT_TRUE(s);
  for (int i = 0; i < 100; ++i) s->emit(sample_event(i));
  // The writer wakes on its own; wait for it with a deadline (the flush timer is an hour).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (s->counters().written < 100 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  EXPECT_EQ(s->counters().written, 100u);
}

TYPED_TEST(StoreBackendTest, EachCommittedBatchIsReportedForMetrics) {
  WriterOptions w = this->quiet();
  std::atomic<size_t> batches{0};
  std::atomic<size_t> rows{0};
  w.on_batch = [&](std::chrono::nanoseconds took, size_t n) {
    EXPECT_GT(took.count(), 0);
    ++batches;
    rows += n;
  };
  auto s = this->open(w);
  ASSERT_TRUE(s);
  for (int i = 0; i < 30; ++i) s->emit(sample_event(i));
  EXPECT_TRUE(s->flush());
  for (int i = 0; i < 5; ++i) s->emit(sample_event(i));
  EXPECT_TRUE(s->flush());
  EXPECT_EQ(batches.load(), 2u);
  EXPECT_EQ(rows.load(), 35u);
}

TYPED_TEST(StoreBackendTest, RetentionPrunesEachTableByItsOwnAge) {
  WriterOptions w = this->quiet();
  w.retention = retention_rules(RetentionDays{30, 365, 90, 0});
  w.prune_interval = std::chrono::hours(72);
  auto s = this->open(w);
  ASSERT_TRUE(s);
  const int64_t now = this->clock_.unix_seconds() * 1000;
  const int64_t day = 86'400'000;
  auto ev = [&](int64_t t) {
    events::Event e = sample_event(0);
    e.time_ms = t;
    return e;
  };
  s->emit(ev(now - 31 * day));
  s->emit(ev(now - 29 * day));
  CdrRecord cdr;
  cdr.start_ms = now - 100 * day;  // kept: calls are kept a year
  s->append(cdr);
  DeviceRecord dev;
  dev.contact = "old";
  dev.last_seen_ms = now - 91 * day;
  s->upsert(dev);
  AlertRecord alert;
  alert.time_ms = now - 3000 * day;  // kept: 0 = forever
  s->append(alert);
  EXPECT_TRUE(s->flush());  // the first cycle prunes after writing
  EXPECT_EQ(this->count(*s, "SELECT COUNT(*) FROM security_events"), 1);
  EXPECT_EQ(this->count(*s, "SELECT COUNT(*) FROM calls"), 1);
  EXPECT_EQ(this->count(*s, "SELECT COUNT(*) FROM devices"), 0);
  EXPECT_EQ(this->count(*s, "SELECT COUNT(*) FROM alerts"), 1);
  EXPECT_EQ(s->counters().pruned, 2u);

  // Two days later, before the next prune is due: the 29-day-old event (now 31) stays...
  this->clock_.advance_seconds(2 * 86'400);
  s->emit(ev(now - 40 * day));
  EXPECT_TRUE(s->flush());
  EXPECT_EQ(this->count(*s, "SELECT COUNT(*) FROM security_events"), 1 + 1);
  // ...the clock passes the prune interval: both go.
  this->clock_.advance_seconds(86'400);
  EXPECT_TRUE(s->flush());
  EXPECT_EQ(this->count(*s, "SELECT COUNT(*) FROM security_events"), 0);
}

// PostgreSQL only: the server ends the writer's session (as a restart or a network cut would): the
// writer notices, reconnects, and loses nothing.
class PgStoreTest : public StoreBackendTest<PostgresqlBackend> {};

TEST_F(PgStoreTest, ServerSideDisconnectIsAnOutageThatHealsWithoutLoss) {
  StoreOptions o = backend_.options();
  const std::string app = "vg_test_" + std::to_string(::getpid()) + "_disconnect";
  o.postgresql.conninfo += " application_name=" + app;
  o.writer = quiet();
  events::RecordingSink reports;
  auto opened = open_store(o, clock_, &reports);
  ASSERT_TRUE(opened.has_value()) << opened.error();
  auto& s = *opened;
  s->emit(sample_event(0));
  EXPECT_TRUE(s->flush());
  auto admin = PgConnection::open(PgOptions{pg_test_conninfo(), {}, 10});
  ASSERT_TRUE(admin.has_value()) << admin.error();
  auto killed = (*admin)->query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
                                std::vector<SqlParam>{std::string_view(app)});
  ASSERT_TRUE(killed.has_value()) << killed.error();
  ASSERT_EQ(killed->size(), 1u);  // exactly the writer's session
  for (int i = 1; i < 50; ++i) s->emit(sample_event(i));
  s->flush();  // the write fails on the dead session; the writer reconnects (no backoff in tests)
  s->flush();
  EXPECT_TRUE(s->flush());
  EXPECT_EQ(count(*s, "SELECT COUNT(*) FROM security_events WHERE kind = 'auth.failure'"), 50);
  const auto c = s->counters();
  EXPECT_EQ(c.dropped_buffer_full + c.rejected + c.dropped_queue_full, 0u);
  EXPECT_EQ(c.outages, 1u);
  EXPECT_EQ(reports.count("store.unavailable"), 1u);
  EXPECT_EQ(reports.count("store.recovered"), 1u);
}

TEST(RecordSqlTest, InsertStatementsNumberEveryParameter) {
  EXPECT_EQ(insert_sql(alerts_table(), 2),
            "INSERT INTO alerts (time_ms, rule, alert_key, severity, channel, status, attempts, event_kind, summary, "
            "error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10), ($11, $12, $13, $14, $15, $16, $17, $18, $19, "
            "$20)");
}

TEST(RecordSqlTest, MakeStorableKeepsValidUtf8AndReplacesTheRest) {
  const std::pair<std::string, std::string> cases[] = {
      {"plain ascii", "plain ascii"},
      {"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\x9e", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\x9e"},  // é € 📞
      {std::string("a\0b", 3), "a\xef\xbf\xbd" "b"},
      {"\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd"},      // overlong '/'
      {"\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},  // UTF-16 surrogate
      {"\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},  // above U+10FFFF
      {"trunc\xe2\x82", "trunc\xef\xbf\xbd\xef\xbf\xbd"},
  };
  for (const auto& [in, want] : cases) {
    std::string s = in;
    make_storable(s);
    EXPECT_EQ(s, want);
  }
}

}  // namespace
}  // namespace vg::store::testing
