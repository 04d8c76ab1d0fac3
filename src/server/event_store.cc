#include "server/event_store.h"

#include <fstream>

namespace vg::server {

std::string store_sqlite_path(const config::Config& cfg, const std::string& var_dir_override) {
  if (!var_dir_override.empty()) return var_dir_override + "/voipguard.db";
  return cfg.storage.sqlite_path.empty() ? cfg.node.var_dir + "/voipguard.db" : cfg.storage.sqlite_path;
}

Result<store::StoreOptions, std::string> store_options(const config::StorageConfig& cfg, const std::string& sqlite_path) {
  store::StoreOptions o;
  o.backend = cfg.backend == config::StorageBackend::kPostgresql ? store::Backend::kPostgresql : store::Backend::kSqlite;
  o.sqlite_path = sqlite_path;
  o.postgresql.conninfo = cfg.postgresql.connection_string();
  o.postgresql.connect_timeout_s = static_cast<int>(cfg.postgresql.connect_timeout.count());
  if (o.backend == store::Backend::kPostgresql && !cfg.postgresql.password_file.empty()) {
    std::ifstream in(cfg.postgresql.password_file);
    if (!in || !std::getline(in, o.postgresql.password)) {
      return unexpected("storage: cannot read the PostgreSQL password file " + cfg.postgresql.password_file);
    }
    if (!o.postgresql.password.empty() && o.postgresql.password.back() == '\r') o.postgresql.password.pop_back();
  }
  o.writer.flush_interval = cfg.flush_interval;
  o.writer.queue_capacity = cfg.queue_capacity;
  o.writer.buffer_limit = cfg.buffer_limit;
  o.writer.batch_size = std::max<size_t>(1, std::min<size_t>(cfg.queue_capacity / 4, 5000));
  o.writer.retention = store::retention_rules(store::RetentionDays{cfg.retention.security_events, cfg.retention.calls,
                                                                   cfg.retention.devices, cfg.retention.alerts});
  return o;
}

Result<std::unique_ptr<store::StoreWriter>, std::string> open_event_store(
    const config::StorageConfig& cfg, const std::string& sqlite_path, const Clock& clock,
    events::EventSink* reporter, std::function<void(std::chrono::nanoseconds, size_t)> on_batch) {
  auto options = store_options(cfg, sqlite_path);
  if (!options) return unexpected(options.error());
  options->writer.on_batch = std::move(on_batch);
  auto writer = store::open_store(*options, clock, reporter);
  if (!writer) return unexpected("storage: " + writer.error());
  return std::move(*writer);
}

}  // namespace vg::server
