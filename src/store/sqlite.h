// RAII wrappers for SQLite connections, prepared statements and transactions. Errors are values
// carrying SQLite's message, which names tables and columns but never a bound value.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace vg::store {

// SQLite's message (plus the result code) or a file-system error; safe to log.
using SqlError = std::string;

template <class T>
using SqlResult = Result<T, SqlError>;

struct OpenOptions {
  // How long a statement waits for another connection's lock before failing with "busy".
  std::chrono::milliseconds busy_timeout{5000};
};

enum class StepResult : uint8_t {
  kRow,   // a row is available through the column accessors
  kDone,  // the statement has finished
};

struct ConnectionDeleter {
  void operator()(sqlite3* db) const;
};
struct StatementDeleter {
  void operator()(sqlite3_stmt* stmt) const;
};

// A prepared statement. Owned by the thread that uses its connection; not thread-safe.
class Statement {
 public:
  Statement() = default;
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}

  // Indexes are 1-based, as in SQLite (?1, ?2, ...). Text and blobs are copied.
  [[nodiscard]] SqlResult<void> bind_text(int index, std::string_view value);
  // Not copied: `value` must stay valid until reset() (which clears the binding). For the store's
  // batches, whose hundreds of parameters per statement live until it has run.
  [[nodiscard]] SqlResult<void> bind_text_unowned(int index, std::string_view value);
  [[nodiscard]] SqlResult<void> bind_int64(int index, int64_t value);
  [[nodiscard]] SqlResult<void> bind_double(int index, double value);
  [[nodiscard]] SqlResult<void> bind_blob(int index, std::span<const std::byte> value);
  [[nodiscard]] SqlResult<void> bind_null(int index);

  [[nodiscard]] SqlResult<StepResult> step();

  // Column accessors for the current row (0-based). Views stay valid until the next step(),
  // reset() or destruction.
  [[nodiscard]] int column_count() const;
  [[nodiscard]] bool column_is_null(int column) const;
  [[nodiscard]] std::string_view column_text(int column) const;
  [[nodiscard]] int64_t column_int64(int column) const;
  [[nodiscard]] double column_double(int column) const;
  [[nodiscard]] std::span<const std::byte> column_blob(int column) const;

  // Makes the statement ready to run again and clears every binding.
  void reset();

  [[nodiscard]] sqlite3_stmt* get() const { return stmt_.get(); }
  explicit operator bool() const { return stmt_ != nullptr; }

 private:
  [[nodiscard]] SqlResult<void> check_bind(int rc) const;

  std::unique_ptr<sqlite3_stmt, StatementDeleter> stmt_;
};

// One connection to a database file. Used by one thread at a time (opened with SQLITE_OPEN_NOMUTEX);
// the owner serializes access.
class Database {
 public:
  Database() = default;

  // Opens (creating if needed) the database file at path: missing parent directories are created
  // with mode 0700, a new file with mode 0600 (SQLite gives its -wal and -shm files the same mode).
  // The connection runs in WAL mode with synchronous=NORMAL, the given busy timeout, and SQLite's
  // defensive flags (no writable schema, untrusted schema functions off).
  static SqlResult<Database> open(const std::string& path, const OpenOptions& options = {});

  // Runs one or more statements without parameters. Never build sql from values: bind them.
  [[nodiscard]] SqlResult<void> exec(const char* sql);
  // persistent: the statement is kept for the life of the connection (a hint to SQLite's allocator).
  [[nodiscard]] SqlResult<Statement> prepare(std::string_view sql, bool persistent = false);

  // The current error of the connection, formatted like every SqlError.
  [[nodiscard]] SqlError last_error() const;
  [[nodiscard]] bool in_transaction() const;

  [[nodiscard]] sqlite3* get() const { return db_.get(); }
  explicit operator bool() const { return db_ != nullptr; }

 private:
  explicit Database(sqlite3* db) : db_(db) {}

  std::unique_ptr<sqlite3, ConnectionDeleter> db_;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back on destruction unless committed. IMMEDIATE takes the write
// lock up front, so two processes migrating or writing the same file queue on the busy timeout
// instead of failing half-way with a lock upgrade error.
class Transaction {
 public:
  static SqlResult<Transaction> begin(Database& db);

  Transaction(Transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
  Transaction& operator=(Transaction&& other) noexcept;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() { rollback(); }

  [[nodiscard]] SqlResult<void> commit();
  void rollback();

 private:
  explicit Transaction(Database* db) : db_(db) {}

  Database* db_ = nullptr;
};

}  // namespace vg::store
