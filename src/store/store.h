// Opening the store: the backend chosen by the configuration (SQLite file or PostgreSQL server),
// connected and migrated, behind one StoreWriter. The composition root (src/server) calls this once.
#pragma once

#include <memory>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "events/sink.h"
#include "store/connection.h"
#include "store/pg_connection.h"
#include "store/store_writer.h"

namespace vg::store {

enum class Backend : uint8_t { kSqlite, kPostgresql };

struct StoreOptions {
  Backend backend = Backend::kSqlite;
  std::string sqlite_path;  // backend sqlite
  PgOptions postgresql;     // backend postgresql
  WriterOptions writer;
};

// Retention rules of the shipped tables (security_events, calls, devices, alerts); 0 keeps forever.
struct RetentionDays {
  int64_t security_events = 0;
  int64_t calls = 0;
  int64_t devices = 0;
  int64_t alerts = 0;
};
std::vector<RetentionRule> retention_rules(const RetentionDays& days);

// Connects to the configured database and applies missing migrations.
[[nodiscard]] SqlResult<std::unique_ptr<Connection>> connect(const StoreOptions& options);

// connect(), then a StoreWriter that reconnects the same way after an outage. Fails when the first
// connection or the migration fails (wrong path, password, or a database newer than this build).
[[nodiscard]] Result<std::unique_ptr<StoreWriter>, std::string> open_store(const StoreOptions& options,
                                                                          const Clock& clock,
                                                                          events::EventSink* reporter = nullptr);

}  // namespace vg::store
