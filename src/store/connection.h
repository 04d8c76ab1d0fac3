// One connection to the store's database, whichever backend holds it (SQLite file or PostgreSQL
// server). Statements use PostgreSQL's $1..$N placeholders on both backends and are always
// parameterized: never build SQL text from values. Statements are prepared once per connection and
// cached by their text, so pass SQL that comes from literals (a bounded set), not generated per row.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "store/migrations.h"
#include "store/sqlite.h"

namespace vg::store {

// A value bound to a $N parameter (text is copied by the backend before execute returns).
using SqlParam = std::variant<std::nullptr_t, int64_t, double, std::string_view>;
// A value that owns its text, for statements queued to run later (see StoreWriter::execute).
using SqlValue = std::variant<std::nullptr_t, int64_t, double, std::string>;
// One result row: every column as text (numbers in decimal), nullopt for NULL.
using SqlRow = std::vector<std::optional<std::string>>;

// Used by one thread at a time; the owner serializes access.
class Connection {
 public:
  virtual ~Connection() = default;

  [[nodiscard]] virtual Dialect dialect() const = 0;
  // Runs one or more statements without parameters (DDL, transaction control).
  [[nodiscard]] virtual SqlResult<void> exec(std::string_view sql) = 0;
  // Runs one statement; returns the number of rows it changed.
  [[nodiscard]] virtual SqlResult<int64_t> execute(std::string_view sql, std::span<const SqlParam> params) = 0;
  // Runs one statement and returns its rows.
  [[nodiscard]] virtual SqlResult<std::vector<SqlRow>> query(std::string_view sql,
                                                             std::span<const SqlParam> params) = 0;
  // Starts a write transaction (SQLite: BEGIN IMMEDIATE, taking the file's write lock up front).
  [[nodiscard]] virtual SqlResult<void> begin() = 0;
  [[nodiscard]] SqlResult<void> commit() { return exec("COMMIT"); }
  // Ends a failed transaction; harmless when none is open.
  virtual void rollback() = 0;

  // False once the database became unreachable (server gone, connection reset, disk full, file
  // locked past the busy timeout): what failed may succeed later, after reconnect(). True after a
  // failure caused by the statement or its values (a constraint), which retrying cannot fix.
  [[nodiscard]] virtual bool available() const = 0;
  // Drops the connection and opens it again (prepared statements are prepared anew).
  [[nodiscard]] virtual SqlResult<void> reconnect() = 0;
};

// Views of owned values, to pass queued statements to execute().
std::vector<SqlParam> as_params(std::span<const SqlValue> values);

// A result column as a number (rows hold text on both backends); 0 for NULL or a non-number.
int64_t column_int(const std::optional<std::string>& cell);
double column_double(const std::optional<std::string>& cell);

// Brings the database to the last version of list in one transaction (PostgreSQL: serialized
// between processes by an advisory lock). Same contract as migrate(Database&, list).
[[nodiscard]] SqlResult<int> migrate(Connection& conn, std::span<const Migration> list = migrations());

}  // namespace vg::store
