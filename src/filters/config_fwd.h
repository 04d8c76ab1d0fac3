// Forward declarations the filters' <name>_config.h headers need for their reader functions, so
// that they do not pull yaml-cpp (config/yaml_reader.h) into every user of the plain config structs.
#pragma once

namespace vg::config {
struct Config;
namespace detail {
class Diagnostics;
struct Field;
}  // namespace detail
}  // namespace vg::config
