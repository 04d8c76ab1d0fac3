#include "store/ban_repository.h"

namespace vg::store {

void BanRepository::save(const BanRecord& r) {
  // Upsert in both dialects (SQLite >= 3.24 and PostgreSQL share this syntax).
  w_.execute(
      "INSERT INTO bans (network, created_at, expires_at, reason, rule) VALUES ($1, $2, $3, $4, $5) "
      "ON CONFLICT (network) DO UPDATE SET created_at = excluded.created_at, expires_at = excluded.expires_at, "
      "reason = excluded.reason, rule = excluded.rule",
      {r.network, r.created_at, r.expires_at, r.reason.substr(0, 512), r.rule.substr(0, 128)});
}

void BanRepository::remove(const std::string& network) {
  w_.execute("DELETE FROM bans WHERE network = $1", {network});
}

SqlResult<std::vector<BanRecord>> BanRepository::load(int64_t now_unix) {
  (void)w_.flush();
  const SqlParam now = now_unix;
  auto rows = w_.query(
      "SELECT network, created_at, expires_at, reason, rule FROM bans WHERE expires_at = 0 OR expires_at > $1 "
      "ORDER BY network",
      std::span<const SqlParam>(&now, 1));
  if (!rows) return unexpected(rows.error());
  std::vector<BanRecord> out;
  for (const auto& row : *rows) {
    if (row.size() != 5 || !row[0] || !row[1] || !row[2]) continue;
    BanRecord r;
    r.network = *row[0];
    r.created_at = column_int(row[1]);
    r.expires_at = column_int(row[2]);
    r.reason = row[3].value_or("");
    r.rule = row[4].value_or("");
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace vg::store
