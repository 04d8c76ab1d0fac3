#include "store/sqlite_connection.h"

#include <sqlite3.h>

#include <type_traits>

namespace vg::store {
namespace {

// $N (PostgreSQL) -> ?N (SQLite's numbered parameter). The store's SQL has no string literal that
// contains a '$' followed by a digit.
std::string sqlite_placeholders(std::string_view sql) {
  std::string out(sql);
  for (size_t i = 0; i + 1 < out.size(); ++i) {
    if (out[i] == '$' && out[i + 1] >= '0' && out[i + 1] <= '9') out[i] = '?';
  }
  return out;
}

// Text is bound without a copy: the caller's parameters outlive the statement's run, and every use
// ends with a reset that clears the bindings (ResetGuard, or the reset after a failed bind).
SqlResult<void> bind(Statement& stmt, int index, const SqlParam& p) {
  return std::visit(
      [&](const auto& v) -> SqlResult<void> {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::nullptr_t>) return stmt.bind_null(index);
        else if constexpr (std::is_same_v<T, int64_t>) return stmt.bind_int64(index, v);
        else if constexpr (std::is_same_v<T, double>) return stmt.bind_double(index, v);
        else return stmt.bind_text_unowned(index, v);
      },
      p);
}

// Resets the statement (and clears its bindings) when a call is done with it, however it ends.
class ResetGuard {
 public:
  explicit ResetGuard(Statement& s) : s_(s) {}
  ResetGuard(const ResetGuard&) = delete;
  ResetGuard& operator=(const ResetGuard&) = delete;
  ~ResetGuard() { s_.reset(); }

 private:
  Statement& s_;
};

}  // namespace

SqlResult<std::unique_ptr<SqliteConnection>> SqliteConnection::open(const std::string& path,
                                                                    const OpenOptions& options) {
  auto db = Database::open(path, options);
  if (!db) return unexpected(db.error());
  return std::unique_ptr<SqliteConnection>(new SqliteConnection(path, options, std::move(*db)));
}

SqliteConnection::SqliteConnection(std::string path, const OpenOptions& options, Database db)
    : path_(std::move(path)), options_(options), owned_(std::move(db)), db_(&owned_) {}

void SqliteConnection::note_failure() {
  switch (sqlite3_extended_errcode(db_->get()) & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_NOMEM:
    case SQLITE_READONLY:
    case SQLITE_IOERR:
    case SQLITE_CORRUPT:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL:
    case SQLITE_NOTADB:
      available_ = false;
      break;
    default:
      break;
  }
}

SqlResult<void> SqliteConnection::exec(std::string_view sql) {
  const std::string text(sql);  // sqlite3_exec needs a terminated string
  auto r = db_->exec(text.c_str());
  if (!r) note_failure();
  return r;
}

SqlResult<Statement*> SqliteConnection::prepared(std::string_view sql, std::span<const SqlParam> params) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    auto stmt = db_->prepare(sqlite_placeholders(sql), true);
    if (!stmt) {
      note_failure();
      return unexpected(stmt.error());
    }
    it = statements_.emplace(std::string(sql), std::move(*stmt)).first;
  }
  Statement& stmt = it->second;
  for (size_t i = 0; i < params.size(); ++i) {
    if (auto r = bind(stmt, static_cast<int>(i + 1), params[i]); !r) {
      stmt.reset();
      return unexpected(r.error());
    }
  }
  return &stmt;
}

SqlResult<int64_t> SqliteConnection::execute(std::string_view sql, std::span<const SqlParam> params) {
  // Statements that change rows return none (or few: RETURNING), so running them as a query costs nothing.
  if (auto rows = query(sql, params); !rows) return unexpected(rows.error());
  return static_cast<int64_t>(sqlite3_changes64(db_->get()));
}

SqlResult<std::vector<SqlRow>> SqliteConnection::query(std::string_view sql, std::span<const SqlParam> params) {
  auto stmt = prepared(sql, params);
  if (!stmt) return unexpected(stmt.error());
  ResetGuard reset(**stmt);
  std::vector<SqlRow> rows;
  for (;;) {
    auto step = (*stmt)->step();
    if (!step) {
      note_failure();
      return unexpected(step.error());
    }
    if (*step == StepResult::kDone) break;
    SqlRow row;
    const int n = (*stmt)->column_count();
    for (int c = 0; c < n; ++c) {
      if ((*stmt)->column_is_null(c)) {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(std::string((*stmt)->column_text(c)));
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

SqlResult<void> SqliteConnection::begin() { return exec("BEGIN IMMEDIATE"); }

void SqliteConnection::rollback() {
  // Some errors (full disk, I/O) make SQLite roll back by itself; a second ROLLBACK would fail.
  if (db_->in_transaction()) (void)db_->exec("ROLLBACK");
}

SqlResult<void> SqliteConnection::reconnect() {
  if (path_.empty()) return unexpected(SqlError("a borrowed connection cannot reconnect"));
  statements_.clear();  // finalized before the connection they belong to closes
  owned_ = Database();
  auto db = Database::open(path_, options_);
  if (!db) return unexpected(db.error());
  owned_ = std::move(*db);
  available_ = true;
  return {};
}

}  // namespace vg::store
