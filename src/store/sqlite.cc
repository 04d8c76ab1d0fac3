#include "store/sqlite.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <filesystem>
#include <system_error>

namespace vg::store {
namespace {

// Closes a descriptor we only create and close again.
class ScopedFd {
 public:
  explicit ScopedFd(int fd) : fd_(fd) {}
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;
  ~ScopedFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  [[nodiscard]] int get() const { return fd_; }

 private:
  int fd_;
};

SqlError errno_error(std::string_view what, const std::string& path, int err) {
  // generic_category().message is thread-safe, unlike strerror.
  return std::string(what) + " " + path + ": " + std::generic_category().message(err);
}

// Formats the connection's current error. sqlite3_errmsg names tables, columns and constraints but
// never the values bound to a statement (sqlite3_expanded_sql, which would, is never used).
SqlError sqlite_error(sqlite3* db, int rc) {
  if (db == nullptr) return std::string(sqlite3_errstr(rc)) + " [code " + std::to_string(rc) + "]";
  return std::string(sqlite3_errmsg(db)) + " [code " + std::to_string(sqlite3_extended_errcode(db)) +
         "]";
}

bool is_existing_directory(const std::filesystem::path& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// Creates each missing parent directory of file with mode 0700. Existing directories keep their
// mode: they may be shared on purpose (e.g. /var/lib), which is the operator's call.
SqlResult<void> make_parent_directories(const std::filesystem::path& file) {
  std::filesystem::path prefix;
  for (const auto& part : file.parent_path()) {
    prefix /= part;
    if (::mkdir(prefix.c_str(), 0700) == 0) {
      // The umask may have removed bits (or, oddly, owner bits); registrations are owner-only.
      if (::chmod(prefix.c_str(), 0700) != 0) return unexpected(errno_error("cannot chmod", prefix, errno));
      continue;
    }
    int err = errno;
    if (err != EEXIST && !is_existing_directory(prefix)) return unexpected(errno_error("cannot create directory", prefix, err));
  }
  return {};
}

// Creates the database file with mode 0600 before SQLite opens it (SQLite would use 0644 & ~umask).
// Done with O_EXCL instead of changing the process-wide umask, which other threads share.
SqlResult<void> create_private_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return {};  // an existing database keeps the mode the operator gave it
    return unexpected(errno_error("cannot create database file", path, errno));
  }
  ScopedFd guard(fd);
  if (::fchmod(guard.get(), 0600) != 0) return unexpected(errno_error("cannot chmod", path, errno));
  return {};
}

}  // namespace

void ConnectionDeleter::operator()(sqlite3* db) const {
  // close_v2 defers the close until the last statement is finalized, so member order cannot leak.
  sqlite3_close_v2(db);
}

void StatementDeleter::operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }

// ---- Statement ----

SqlResult<void> Statement::check_bind(int rc) const {
  if (rc == SQLITE_OK) return {};
  return unexpected("bind: " + sqlite_error(sqlite3_db_handle(stmt_.get()), rc));
}

SqlResult<void> Statement::bind_text(int index, std::string_view value) {
  // A null data pointer would bind SQL NULL; an empty string must stay an empty string.
  const char* data = value.data() != nullptr ? value.data() : "";
  return check_bind(sqlite3_bind_text64(stmt_.get(), index, data, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}

SqlResult<void> Statement::bind_text_unowned(int index, std::string_view value) {
  const char* data = value.data() != nullptr ? value.data() : "";
  return check_bind(sqlite3_bind_text64(stmt_.get(), index, data, value.size(), SQLITE_STATIC, SQLITE_UTF8));
}

SqlResult<void> Statement::bind_int64(int index, int64_t value) {
  return check_bind(sqlite3_bind_int64(stmt_.get(), index, value));
}

SqlResult<void> Statement::bind_double(int index, double value) {
  return check_bind(sqlite3_bind_double(stmt_.get(), index, value));
}

SqlResult<void> Statement::bind_blob(int index, std::span<const std::byte> value) {
  if (value.empty()) return check_bind(sqlite3_bind_zeroblob(stmt_.get(), index, 0));
  return check_bind(sqlite3_bind_blob64(stmt_.get(), index, value.data(), value.size(), SQLITE_TRANSIENT));
}

SqlResult<void> Statement::bind_null(int index) { return check_bind(sqlite3_bind_null(stmt_.get(), index)); }

SqlResult<StepResult> Statement::step() {
  int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return StepResult::kRow;
  if (rc == SQLITE_DONE) return StepResult::kDone;
  return unexpected(sqlite_error(sqlite3_db_handle(stmt_.get()), rc));
}

int Statement::column_count() const { return sqlite3_column_count(stmt_.get()); }

bool Statement::column_is_null(int column) const {
  return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
}

std::string_view Statement::column_text(int column) const {
  // SQLite: call the _text accessor first, then _bytes, so the length matches the converted value.
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_.get(), column));
  if (text == nullptr) return {};
  return {text, static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), column))};
}

int64_t Statement::column_int64(int column) const { return sqlite3_column_int64(stmt_.get(), column); }

double Statement::column_double(int column) const { return sqlite3_column_double(stmt_.get(), column); }

std::span<const std::byte> Statement::column_blob(int column) const {
  const auto* data = static_cast<const std::byte*>(sqlite3_column_blob(stmt_.get(), column));
  if (data == nullptr) return {};
  return {data, static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), column))};
}

void Statement::reset() {
  // sqlite3_reset repeats the last step's error, which step() already reported.
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

// ---- Database ----

SqlResult<Database> Database::open(const std::string& path, const OpenOptions& options) {
  if (path.empty() || path == ":memory:" || path.front() == '\0') {
    return unexpected(SqlError("database path must name a file"));
  }
  if (auto r = make_parent_directories(path); !r) return unexpected(r.error());
  if (auto r = create_private_file(path); !r) return unexpected(r.error());

  sqlite3* raw = nullptr;
  // NOMUTEX: each connection is used by one thread at a time (the owner serializes), so SQLite's
  // own per-connection mutex would be pure overhead. No SQLITE_OPEN_URI: the path is a path.
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  Database db(raw);  // SQLite returns a handle even on failure; it must be closed either way.
  if (rc != SQLITE_OK) return unexpected("cannot open " + path + ": " + sqlite_error(raw, rc));

  sqlite3_extended_result_codes(raw, 1);
  auto timeout_ms = std::clamp<int64_t>(options.busy_timeout.count(), 0, INT_MAX);
  sqlite3_busy_timeout(raw, static_cast<int>(timeout_ms));
  // Hardening: no writable_schema or similar tricks, and functions with side effects may not run
  // from views or triggers in a file someone else may have prepared.
  sqlite3_db_config(raw, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(raw, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);

  // WAL: readers never block the writer and a commit is one append (no rollback journal rewrite).
  // The mode is stored in the file, so the check also proves the file is a database at all.
  auto wal = db.prepare("PRAGMA journal_mode=WAL");
  if (!wal) return unexpected("cannot open " + path + ": " + wal.error());
  auto step = wal->step();
  if (!step) return unexpected("cannot open " + path + ": " + step.error());
  if (*step != StepResult::kRow || wal->column_text(0) != "wal") {
    return unexpected("cannot open " + path + ": WAL journal mode is not available");
  }
  wal = Statement();
  // NORMAL in WAL mode: a commit is durable across an application crash and at most the last
  // transactions are lost on power failure; the file never corrupts. No fsync per commit.
  if (auto r = db.exec("PRAGMA synchronous=NORMAL"); !r) return unexpected("cannot open " + path + ": " + r.error());
  return db;
}

SqlResult<void> Database::exec(const char* sql) {
  char* message = nullptr;
  int rc = sqlite3_exec(db_.get(), sql, nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return {};
  SqlError error = message != nullptr ? std::string(message) + " [code " + std::to_string(rc) + "]"
                                      : sqlite_error(db_.get(), rc);
  sqlite3_free(message);
  return unexpected(std::move(error));
}

SqlResult<Statement> Database::prepare(std::string_view sql, bool persistent) {
  if (sql.size() > static_cast<size_t>(INT_MAX)) return unexpected(SqlError("statement too long"));
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  unsigned flags = persistent ? SQLITE_PREPARE_PERSISTENT : 0;
  int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()), flags, &raw, &tail);
  Statement stmt(raw);
  if (rc != SQLITE_OK) return unexpected("prepare: " + sqlite_error(db_.get(), rc));
  if (!stmt) return unexpected(SqlError("prepare: empty statement"));
  std::string_view rest(tail, static_cast<size_t>(sql.data() + sql.size() - tail));
  if (rest.find_first_not_of(" \t\r\n;") != std::string_view::npos) {
    return unexpected(SqlError("prepare: more than one statement"));
  }
  return stmt;
}

SqlError Database::last_error() const {
  return sqlite_error(db_.get(), sqlite3_extended_errcode(db_.get()));
}

bool Database::in_transaction() const { return db_ && sqlite3_get_autocommit(db_.get()) == 0; }

// ---- Transaction ----

SqlResult<Transaction> Transaction::begin(Database& db) {
  if (auto r = db.exec("BEGIN IMMEDIATE"); !r) return unexpected("begin: " + r.error());
  return Transaction(&db);
}

Transaction& Transaction::operator=(Transaction&& other) noexcept {
  if (this != &other) {
    rollback();
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

SqlResult<void> Transaction::commit() {
  if (db_ == nullptr) return unexpected(SqlError("commit: no transaction"));
  if (auto r = db_->exec("COMMIT"); !r) return unexpected("commit: " + r.error());  // destructor rolls back
  db_ = nullptr;
  return {};
}

void Transaction::rollback() {
  // Some errors (full disk, I/O) make SQLite roll back by itself; a second ROLLBACK would fail.
  if (db_ != nullptr && db_->in_transaction()) (void)db_->exec("ROLLBACK");
  db_ = nullptr;
}

}  // namespace vg::store
