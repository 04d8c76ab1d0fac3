// The SQLite backend of store::Connection: one database file in WAL mode (see Database::open).
// $N placeholders are SQLite's ?N; statements are prepared once and kept per connection.
#pragma once

#include <map>
#include <string>

#include "store/connection.h"
#include "store/sqlite.h"

namespace vg::store {

class SqliteConnection final : public Connection {
 public:
  // Opens (creating if needed) the file at path.
  static SqlResult<std::unique_ptr<SqliteConnection>> open(const std::string& path, const OpenOptions& options = {});
  // Uses a connection someone else owns and keeps (migrate(Database&) runs through this); such a
  // connection cannot reconnect.
  explicit SqliteConnection(Database& borrowed) : db_(&borrowed) {}

  [[nodiscard]] Dialect dialect() const override { return Dialect::kSqlite; }
  [[nodiscard]] SqlResult<void> exec(std::string_view sql) override;
  [[nodiscard]] SqlResult<int64_t> execute(std::string_view sql, std::span<const SqlParam> params) override;
  [[nodiscard]] SqlResult<std::vector<SqlRow>> query(std::string_view sql, std::span<const SqlParam> params) override;
  [[nodiscard]] SqlResult<void> begin() override;
  void rollback() override;
  [[nodiscard]] bool available() const override { return available_; }
  [[nodiscard]] SqlResult<void> reconnect() override;

 private:
  SqliteConnection(std::string path, const OpenOptions& options, Database db);

  // The cached statement for sql with params bound, or an error.
  SqlResult<Statement*> prepared(std::string_view sql, std::span<const SqlParam> params);
  // Records whether the error the connection just reported means "unreachable" (see available()).
  void note_failure();

  std::string path_;  // empty for a borrowed connection
  OpenOptions options_;
  Database owned_;
  Database* db_;
  std::map<std::string, Statement, std::less<>> statements_;
  bool available_ = true;
};

}  // namespace vg::store
