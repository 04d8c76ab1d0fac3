#include "store/account_store.h"

namespace vg::store {

namespace {

constexpr std::string_view kColumns =
    "tenant, username, ha1_md5, ha1_sha256, enabled, allow_from, created_at, updated_at";

StoredAccount from_row(const SqlRow& r) {
  StoredAccount a;
  a.tenant = r[0].value_or("");
  a.username = r[1].value_or("");
  a.ha1_md5 = r[2].value_or("");
  a.ha1_sha256 = r[3].value_or("");
  a.enabled = column_int(r[4]) != 0;
  a.allow_from = r[5].value_or("");
  a.created_at = column_int(r[6]);
  a.updated_at = column_int(r[7]);
  return a;
}

}  // namespace

SqlResult<int64_t> change_with_revision(Connection& conn, std::string_view revision, std::string_view sql,
                                        std::span<const SqlParam> params) {
  if (auto r = conn.begin(); !r) return unexpected(r.error());
  auto n = conn.execute(sql, params);
  if (!n) {
    conn.rollback();
    return unexpected(n.error());
  }
  if (*n > 0) {
    const SqlParam name[] = {revision};
    auto bump = conn.execute("UPDATE store_revisions SET revision = revision + 1 WHERE name = $1", name);
    if (!bump) {
      conn.rollback();
      return unexpected(bump.error());
    }
  }
  if (auto r = conn.commit(); !r) {
    conn.rollback();
    return unexpected(r.error());
  }
  return *n;
}

SqlResult<int64_t> read_revision(Connection& conn, std::string_view name) {
  const SqlParam p[] = {name};
  auto rows = conn.query("SELECT revision FROM store_revisions WHERE name = $1", p);
  if (!rows) return unexpected(rows.error());
  if (rows->empty()) return int64_t{0};
  return column_int(rows->front()[0]);
}

SqlResult<bool> AccountStore::add(const StoredAccount& a) {
  const SqlParam p[] = {std::string_view(a.tenant), std::string_view(a.username), std::string_view(a.ha1_md5),
                        std::string_view(a.ha1_sha256), int64_t{a.enabled ? 1 : 0}, std::string_view(a.allow_from),
                        a.created_at, a.updated_at};
  // ON CONFLICT DO NOTHING: an existing account is reported, not overwritten.
  auto n = change(
      "INSERT INTO accounts (tenant, username, ha1_md5, ha1_sha256, enabled, allow_from, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (tenant, username) DO NOTHING",
      p);
  if (!n) return unexpected(n.error());
  return *n == 1;
}

SqlResult<bool> AccountStore::set_password(std::string_view tenant, std::string_view username,
                                           std::string_view ha1_md5, std::string_view ha1_sha256, int64_t now) {
  const SqlParam p[] = {ha1_md5, ha1_sha256, now, tenant, username};
  auto n = change("UPDATE accounts SET ha1_md5 = $1, ha1_sha256 = $2, updated_at = $3 WHERE tenant = $4 AND username = $5",
                  p);
  if (!n) return unexpected(n.error());
  return *n == 1;
}

SqlResult<bool> AccountStore::set_enabled(std::string_view tenant, std::string_view username, bool enabled,
                                          int64_t now) {
  const SqlParam p[] = {int64_t{enabled ? 1 : 0}, now, tenant, username};
  auto n = change("UPDATE accounts SET enabled = $1, updated_at = $2 WHERE tenant = $3 AND username = $4", p);
  if (!n) return unexpected(n.error());
  return *n == 1;
}

SqlResult<bool> AccountStore::remove(std::string_view tenant, std::string_view username) {
  const SqlParam p[] = {tenant, username};
  auto n = change("DELETE FROM accounts WHERE tenant = $1 AND username = $2", p);
  if (!n) return unexpected(n.error());
  return *n == 1;
}

SqlResult<std::optional<StoredAccount>> AccountStore::find(std::string_view tenant, std::string_view username) {
  const SqlParam p[] = {tenant, username};
  auto rows = conn_.query("SELECT " + std::string(kColumns) + " FROM accounts WHERE tenant = $1 AND username = $2", p);
  if (!rows) return unexpected(rows.error());
  if (rows->empty()) return std::optional<StoredAccount>{};
  return std::optional<StoredAccount>{from_row(rows->front())};
}

SqlResult<std::vector<StoredAccount>> AccountStore::list(std::string_view tenant) {
  const SqlParam p[] = {tenant};
  auto rows = conn_.query("SELECT " + std::string(kColumns) +
                              " FROM accounts WHERE $1 = '' OR tenant = $1 ORDER BY tenant, username",
                          p);
  if (!rows) return unexpected(rows.error());
  std::vector<StoredAccount> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(from_row(r));
  return out;
}

}  // namespace vg::store
