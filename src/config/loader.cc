// Entry points: parse the YAML text, walk the top-level sections in dependency order, and return
// either a Config or every error found.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/config.h"
#include "config/sections.h"
#include "config/yaml_reader.h"

namespace vg::config {

namespace {

using detail::Diagnostics;
using detail::Field;
using detail::MapReader;

void read_root(Diagnostics& d, const YAML::Node& root, Config& cfg) {
  Field root_field{root, "", root.Mark(), false};
  MapReader m(d, root_field);
  if (!m.is_map() && !root.IsNull()) return;
  // Sections are read in dependency order, whatever their order in the file: tcp checks limits,
  // storage defaults from node, tenants check upstreams and auth.
  if (auto f = m.get("mode")) (void)detail::read_mode(d, *f, cfg.mode);
  if (auto f = m.get("node")) detail::read_node(d, *f, cfg.node);
  if (auto f = m.get("log")) detail::read_log(d, *f, cfg.log);
  if (auto f = m.get("listeners")) detail::read_listeners(d, *f, cfg.listeners);
  if (auto f = m.get("limits")) detail::read_limits(d, *f, cfg.limits);
  if (auto f = m.get("tcp")) detail::read_tcp(d, *f, cfg.limits, cfg.tcp);
  if (auto f = m.get("tls")) detail::read_tls(d, *f, cfg.tls);
  if (auto f = m.get("registrar")) detail::read_registrar(d, *f, cfg.registrar);
  if (auto f = m.get("auth")) detail::read_auth(d, *f, cfg.auth);
  if (auto f = m.get("dialogs")) detail::read_dialogs(d, *f, cfg.dialogs);
  if (auto f = m.get("media")) detail::read_media(d, *f, cfg.media);
  if (auto f = m.get("transactions")) detail::read_transactions(d, *f, cfg.transactions);
  if (auto f = m.get("upstreams")) detail::read_upstreams(d, *f, cfg.upstreams);
  if (auto f = m.get("tenants")) detail::read_tenants(d, *f, cfg, cfg.tenants);
  if (auto f = m.get("filters")) filters::read_filters_config(d, *f, cfg, cfg.filters);
  if (auto f = m.get("storage")) {
    detail::read_storage(d, *f, cfg.node, cfg.storage);
  } else {
    cfg.storage.sqlite_path = cfg.node.var_dir + "/voipguard.db";
  }
  if (auto f = m.get("metrics")) detail::read_metrics(d, *f, cfg.metrics);
  if (auto f = m.get("alerts")) detail::read_alerts(d, *f, cfg.alerts);
  m.finish();
}

ConfigError whole_file_error(std::string_view source, std::string message) {
  ConfigError e;
  e.file = std::string(source);
  e.message = std::move(message);
  return e;
}

}  // namespace

LoadResult load_config_string(std::string_view yaml, std::string_view source_name) {
  Diagnostics d{std::string(source_name)};
  Config cfg;
  cfg.source = std::string(source_name);
  try {
    std::vector<YAML::Node> docs = YAML::LoadAll(std::string(yaml));
    if (docs.size() > 1) {
      d.error(docs[1].Mark(), "", "only one YAML document is allowed in a configuration file");
    }
    read_root(d, docs.empty() ? YAML::Node() : docs.front(), cfg);
  } catch (const YAML::Exception& e) {
    d.error(e.mark, "", "YAML syntax error: " + e.msg);
  } catch (const std::exception& e) {
    d.error(YAML::Mark::null_mark(), "", std::string("internal error: ") + e.what());
  }
  if (!d.empty()) return unexpected(d.take());
  cfg.warnings = d.take_warnings();
  return cfg;
}

LoadResult load_config_file(const std::string& path) {
  // An ifstream opens a directory without complaint and then reads nothing (an empty, valid file).
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return unexpected(std::vector<ConfigError>{whole_file_error(path, "cannot read file: is a directory")});
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return unexpected(
        std::vector<ConfigError>{whole_file_error(path, std::string("cannot read file: ") + std::strerror(errno))});
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return unexpected(std::vector<ConfigError>{whole_file_error(path, "cannot read file: read error")});
  }
  return load_config_string(text.str(), path);
}

Result<Config, std::string> load_config_or_default(const std::string& path) {
  auto r = path.empty() ? load_config_string(embedded_default_config(), kEmbeddedDefaultName) : load_config_file(path);
  if (!r) {
    std::string msg;
    for (const auto& e : r.error()) msg += e.to_string() + "\n";
    if (!msg.empty()) msg.pop_back();
    return unexpected(msg);
  }
  return std::move(*r);
}

}  // namespace vg::config
