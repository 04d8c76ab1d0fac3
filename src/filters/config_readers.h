// Internal to the configuration loader: helpers the filters' <name>_config.cc readers share (they
// are compiled into vg_config with the rest of the YAML readers, so errors carry file:line:col).
#pragma once

#include <optional>
#include <string_view>

#include "config/sections.h"
#include "config/yaml_reader.h"
#include "filters/filters_config.h"

namespace vg::filters::detail {

using config::detail::Diagnostics;
using config::detail::Field;
using config::detail::MapReader;

// `mode: enforce | monitor`.
void read_mode(Diagnostics& d, MapReader& m, FilterMode& out);
// `{requests: N, per: 10s}`.
void read_rate(Diagnostics& d, MapReader& m, std::string_view key, Rate& out);
// Whole seconds in [min, max] ("30s", "5m", "1h", "1d" or an integer).
void read_seconds(Diagnostics& d, MapReader& m, std::string_view key, std::chrono::seconds min,
                  std::chrono::seconds max, std::chrono::seconds& out);
void read_count(Diagnostics& d, MapReader& m, std::string_view key, uint32_t min, uint32_t max, uint32_t& out);

}  // namespace vg::filters::detail
