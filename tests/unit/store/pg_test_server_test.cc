#include "pg_test_server.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "store/pg_connection.h"

namespace vg::store::testing {
namespace {

std::string read_conninfo(const std::string& state) {
  std::ifstream in(state + "/conninfo");
  std::string line;
  std::getline(in, line);
  return line;
}

// Starts a cluster for this process when no fixture did, and stops it after the last test.
class PgEnvironment final : public ::testing::Environment {
 public:
  std::string conninfo() {
    std::lock_guard lock(mu_);
    if (!conninfo_.empty() || failed_) return conninfo_;
    if (const char* state = std::getenv("VG_TEST_PG_STATE"); state != nullptr && *state != '\0') {
      conninfo_ = read_conninfo(state);
      if (conninfo_.empty()) {
        failed_ = true;
        ADD_FAILURE() << "VG_TEST_PG_STATE=" << state << " has no conninfo: the pg_cluster fixture did not start";
      }
      return conninfo_;
    }
    state_ = std::filesystem::temp_directory_path() / ("vg-pg-state-" + std::to_string(::getpid()));
    const std::string cmd = "bash '" + std::string(VG_PG_CLUSTER_SCRIPT) + "' start '" + state_ + "' >/dev/null";
    if (std::system(cmd.c_str()) != 0) {
      failed_ = true;
      ADD_FAILURE() << "PostgreSQL did not start (" << cmd << ")";
      return {};
    }
    started_ = true;
    conninfo_ = read_conninfo(state_);
    return conninfo_;
  }

  void TearDown() override {
    std::lock_guard lock(mu_);
    if (!started_) return;
    const std::string cmd = "bash '" + std::string(VG_PG_CLUSTER_SCRIPT) + "' stop '" + state_ + "'";
    (void)std::system(cmd.c_str());
    std::error_code ec;
    std::filesystem::remove_all(state_, ec);
    started_ = false;
  }

 private:
  std::mutex mu_;
  std::string conninfo_;
  std::string state_;
  bool started_ = false;
  bool failed_ = false;
};

PgEnvironment* const environment =
    static_cast<PgEnvironment*>(::testing::AddGlobalTestEnvironment(new PgEnvironment));

std::atomic<int> schema_counter{0};

bool admin_exec(const std::string& sql) {
  auto conn = PgConnection::open(PgOptions{pg_test_conninfo(), {}, 10});
  if (!conn) {
    ADD_FAILURE() << conn.error();
    return false;
  }
  auto r = (*conn)->exec(sql);
  if (!r) ADD_FAILURE() << r.error();
  return r.has_value();
}

}  // namespace

std::string pg_test_conninfo() { return environment->conninfo(); }

PgTestSchema::PgTestSchema() {
  const std::string base = pg_test_conninfo();
  if (base.empty()) return;
  name_ = "t_" + std::to_string(::getpid()) + "_" + std::to_string(schema_counter++);
  if (!admin_exec("CREATE SCHEMA " + name_)) return;
  conninfo_ = base + " options='-c search_path=" + name_ + "'";
}

PgTestSchema::~PgTestSchema() {
  if (!conninfo_.empty()) (void)admin_exec("DROP SCHEMA " + name_ + " CASCADE");
}

}  // namespace vg::store::testing

namespace vg::store::testing {
namespace {

// The server every PostgreSQL test uses is up and ours to write (fails, never skips, when not).
TEST(PgTestServerTest, PrivateClusterAcceptsConnections) {
  PgTestSchema schema;
  ASSERT_TRUE(schema.ok());
  auto conn = PgConnection::open(PgOptions{schema.conninfo(), {}, 10});
  ASSERT_TRUE(conn.has_value()) << conn.error();
  ASSERT_TRUE((*conn)->exec("CREATE TABLE here (x BIGINT)").has_value());
  auto rows = (*conn)->query("SELECT current_schema()", {});
  ASSERT_TRUE(rows.has_value()) << rows.error();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0][0].value_or(""), schema.conninfo().substr(schema.conninfo().find("search_path=") + 12,
                                                                 schema.conninfo().size() -
                                                                     schema.conninfo().find("search_path=") - 13));
}

}  // namespace
}  // namespace vg::store::testing
