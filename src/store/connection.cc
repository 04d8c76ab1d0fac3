#include "store/connection.h"

#include <charconv>
#include <string>

namespace vg::store {
namespace {

constexpr std::string_view kCreateVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at BIGINT NOT NULL)";

// applied_at is informational (for operators): the database's own clock is good enough for it.
std::string_view record_version_sql(Dialect d) {
  return d == Dialect::kSqlite
             ? "INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, strftime('%s','now'))"
             : "INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, "
               "CAST(EXTRACT(EPOCH FROM now()) AS BIGINT))";
}

// An arbitrary constant naming voipguard's migration lock among PostgreSQL advisory locks.
constexpr std::string_view kPgMigrationLock = "SELECT pg_advisory_xact_lock(5626731001)";

// Rolls back unless the transaction was committed.
class TransactionGuard {
 public:
  explicit TransactionGuard(Connection& c) : c_(c) {}
  TransactionGuard(const TransactionGuard&) = delete;
  TransactionGuard& operator=(const TransactionGuard&) = delete;
  ~TransactionGuard() {
    if (!done_) c_.rollback();
  }
  SqlResult<void> commit() {
    auto r = c_.commit();
    done_ = r.has_value();
    return r;
  }

 private:
  Connection& c_;
  bool done_ = false;
};

SqlResult<void> check_numbering(std::span<const Migration> list) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (list[i].version != static_cast<int>(i + 1)) {
      return unexpected("migration list is not numbered 1.." + std::to_string(list.size()) + " at index " +
                        std::to_string(i));
    }
  }
  return {};
}

SqlResult<int> current_version(Connection& conn) {
  auto rows = conn.query("SELECT COALESCE(MAX(version), 0) FROM schema_version", {});
  if (!rows) return unexpected(rows.error());
  int v = 0;
  if (rows->size() == 1 && !rows->front().empty() && rows->front()[0]) {
    const std::string& text = *rows->front()[0];
    std::from_chars(text.data(), text.data() + text.size(), v);
  }
  return v;
}

}  // namespace

std::vector<SqlParam> as_params(std::span<const SqlValue> values) {
  std::vector<SqlParam> out;
  out.reserve(values.size());
  for (const SqlValue& v : values) {
    std::visit([&](const auto& x) { out.emplace_back(SqlParam(x)); }, v);
  }
  return out;
}

SqlResult<int> migrate(Connection& conn, std::span<const Migration> list) {
  if (auto r = check_numbering(list); !r) return unexpected(r.error());
  const int target = static_cast<int>(list.size());

  if (auto r = conn.begin(); !r) return unexpected("migrate: begin: " + r.error());
  TransactionGuard tx(conn);
  if (conn.dialect() == Dialect::kPostgresql) {
    // Two gateways starting at once on a new database: the second waits, then finds it migrated.
    if (auto r = conn.query(kPgMigrationLock, {}); !r) return unexpected("migrate: " + r.error());
  }
  if (auto r = conn.exec(kCreateVersionTable); !r) return unexpected("migrate: " + r.error());
  auto current = current_version(conn);
  if (!current) return unexpected("migrate: " + current.error());
  if (*current > target) {
    return unexpected("database schema version " + std::to_string(*current) +
                      " is newer than this build supports (" + std::to_string(target) +
                      "); upgrade voipguard or use another database");
  }
  if (*current == target) return target;  // nothing to do; the guard ends the transaction

  for (const Migration& m : list.subspan(static_cast<size_t>(*current))) {
    if (auto r = conn.exec(migration_sql(m, conn.dialect())); !r) {
      return unexpected("migration " + std::to_string(m.version) + " (" + std::string(m.name) + "): " + r.error());
    }
    const SqlParam params[] = {int64_t{m.version}, m.name};
    if (auto r = conn.execute(record_version_sql(conn.dialect()), params); !r) {
      return unexpected("migration " + std::to_string(m.version) + ": " + r.error());
    }
  }
  if (auto r = tx.commit(); !r) return unexpected("migrate: commit: " + r.error());
  return target;
}

int64_t column_int(const std::optional<std::string>& cell) {
  int64_t v = 0;
  if (cell) std::from_chars(cell->data(), cell->data() + cell->size(), v);
  return v;
}

double column_double(const std::optional<std::string>& cell) {
  double v = 0;
  if (cell) std::from_chars(cell->data(), cell->data() + cell->size(), v);
  return v;
}

}  // namespace vg::store
