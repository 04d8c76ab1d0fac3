#include "geo/database.h"

#include "geo/tor_format.h"

namespace vg::geo {

std::vector<std::string> Sources::all_files() const {
  std::vector<std::string> out = files;
  out.insert(out.end(), override_files.begin(), override_files.end());
  return out;
}

std::string_view to_string(Origin o) {
  switch (o) {
    case Origin::kOverride:
      return "override";
    case Origin::kLocal:
      return "local";
    case Origin::kDatabase:
      return "database";
    case Origin::kNone:
      break;
  }
  return "none";
}

Result<std::shared_ptr<const Database>, LoadError> Database::load(const Sources& sources) {
  auto db = std::make_shared<Database>();
  if (!sources.override_files.empty()) {
    auto t = load_tor_geoip_files(sources.override_files);
    if (!t) return unexpected(t.error());
    db->overrides_ = std::move(*t);
  }
  if (sources.format == Sources::Format::kMmdb) {
    if (sources.files.size() != 1) return unexpected(LoadError{"geo", 0, "mmdb format takes exactly one file"});
    auto r = MmdbReader::open(sources.files.front());
    if (!r) return unexpected(r.error());
    db->mmdb_ = std::move(*r);
    db->size_ = db->mmdb_->node_count();
  } else {
    auto t = load_tor_geoip_files(sources.files, &db->size_);
    if (!t) return unexpected(t.error());
    db->table_ = std::move(*t);
  }
  return std::shared_ptr<const Database>(std::move(db));
}

Answer Database::lookup(const IpAddress& address) const {
  if (uint16_t v = overrides_.lookup(address); v != 0) return {Country::from_value(v), Origin::kOverride};
  if (address.is_loopback() || address.is_private() || address.is_link_local()) {
    return {Country::local(), Origin::kLocal};
  }
  const Country c = mmdb_ ? mmdb_->lookup(address) : Country::from_value(table_.lookup(address));
  return {c, c.is_unknown() ? Origin::kNone : Origin::kDatabase};
}

size_t Database::memory_bytes() const {
  return sizeof(Database) + overrides_.memory_bytes() + table_.memory_bytes() + (mmdb_ ? mmdb_->file_bytes() : 0);
}

std::string Database::describe() const {
  std::string s = mmdb_ ? "mmdb " + mmdb_->database_type() + " (" + std::to_string(mmdb_->file_bytes()) + " bytes)"
                        : "tor-geoipdb (" + std::to_string(table_.v4_entries()) + " IPv4 + " +
                              std::to_string(table_.v6_entries()) + " IPv6 table entries)";
  if (!overrides_.empty()) s += " + overrides";
  return s;
}

}  // namespace vg::geo
