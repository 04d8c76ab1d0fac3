// Opens the store of security events, CDRs, devices and alerts from the `storage:` configuration
// (SQLite file or PostgreSQL server; docs/storage.md). Reads the PostgreSQL password file here, at
// connect time, so the password never sits in the configuration snapshot or in a message.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "config/config.h"
#include "config/storage.h"
#include "core/clock.h"
#include "core/result.h"
#include "events/sink.h"
#include "store/store.h"

namespace vg::server {

// The SQLite file of the store: <var_dir_override>/voipguard.db when the caller overrides the var
// directory (`run --var-dir`, the CLIs' --var-dir), else storage.sqlite_path (which the loader
// defaults to <node.var_dir>/voipguard.db). The gateway and the management commands both use it.
std::string store_sqlite_path(const config::Config& cfg, const std::string& var_dir_override);

// The writer's options from the configuration (retention, batching, backend and connection).
// sqlite_path: the file to use with backend sqlite (the gateway may override the configured one).
Result<store::StoreOptions, std::string> store_options(const config::StorageConfig& cfg, const std::string& sqlite_path);

// Connects, migrates and starts the writer; reporter receives the store's own events; on_batch (may
// be empty) is told the duration and size of every committed batch (metrics).
Result<std::unique_ptr<store::StoreWriter>, std::string> open_event_store(
    const config::StorageConfig& cfg, const std::string& sqlite_path, const Clock& clock,
    events::EventSink* reporter, std::function<void(std::chrono::nanoseconds, size_t)> on_batch = {});

}  // namespace vg::server
