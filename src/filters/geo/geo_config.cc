#include "filters/geo/geo_config.h"

#include <algorithm>

#include "config/config.h"
#include "filters/config_readers.h"

namespace vg::filters::geo {
namespace {

using config::detail::quote;
using detail::Diagnostics;
using detail::Field;
using detail::MapReader;

void read_codes(Diagnostics& d, const Field& f, std::vector<vg::geo::Country>& out) {
  for (const Field& item : config::detail::read_sequence(d, f)) {
    std::string s;
    if (!config::detail::read_string(d, item, s)) continue;
    auto c = vg::geo::Country::parse(s);
    if (!c || !vg::geo::is_known_country_code(*c)) {
      std::string msg = "not an ISO 3166-1 alpha-2 country code: " + quote(s);
      if (c && c->to_string() == "UK") msg += " (the United Kingdom is GB)";
      d.error(item.mark(), item.path, msg);
      continue;
    }
    if (std::find(out.begin(), out.end(), *c) != out.end()) {
      d.error(item.mark(), item.path, "listed twice: " + c->to_string());
      continue;
    }
    out.push_back(*c);
  }
}

// `- {listener|tenant: NAME, type: allow|deny, countries: [..], unknown: allow|deny, local: allow|deny}`
template <class Known>
void read_named(Diagnostics& d, const Field& f, std::string_view key, Known known, std::vector<NamedPolicy>& out) {
  constexpr config::detail::EnumName<vg::geo::ListType> kTypes[] = {{"allow", vg::geo::ListType::kAllow},
                                                                    {"deny", vg::geo::ListType::kDeny}};
  constexpr config::detail::EnumName<bool> kBlock[] = {{"allow", false}, {"deny", true}};
  for (const Field& item : config::detail::read_sequence(d, f)) {
    MapReader m(d, item);
    NamedPolicy p;
    if (auto n = m.require(key); n && config::detail::read_string(d, *n, p.name) && !known(p.name)) {
      d.error(n->mark(), n->path, "names no configured " + std::string(key) + ": " + quote(p.name));
    }
    if (auto t = m.require("type")) (void)config::detail::read_enum(d, *t, kTypes, p.policy.type);
    if (auto c = m.require("countries")) {
      read_codes(d, *c, p.policy.countries);
      if (c->value.IsSequence() && c->value.size() == 0) d.error(c->mark(), c->path, "lists no country");
    }
    if (auto u = m.get("unknown")) {
      bool block = false;
      if (config::detail::read_enum(d, *u, kBlock, block)) {
        p.policy.unknown = block ? vg::geo::CountryPolicy::Unknown::kDeny : vg::geo::CountryPolicy::Unknown::kAllow;
      }
    }
    if (auto l = m.get("local")) (void)config::detail::read_enum(d, *l, kBlock, p.policy.block_local);
    m.finish();
    out.push_back(std::move(p));
  }
}

void read_files(Diagnostics& d, const Field& f, std::vector<std::string>& out) {
  out.clear();
  for (const Field& item : config::detail::read_sequence(d, f)) {
    std::string s;
    if (!config::detail::read_string(d, item, s)) continue;
    if (s.empty()) {
      d.error(item.mark(), item.path, "empty file name");
      continue;
    }
    out.push_back(std::move(s));
  }
}

}  // namespace

void read_geo_config(Diagnostics& d, const Field& f, const config::Config& cfg, GeoConfig& out) {
  MapReader m(d, f);
  detail::read_mode(d, m, out.mode);
  constexpr config::detail::EnumName<vg::geo::Sources::Format> kFormats[] = {
      {"tor-geoipdb", vg::geo::Sources::Format::kTorGeoip}, {"mmdb", vg::geo::Sources::Format::kMmdb}};
  auto db = m.get("database");
  if (db) (void)config::detail::read_enum(d, *db, kFormats, out.sources.format);
  if (auto files = m.get("files")) {
    read_files(d, *files, out.sources.files);
    if (out.sources.files.empty()) d.error(files->mark(), files->path, "names no file");
    if (out.sources.format == vg::geo::Sources::Format::kMmdb && out.sources.files.size() > 1) {
      d.error(files->mark(), files->path, "database mmdb takes exactly one file");
    }
  } else if (out.sources.format == vg::geo::Sources::Format::kMmdb) {
    // No .mmdb ships with Debian: the operator names theirs (GeoLite2-Country, DB-IP).
    d.error(db->mark(), db->path, "database mmdb needs `files: [path/to/Country.mmdb]`");
  }
  if (auto o = m.get("overrides")) read_files(d, *o, out.sources.override_files);
  detail::read_seconds(d, m, "reload_check", std::chrono::seconds(1), std::chrono::seconds(86400), out.reload_check);
  if (auto l = m.get("listeners")) {
    read_named(d, *l, "listener", [&](const std::string& n) {
      return std::any_of(cfg.listeners.begin(), cfg.listeners.end(), [&](const auto& x) { return x.name == n; });
    }, out.listeners);
  }
  if (auto t = m.get("tenants")) {
    read_named(d, *t, "tenant", [&](const std::string& n) { return cfg.find_tenant(n) != nullptr; }, out.tenants);
  }
  m.finish();
}

}  // namespace vg::filters::geo
