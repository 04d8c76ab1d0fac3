#include "store/binding_repository.h"

namespace vg::store {

void BindingRepository::save(const BindingRecord& r) {
  // Upsert in both dialects (SQLite >= 3.24 and PostgreSQL share this syntax).
  w_.execute(
      "INSERT INTO registrations (aor, contact, call_id, cseq, expires_at, registered_at, source, transport, "
      "listener, behind_nat, user_agent, q) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
      "ON CONFLICT (aor, contact) DO UPDATE SET call_id = excluded.call_id, cseq = excluded.cseq, "
      "expires_at = excluded.expires_at, registered_at = excluded.registered_at, source = excluded.source, "
      "transport = excluded.transport, listener = excluded.listener, behind_nat = excluded.behind_nat, "
      "user_agent = excluded.user_agent, q = excluded.q",
      {r.aor, r.contact, r.call_id, r.cseq, r.expires_at, r.registered_at, r.source, r.transport, r.listener,
       r.behind_nat, r.user_agent, r.q});
}

void BindingRepository::remove(const std::string& aor, const std::string& contact) {
  w_.execute("DELETE FROM registrations WHERE aor = $1 AND contact = $2", {aor, contact});
}

SqlResult<std::vector<BindingRecord>> BindingRepository::load() {
  (void)w_.flush();
  auto rows = w_.query(
      "SELECT aor, contact, call_id, cseq, expires_at, registered_at, source, transport, listener, behind_nat, "
      "user_agent, q FROM registrations ORDER BY aor, contact");
  if (!rows) return unexpected(rows.error());
  std::vector<BindingRecord> out;
  out.reserve(rows->size());
  for (const auto& row : *rows) {
    if (row.size() != 12 || !row[0] || !row[1]) continue;
    BindingRecord r;
    r.aor = *row[0];
    r.contact = *row[1];
    r.call_id = row[2].value_or("");
    r.cseq = column_int(row[3]);
    r.expires_at = column_int(row[4]);
    r.registered_at = column_int(row[5]);
    r.source = row[6].value_or("");
    r.transport = row[7].value_or("");
    r.listener = column_int(row[8]);
    r.behind_nat = column_int(row[9]);
    r.user_agent = row[10].value_or("");
    r.q = column_double(row[11]);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace vg::store
