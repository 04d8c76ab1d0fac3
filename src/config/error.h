// A configuration error with its place in the source file (1-based line and column) and the key
// path of the offending value, e.g. `voipguard.yaml:12:5: tenants[0].accounts[1].password: ...`.
#pragma once

#include <string>

namespace vg::config {

struct ConfigError {
  std::string file;     // source name: the path given to load_config_file, or the source_name
  int line = 0;         // 1-based; 0 when the error has no position (e.g. unreadable file)
  int column = 0;       // 1-based; 0 when line is 0
  std::string path;     // key path such as `listeners[0].port`; empty for whole-document errors
  std::string message;  // never contains a secret (password or HA1) from the file

  // `file:line:column: path: message`; the position and the path are left out when absent.
  [[nodiscard]] std::string to_string() const;

  friend bool operator==(const ConfigError&, const ConfigError&) = default;
};

}  // namespace vg::config
