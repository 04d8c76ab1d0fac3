// The PostgreSQL backend of store::Connection (libpq): RAII owners for PGconn and PGresult, every
// statement prepared once (PQprepare) and run with text parameters (PQexecPrepared) — values never
// enter SQL text. The password is passed to libpq as a separate parameter and never appears in an
// error message or log.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "store/connection.h"

struct pg_conn;
struct pg_result;

namespace vg::store {

struct PgOptions {
  // libpq connection string, e.g. "host=127.0.0.1 port=5432 dbname=voipguard user=voipguard" or a
  // postgresql:// URI. Must not contain the password: give that in `password`.
  std::string conninfo;
  std::string password;  // empty: none (trust, peer or a ~/.pgpass file)
  int connect_timeout_s = 5;
};

struct PgConnDeleter {
  void operator()(pg_conn* c) const;
};
struct PgResultDeleter {
  void operator()(pg_result* r) const;
};
using PgConnPtr = std::unique_ptr<pg_conn, PgConnDeleter>;
using PgResultPtr = std::unique_ptr<pg_result, PgResultDeleter>;

class PgConnection final : public Connection {
 public:
  // Connects (blocking, up to connect_timeout_s).
  static SqlResult<std::unique_ptr<PgConnection>> open(const PgOptions& options);

  [[nodiscard]] Dialect dialect() const override { return Dialect::kPostgresql; }
  [[nodiscard]] SqlResult<void> exec(std::string_view sql) override;
  [[nodiscard]] SqlResult<int64_t> execute(std::string_view sql, std::span<const SqlParam> params) override;
  [[nodiscard]] SqlResult<std::vector<SqlRow>> query(std::string_view sql, std::span<const SqlParam> params) override;
  [[nodiscard]] SqlResult<void> begin() override { return exec("BEGIN"); }
  void rollback() override;
  [[nodiscard]] bool available() const override;
  [[nodiscard]] SqlResult<void> reconnect() override;

 private:
  PgConnection(PgOptions options, PgConnPtr conn) : options_(std::move(options)), conn_(std::move(conn)) {}

  // Runs the prepared statement for sql (preparing it first if needed).
  SqlResult<PgResultPtr> run(std::string_view sql, std::span<const SqlParam> params);
  SqlError error(const char* what) const;

  PgOptions options_;
  PgConnPtr conn_;
  std::map<std::string, std::string, std::less<>> statements_;  // SQL text -> prepared statement name
};

// Connects with libpq; the error is libpq's message (it never contains the password).
SqlResult<PgConnPtr> pg_connect(const PgOptions& options);

}  // namespace vg::store
