// Registration bindings through the store's writer, on SQLite and PostgreSQL: upsert by (aor,
// contact), removal, every column read back as written, and persistence across a reopen (what a
// gateway restart relies on).
#include "store/binding_repository.h"

#include <gtest/gtest.h>

#include "store_backends.h"

namespace vg::store::testing {
namespace {

template <class B>
class BindingRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(backend_.ok()) << "the " << B::kName << " test database is not available"; }

  std::unique_ptr<StoreWriter> open() {
    StoreOptions o = backend_.options();
    o.writer.flush_interval = std::chrono::hours(1);  // written when the test flushes
    auto s = open_store(o, clock_);
    EXPECT_TRUE(s.has_value()) << (s ? "" : s.error());
    return s ? std::move(*s) : nullptr;
  }

  B backend_;
  FakeClock clock_{1'700'000'000};
};

using Backends = ::testing::Types<SqliteBackend, PostgresqlBackend>;
TYPED_TEST_SUITE(BindingRepositoryTest, Backends, BackendNames);

BindingRecord binding(std::string aor, std::string contact, int64_t expires_at) {
  BindingRecord r;
  r.aor = std::move(aor);
  r.contact = std::move(contact);
  r.call_id = "c1@192.0.2.1";
  r.cseq = 7;
  r.expires_at = expires_at;
  r.registered_at = 1'700'000'000;
  r.source = "192.0.2.1:5062";
  r.transport = "UDP";
  r.listener = 1;
  r.behind_nat = 0;
  r.user_agent = "baresip";
  r.q = 1.0;
  return r;
}

TYPED_TEST(BindingRepositoryTest, UpsertRemoveAndLoadEveryColumn) {
  auto w = this->open();
  ASSERT_TRUE(w);
  BindingRepository repo(*w);
  auto a = binding("sip:1001@a.example", "sip:1001@192.0.2.1:5062", 1'700'003'600);
  auto b = binding("sip:1002@a.example", "sip:1002@[2001:db8::2]:5060;transport=tcp", 1'700'000'600);
  b.source = "[2001:db8::2]:5060";
  b.transport = "TCP";
  b.behind_nat = 1;
  b.q = 0.5;
  b.user_agent = "Zoiper \xC3\xA9t\xC3\xA9 'quoted' \"x\"";  // UTF-8 and quotes survive binding
  b.cseq = 4'000'000'000;  // beyond 32 bits (PostgreSQL BIGINT)
  repo.save(a);
  repo.save(b);
  auto refreshed = a;
  refreshed.cseq = 8;
  refreshed.expires_at = 1'700'007'200;
  repo.save(refreshed);  // same (aor, contact): replaces
  repo.save(binding("sip:1003@a.example", "sip:1003@192.0.2.3", 1));
  repo.remove("sip:1003@a.example", "sip:1003@192.0.2.3");
  repo.remove("sip:nobody@a.example", "sip:x@192.0.2.9");  // absent: harmless
  auto rows = repo.load();
  ASSERT_TRUE(rows.has_value()) << rows.error();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0], refreshed);
  EXPECT_EQ((*rows)[1], b);
  EXPECT_EQ(w->counters().rejected, 0u);
}

TYPED_TEST(BindingRepositoryTest, BindingsSurviveReopening) {
  const auto a = binding("sip:1001@a.example", "sip:1001@192.0.2.1:5062", 1'700'003'600);
  {
    auto w = this->open();
    ASSERT_TRUE(w);
    BindingRepository(*w).save(a);
  }  // the writer's destructor writes what is queued (a clean stop)
  auto w = this->open();
  ASSERT_TRUE(w);
  auto rows = BindingRepository(*w).load();
  ASSERT_TRUE(rows.has_value()) << rows.error();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front(), a);
}

}  // namespace
}  // namespace vg::store::testing
