#include "store/admin_store.h"

namespace vg::store {

namespace {

constexpr std::string_view kUserColumns =
    "SELECT username, password_hash, totp_secret, totp_last_step, enabled, created_at, updated_at FROM admin_users";

AdminUser user_from(const SqlRow& r) {
  AdminUser u;
  u.username = r[0].value_or("");
  u.password_hash = r[1].value_or("");
  u.totp_secret = r[2].value_or("");
  u.totp_last_step = static_cast<uint64_t>(column_int(r[3]));
  u.enabled = column_int(r[4]) != 0;
  u.created_at = column_int(r[5]);
  u.updated_at = column_int(r[6]);
  return u;
}

SqlResult<bool> changed_one(SqlResult<int64_t> n) {
  if (!n) return unexpected(n.error());
  return *n == 1;
}

}  // namespace

SqlResult<bool> AdminStore::add(const AdminUser& u) {
  const SqlParam p[] = {std::string_view(u.username), std::string_view(u.password_hash),
                        std::string_view(u.totp_secret), static_cast<int64_t>(u.totp_last_step),
                        int64_t{u.enabled ? 1 : 0}, u.created_at, u.updated_at};
  return changed_one(conn_.execute(
      "INSERT INTO admin_users (username, password_hash, totp_secret, totp_last_step, enabled, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (username) DO NOTHING",
      p));
}

SqlResult<std::optional<AdminUser>> AdminStore::find(std::string_view username) {
  const SqlParam p[] = {username};
  auto rows = conn_.query(std::string(kUserColumns) + " WHERE username = $1", p);
  if (!rows) return unexpected(rows.error());
  if (rows->empty()) return std::optional<AdminUser>{};
  return std::optional<AdminUser>{user_from(rows->front())};
}

SqlResult<std::vector<AdminUser>> AdminStore::list() {
  auto rows = conn_.query(std::string(kUserColumns) + " ORDER BY username", {});
  if (!rows) return unexpected(rows.error());
  std::vector<AdminUser> out;
  for (const auto& r : *rows) out.push_back(user_from(r));
  return out;
}

SqlResult<int64_t> AdminStore::count() {
  auto rows = conn_.query("SELECT COUNT(*) FROM admin_users", {});
  if (!rows) return unexpected(rows.error());
  return rows->empty() ? 0 : column_int(rows->front()[0]);
}

SqlResult<bool> AdminStore::set_password_hash(std::string_view username, std::string_view hash, int64_t now) {
  const SqlParam p[] = {hash, now, username};
  return changed_one(conn_.execute("UPDATE admin_users SET password_hash = $1, updated_at = $2 WHERE username = $3", p));
}

SqlResult<bool> AdminStore::set_totp(std::string_view username, std::string_view secret, int64_t now) {
  const SqlParam p[] = {secret, now, username};
  return changed_one(conn_.execute(
      "UPDATE admin_users SET totp_secret = $1, totp_last_step = 0, updated_at = $2 WHERE username = $3", p));
}

SqlResult<bool> AdminStore::set_enabled(std::string_view username, bool enabled, int64_t now) {
  const SqlParam p[] = {int64_t{enabled ? 1 : 0}, now, username};
  return changed_one(conn_.execute("UPDATE admin_users SET enabled = $1, updated_at = $2 WHERE username = $3", p));
}

SqlResult<bool> AdminStore::advance_totp_step(std::string_view username, uint64_t step) {
  const SqlParam p[] = {static_cast<int64_t>(step), username};
  // The comparison in the UPDATE makes check-and-set one atomic statement.
  return changed_one(
      conn_.execute("UPDATE admin_users SET totp_last_step = $1 WHERE username = $2 AND totp_last_step < $1", p));
}

SqlResult<void> AdminStore::replace_recovery_codes(std::string_view username,
                                                   const std::vector<RecoveryCodeRow>& codes) {
  if (auto r = conn_.begin(); !r) return r;
  const SqlParam del[] = {username};
  if (auto r = conn_.execute("DELETE FROM admin_recovery_codes WHERE username = $1", del); !r) {
    conn_.rollback();
    return unexpected(r.error());
  }
  for (const auto& c : codes) {
    const SqlParam p[] = {username, std::string_view(c.salt), std::string_view(c.code_hash)};
    if (auto r = conn_.execute("INSERT INTO admin_recovery_codes (username, salt, code_hash) VALUES ($1, $2, $3)", p);
        !r) {
      conn_.rollback();
      return unexpected(r.error());
    }
  }
  if (auto r = conn_.commit(); !r) {
    conn_.rollback();
    return r;
  }
  return {};
}

SqlResult<std::vector<RecoveryCodeRow>> AdminStore::unused_recovery_codes(std::string_view username) {
  const SqlParam p[] = {username};
  auto rows = conn_.query(
      "SELECT id, salt, code_hash FROM admin_recovery_codes WHERE username = $1 AND used_at IS NULL ORDER BY id", p);
  if (!rows) return unexpected(rows.error());
  std::vector<RecoveryCodeRow> out;
  for (const auto& r : *rows) out.push_back(RecoveryCodeRow{column_int(r[0]), r[1].value_or(""), r[2].value_or("")});
  return out;
}

SqlResult<bool> AdminStore::use_recovery_code(int64_t id, int64_t now) {
  const SqlParam p[] = {now, id};
  return changed_one(
      conn_.execute("UPDATE admin_recovery_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL", p));
}

SqlResult<void> AdminStore::audit(const AuditEntry& e) {
  const SqlParam p[] = {e.time_ms,
                        std::string_view(e.actor),
                        std::string_view(e.action),
                        std::string_view(e.target),
                        std::string_view(e.source),
                        std::string_view(e.detail)};
  auto r = conn_.execute(
      "INSERT INTO admin_audit_log (time_ms, actor, action, target, source, detail) VALUES ($1, $2, $3, $4, $5, $6)", p);
  if (!r) return unexpected(r.error());
  return {};
}

SqlResult<std::vector<AuditEntry>> AdminStore::audit_log(size_t limit) {
  const SqlParam p[] = {static_cast<int64_t>(limit)};
  auto rows = conn_.query(
      "SELECT time_ms, actor, action, target, source, detail FROM admin_audit_log ORDER BY id DESC LIMIT $1", p);
  if (!rows) return unexpected(rows.error());
  std::vector<AuditEntry> out;
  for (const auto& r : *rows) {
    out.push_back(AuditEntry{column_int(r[0]), r[1].value_or(""), r[2].value_or(""), r[3].value_or(""),
                             r[4].value_or(""), r[5].value_or("")});
  }
  return out;
}

}  // namespace vg::store
