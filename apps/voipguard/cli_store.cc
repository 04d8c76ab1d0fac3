#include "cli_store.h"

#include <iostream>

#include "server/event_store.h"
#include "store/store.h"

namespace vg::app {

void add_store_options(CLI::App& sub, StoreArgs& args) {
  sub.add_option("--config,-c", args.config_path, "Configuration file (default: the embedded default configuration)");
  sub.add_option("--var-dir", args.var_dir, "Directory for runtime state (overrides node.var_dir, as for run)");
}

Result<config::Config, std::string> load_config(const StoreArgs& args) {
  return config::load_config_or_default(args.config_path);
}

Result<OpenedStore, std::string> open_store(const StoreArgs& args) {
  auto cfg = load_config(args);
  if (!cfg) return unexpected(cfg.error());
  OpenedStore out;
  // The same file the gateway opens.
  out.path = server::store_sqlite_path(*cfg, args.var_dir);
  // The configured backend, as the gateway opens it (server/event_store.cc reads the password file).
  auto o = server::store_options(cfg->storage, out.path);
  if (!o) return unexpected(o.error());
  if (o->backend == store::Backend::kPostgresql) out.path = "PostgreSQL (" + o->postgresql.conninfo + ")";
  auto conn = store::connect(*o);
  if (!conn) return unexpected("cannot open the store " + out.path + ": " + conn.error());
  out.conn = std::move(*conn);
  out.config = std::move(*cfg);
  return out;
}

std::optional<std::string> read_secret_line() {
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace vg::app
