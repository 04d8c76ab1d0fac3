// What the management commands (account, admin, audit --store) share: the configuration given with
// --config (default: the embedded one, like `voipguard run`), the store it names, and reading a
// secret from standard input without echoing it anywhere.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>

#include "config/config.h"
#include "core/result.h"
#include "store/connection.h"

namespace vg::app {

struct StoreArgs {
  std::string config_path;  // empty: embedded default
  std::string var_dir;      // non-empty: overrides node.var_dir (and the store path), like `run --var-dir`
};

// Adds --config/-c and --var-dir to a subcommand.
void add_store_options(CLI::App& sub, StoreArgs& args);

struct OpenedStore {
  config::Config config;
  std::string path;  // the SQLite file, or "PostgreSQL (conninfo)" (never a password)
  std::unique_ptr<store::Connection> conn;
};

// Loads the configuration and connects to its store (created and migrated if new).
Result<OpenedStore, std::string> open_store(const StoreArgs& args);
// Loads the configuration only.
Result<config::Config, std::string> load_config(const StoreArgs& args);

// One line from standard input (the trailing newline removed); nullopt at end of input.
std::optional<std::string> read_secret_line();

}  // namespace vg::app
