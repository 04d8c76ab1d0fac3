// Typed configuration of the `storage:` section: which database keeps events, CDRs, devices and
// alerts (SQLite file by default, or a PostgreSQL server), how the writer batches, and how long
// each table keeps its rows. Part of config::Config; see docs/storage.md.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace vg::config {

enum class StorageBackend { kSqlite, kPostgresql };

struct PostgresqlConfig {
  // Either a libpq connection string (keyword=value or postgresql:// URI, without a password)...
  std::string conninfo;
  // ...or these parts (host is then required).
  std::string host;
  std::uint16_t port = 5432;
  std::string dbname = "voipguard";
  std::string user = "voipguard";
  // File whose first line is the password; read when the store connects, never logged. Empty: no
  // password (trust/peer authentication or ~/.pgpass).
  std::string password_file;
  std::chrono::seconds connect_timeout{5};

  // conninfo, or the parts as a libpq keyword=value string (values quoted).
  [[nodiscard]] std::string connection_string() const;
};

// Days each table keeps its rows; 0 keeps them forever.
struct RetentionConfig {
  std::uint32_t security_events = 90;
  std::uint32_t calls = 365;
  std::uint32_t devices = 365;  // by last seen
  std::uint32_t alerts = 90;
};

struct StorageConfig {
  StorageBackend backend = StorageBackend::kSqlite;
  // SQLite file: the whole store with backend sqlite (unused with postgresql). Defaults to
  // <node.var_dir>/voipguard.db.
  std::string sqlite_path;
  PostgresqlConfig postgresql;
  // A crash loses at most this much; a clean stop loses nothing.
  std::chrono::milliseconds flush_interval{1000};
  std::uint32_t queue_capacity = 200000;  // records waiting to be written (full: dropped and counted)
  std::uint32_t buffer_limit = 1000000;   // records kept while the database is unreachable
  RetentionConfig retention;
};

}  // namespace vg::config
