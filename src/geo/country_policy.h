// Which countries a listener or tenant accepts: an allow-list ("only CA, US") or a deny-list
// ("everything but these"), plus what to do with addresses that have no country. Pure logic, no
// I/O; the country filter (src/filters/geo) applies it to Database answers.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "geo/country.h"

namespace vg::geo {

enum class ListType : uint8_t { kAllow, kDeny };

struct CountryPolicy {
  ListType type = ListType::kDeny;
  std::vector<Country> countries;
  // Addresses the data assigns to no country ("??" in tor-geoipdb, absent from an .mmdb): an
  // allow-list blocks them by default (they are not in the list), a deny-list lets them through.
  enum class Unknown : uint8_t { kByListType, kAllow, kDeny };
  Unknown unknown = Unknown::kByListType;
  // Loopback, private and link-local sources are never blocked unless this says so.
  bool block_local = false;

  // True when a source with country `c` must be blocked.
  [[nodiscard]] bool blocks(Country c) const;
};

// Officially assigned ISO 3166-1 alpha-2 codes, plus those location data uses although they are
// only reserved (EU, AP, AN, CS, SU) and the user-assigned ranges (AA, QM-QZ, XA-XZ, ZZ) an
// operator may use in override files. What configuration accepts as a country.
[[nodiscard]] bool is_known_country_code(Country c);
// Officially assigned codes only (249).
[[nodiscard]] bool is_assigned_country_code(Country c);
[[nodiscard]] size_t assigned_country_count();

}  // namespace vg::geo
