// One immutable, loaded country database: the answer for an address comes from, in order,
// (1) the operator's override files (tor format: e.g. a partner's network mapped to its country, or
// test ranges on loopback), (2) "local" for loopback, private (RFC 1918, RFC 6598, RFC 4193) and
// link-local addresses, (3) the main data: tor-geoipdb's range table or a MaxMind DB file.
// Shared as shared_ptr<const Database> and replaced whole on reload (see watcher.h).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/ip.h"
#include "core/result.h"
#include "geo/country.h"
#include "geo/load_error.h"
#include "geo/mmdb.h"
#include "geo/range_table.h"

namespace vg::geo {

inline constexpr std::string_view kTorGeoipV4 = "/usr/share/tor/geoip";
inline constexpr std::string_view kTorGeoipV6 = "/usr/share/tor/geoip6";

struct Sources {
  enum class Format : uint8_t { kTorGeoip, kMmdb };
  Format format = Format::kTorGeoip;
  // kTorGeoip: the range files (IPv4 and IPv6); kMmdb: exactly one .mmdb file.
  std::vector<std::string> files{std::string(kTorGeoipV4), std::string(kTorGeoipV6)};
  // Tor-format files consulted before everything else, local ranges included.
  std::vector<std::string> override_files;

  // Every file whose change should trigger a reload.
  [[nodiscard]] std::vector<std::string> all_files() const;

  friend bool operator==(const Sources&, const Sources&) = default;
};

// Where an answer came from (events carry it as evidence).
enum class Origin : uint8_t { kOverride, kLocal, kDatabase, kNone };
std::string_view to_string(Origin o);

struct Answer {
  Country country;
  Origin origin = Origin::kNone;
};

class Database {
 public:
  static Result<std::shared_ptr<const Database>, LoadError> load(const Sources& sources);

  // Never fails: addresses without data are Country::unknown() with Origin::kNone.
  [[nodiscard]] Answer lookup(const IpAddress& address) const;

  // Size of the main data: ranges read from tor-format files, search-tree nodes of an MMDB file.
  // The watcher compares it across reloads to spot a truncated file.
  [[nodiscard]] size_t size() const { return size_; }
  [[nodiscard]] size_t memory_bytes() const;
  // "tor-geoipdb (N IPv4 + M IPv6 ranges)" or "mmdb GeoLite2-Country (N bytes)", for logs and events.
  [[nodiscard]] std::string describe() const;

 private:
  RangeTable overrides_;
  RangeTable table_;
  std::unique_ptr<MmdbReader> mmdb_;
  size_t size_ = 0;
};

}  // namespace vg::geo
