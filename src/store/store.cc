#include "store/store.h"

#include "store/sqlite_connection.h"

namespace vg::store {

std::vector<RetentionRule> retention_rules(const RetentionDays& days) {
  return {{"security_events", "time_ms", days.security_events},
          {"calls", "start_ms", days.calls},
          {"devices", "last_seen_ms", days.devices},
          {"alerts", "time_ms", days.alerts}};
}

SqlResult<std::unique_ptr<Connection>> connect(const StoreOptions& options) {
  std::unique_ptr<Connection> conn;
  if (options.backend == Backend::kSqlite) {
    auto c = SqliteConnection::open(options.sqlite_path);
    if (!c) return unexpected(c.error());
    conn = std::move(*c);
  } else {
    auto c = PgConnection::open(options.postgresql);
    if (!c) return unexpected(c.error());
    conn = std::move(*c);
  }
  if (auto v = migrate(*conn); !v) return unexpected(v.error());
  return conn;
}

Result<std::unique_ptr<StoreWriter>, std::string> open_store(const StoreOptions& options, const Clock& clock,
                                                             events::EventSink* reporter) {
  auto conn = connect(options);
  if (!conn) return unexpected(conn.error());
  return std::make_unique<StoreWriter>(std::move(*conn), [options] { return connect(options); }, options.writer,
                                       clock, reporter);
}

}  // namespace vg::store
