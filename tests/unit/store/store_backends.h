// The two backends the store test suite runs against (typed tests): a SQLite file in a temp
// directory and a schema of its own on the private PostgreSQL test server. Also a Connection
// decorator that can make the database "unreachable", to test outages on both backends.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <charconv>
#include <memory>
#include <string>

#include "pg_test_server.h"
#include "store/store.h"
#include "temp_dir.h"

namespace vg::store::testing {

struct SqliteBackend {
  static constexpr const char* kName = "sqlite";
  TempDir dir;
  StoreOptions options() const {
    StoreOptions o;
    o.backend = Backend::kSqlite;
    o.sqlite_path = dir.file("store.db");
    return o;
  }
  bool ok() const { return true; }
};

struct PostgresqlBackend {
  static constexpr const char* kName = "postgresql";
  PgTestSchema schema;
  StoreOptions options() const {
    StoreOptions o;
    o.backend = Backend::kPostgresql;
    o.postgresql.conninfo = schema.conninfo();
    return o;
  }
  bool ok() const { return schema.ok(); }
};

// Names the typed tests by backend ("sqlite", "postgresql").
struct BackendNames {
  template <class T>
  static std::string GetName(int) {
    return T::kName;
  }
};

// A typed test holding one connection to its backend's (migrated) database.
template <class B>
class ConnectedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(backend_.ok()) << "the " << B::kName << " test database is not available";
    auto c = connect(backend_.options());
    ASSERT_TRUE(c.has_value()) << c.error();
    conn_ = std::move(*c);
  }
  B backend_;
  std::unique_ptr<Connection> conn_;
};

// Forwards to a real connection unless `down` is set: then every call fails as if the server had
// gone away (available() false), and the connector refuses to reconnect.
class FlakyConnection final : public Connection {
 public:
  FlakyConnection(std::unique_ptr<Connection> inner, std::shared_ptr<std::atomic<bool>> down)
      : inner_(std::move(inner)), down_(std::move(down)) {}

  [[nodiscard]] Dialect dialect() const override { return inner_->dialect(); }
  [[nodiscard]] SqlResult<void> exec(std::string_view sql) override {
    if (*down_) return fail();
    return inner_->exec(sql);
  }
  [[nodiscard]] SqlResult<int64_t> execute(std::string_view sql, std::span<const SqlParam> params) override {
    if (*down_) return fail();
    return inner_->execute(sql, params);
  }
  [[nodiscard]] SqlResult<std::vector<SqlRow>> query(std::string_view sql, std::span<const SqlParam> params) override {
    if (*down_) return fail();
    return inner_->query(sql, params);
  }
  [[nodiscard]] SqlResult<void> begin() override {
    if (*down_) return fail();
    return inner_->begin();
  }
  void rollback() override {
    if (!*down_) inner_->rollback();
  }
  [[nodiscard]] bool available() const override { return !broken_ && inner_->available(); }
  [[nodiscard]] SqlResult<void> reconnect() override { return inner_->reconnect(); }

 private:
  SqlError fail_error() { return "connection refused (test)"; }
  Unexpected<SqlError> fail() {
    broken_ = true;
    return unexpected(fail_error());
  }

  std::unique_ptr<Connection> inner_;
  std::shared_ptr<std::atomic<bool>> down_;
  bool broken_ = false;
};

inline int64_t to_int(const std::optional<std::string>& s) {
  int64_t v = -1;
  if (s) std::from_chars(s->data(), s->data() + s->size(), v);
  return v;
}

}  // namespace vg::store::testing
