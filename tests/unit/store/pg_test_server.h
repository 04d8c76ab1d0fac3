// The PostgreSQL server of the store tests: the private cluster the ctest fixture started
// (tests/support/pg_cluster.sh; its state directory in VG_TEST_PG_STATE), or, when the binary runs
// by itself, one this process starts on first use and stops when the tests end. There is no skip:
// when PostgreSQL cannot start, every test that needs it fails.
#pragma once

#include <string>

namespace vg::store::testing {

// Connection string of the test server ("host=127.0.0.1 port=N dbname=voipguard user=voipguard"),
// or empty after reporting a test failure.
std::string pg_test_conninfo();

// A schema of its own for one test, dropped by the destructor: conninfo() selects it (search_path),
// so tests running in parallel never see each other's tables.
class PgTestSchema {
 public:
  PgTestSchema();
  PgTestSchema(const PgTestSchema&) = delete;
  PgTestSchema& operator=(const PgTestSchema&) = delete;
  ~PgTestSchema();

  [[nodiscard]] const std::string& conninfo() const { return conninfo_; }
  [[nodiscard]] bool ok() const { return !conninfo_.empty(); }

 private:
  std::string name_;
  std::string conninfo_;
};

}  // namespace vg::store::testing
