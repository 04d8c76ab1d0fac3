// The text format of Debian's tor-geoipdb (/usr/share/tor/geoip and geoip6, converted from the IPFire
// location database by tor's geoip-db-tool): one range per line, "FIRST,LAST,CC", where FIRST and
// LAST are IPv4 addresses as decimal integers (geoip) or IPv6 addresses in text (geoip6), and CC is
// an ISO 3166-1 alpha-2 code or "??" (no country). Lines starting with '#' and blank lines are
// ignored. Dotted-quad IPv4 text is accepted too, so small hand-written files (test data, local
// overrides) stay readable.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "geo/load_error.h"
#include "geo/range_table.h"

namespace vg::geo {

// Largest file read into memory (the Debian files are 10 and 16 MB).
inline constexpr size_t kMaxGeoFileBytes = 256u << 20;

// Adds every range of `text` to `out` with the line number `line_base + line`; returns the number of
// ranges read. The first malformed line stops parsing with its line number.
Result<size_t, LoadError> parse_tor_geoip(std::string_view text, std::string_view source, RangeTableBuilder& out,
                                          size_t line_base = 0);

// Reads a whole file (at most max_bytes).
Result<std::string, LoadError> read_whole_file(const std::string& path, size_t max_bytes);

// Loads several files of this format into one table (typically geoip + geoip6). Overlapping ranges
// are an error naming both lines. `ranges_read`, when given, receives the number of ranges read.
Result<RangeTable, LoadError> load_tor_geoip_files(const std::vector<std::string>& paths, size_t* ranges_read = nullptr);

}  // namespace vg::geo
