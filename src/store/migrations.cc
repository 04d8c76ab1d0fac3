#include "store/migrations.h"

#include <iterator>
#include <string>

namespace vg::store {
namespace {

// Append only. A released migration is never edited: databases in the field have already run it.
constexpr Migration kMigrations[] = {
    {1, "registrations",
     R"sql(
      -- Location service bindings (RFC 3261 §10.3), one row per (address of record, contact),
      -- so that registrations survive a restart.
      CREATE TABLE registrations (
        aor           TEXT    NOT NULL,
        contact       TEXT    NOT NULL,
        call_id       TEXT    NOT NULL,
        cseq          INTEGER NOT NULL,
        expires_at    INTEGER NOT NULL,  -- unix seconds
        registered_at INTEGER NOT NULL,  -- unix seconds
        source        TEXT    NOT NULL,  -- "ip:port" the REGISTER came from
        transport     TEXT    NOT NULL,  -- "UDP", "TCP" or "TLS"
        listener      INTEGER NOT NULL,
        behind_nat    INTEGER NOT NULL,  -- 0 or 1
        user_agent    TEXT    NOT NULL,
        q             REAL    NOT NULL,
        PRIMARY KEY (aor, contact)
      );
      -- Purging expired bindings at start-up reads by expiry.
      CREATE INDEX registrations_expires_at ON registrations (expires_at);
     )sql"},
};

constexpr const char* kCreateVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at INTEGER NOT NULL)";

SqlResult<void> check_numbering(std::span<const Migration> list) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (list[i].version != static_cast<int>(i + 1)) {
      return unexpected("migration list is not numbered 1.." + std::to_string(list.size()) + " at index " +
                        std::to_string(i));
    }
  }
  return {};
}

SqlResult<void> record_version(Database& db, const Migration& m) {
  // applied_at is informational (for operators); SQLite's clock is good enough for it.
  auto stmt = db.prepare("INSERT INTO schema_version (version, name, applied_at) VALUES (?1, ?2, strftime('%s','now'))");
  if (!stmt) return unexpected(stmt.error());
  if (auto r = stmt->bind_int64(1, m.version); !r) return r;
  if (auto r = stmt->bind_text(2, m.name); !r) return r;
  if (auto r = stmt->step(); !r) return unexpected(r.error());
  return {};
}

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

int latest_schema_version() { return static_cast<int>(std::size(kMigrations)); }

SqlResult<int> schema_version(Database& db) {
  auto exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
  if (!exists) return unexpected(exists.error());
  auto row = exists->step();
  if (!row) return unexpected(row.error());
  if (*row == StepResult::kDone) return 0;

  auto stmt = db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version");
  if (!stmt) return unexpected(stmt.error());
  auto step = stmt->step();
  if (!step) return unexpected(step.error());
  return static_cast<int>(stmt->column_int64(0));
}

SqlResult<int> migrate(Database& db, std::span<const Migration> list) {
  if (auto r = check_numbering(list); !r) return unexpected(r.error());
  const int target = static_cast<int>(list.size());

  auto tx = Transaction::begin(db);
  if (!tx) return unexpected("migrate: " + tx.error());
  if (auto r = db.exec(kCreateVersionTable); !r) return unexpected("migrate: " + r.error());
  auto current = schema_version(db);
  if (!current) return unexpected("migrate: " + current.error());
  if (*current > target) {
    return unexpected("database schema version " + std::to_string(*current) +
                      " is newer than this build supports (" + std::to_string(target) +
                      "); upgrade voipguard or use another file");
  }
  if (*current == target) return target;  // nothing to do; the destructor ends the transaction

  for (const Migration& m : list.subspan(static_cast<size_t>(*current))) {
    // sqlite_exec needs a terminated string; migrations are literals but the view's length rules.
    std::string sql(m.sql);
    if (auto r = db.exec(sql.c_str()); !r) {
      return unexpected("migration " + std::to_string(m.version) + " (" + std::string(m.name) + "): " + r.error());
    }
    if (auto r = record_version(db, m); !r) {
      return unexpected("migration " + std::to_string(m.version) + ": " + r.error());
    }
  }
  if (auto r = tx->commit(); !r) return unexpected("migrate: " + r.error());
  return target;
}

}  // namespace vg::store
