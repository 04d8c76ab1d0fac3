// Administrators, their recovery codes and the audit log (tables admin_users,
// admin_recovery_codes, admin_audit_log) on either backend through store::Connection. Holds only
// argon2id password hashes and salted recovery-code hashes; the TOTP secret must be kept as is to
// compute codes (the database file is mode 0600; docs/admin.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/connection.h"

namespace vg::store {

struct AdminUser {
  std::string username;
  std::string password_hash;  // argon2id string
  std::string totp_secret;    // base32; empty = not enrolled
  uint64_t totp_last_step = 0;
  bool enabled = true;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct RecoveryCodeRow {
  int64_t id = 0;
  std::string salt;
  std::string code_hash;
};

struct AuditEntry {
  int64_t time_ms = 0;
  std::string actor;
  std::string action;
  std::string target;
  std::string source;
  std::string detail;  // never a secret
};

// Used by one thread at a time, like its connection.
class AdminStore {
 public:
  explicit AdminStore(Connection& conn) : conn_(conn) {}

  // false when the username exists.
  [[nodiscard]] SqlResult<bool> add(const AdminUser& u);
  [[nodiscard]] SqlResult<std::optional<AdminUser>> find(std::string_view username);
  [[nodiscard]] SqlResult<std::vector<AdminUser>> list();
  [[nodiscard]] SqlResult<int64_t> count();
  // Each returns false when the user does not exist.
  [[nodiscard]] SqlResult<bool> set_password_hash(std::string_view username, std::string_view hash, int64_t now);
  // New TOTP secret: resets the replay step too.
  [[nodiscard]] SqlResult<bool> set_totp(std::string_view username, std::string_view secret, int64_t now);
  [[nodiscard]] SqlResult<bool> set_enabled(std::string_view username, bool enabled, int64_t now);
  // Stores `step` only if it is newer than the stored one (true), so two logins racing with the
  // same code cannot both succeed.
  [[nodiscard]] SqlResult<bool> advance_totp_step(std::string_view username, uint64_t step);

  // Replaces every recovery code of the user.
  [[nodiscard]] SqlResult<void> replace_recovery_codes(std::string_view username,
                                                       const std::vector<RecoveryCodeRow>& codes);
  [[nodiscard]] SqlResult<std::vector<RecoveryCodeRow>> unused_recovery_codes(std::string_view username);
  // Marks one code used; false when it was used already (a concurrent login took it).
  [[nodiscard]] SqlResult<bool> use_recovery_code(int64_t id, int64_t now);

  [[nodiscard]] SqlResult<void> audit(const AuditEntry& e);
  [[nodiscard]] SqlResult<std::vector<AuditEntry>> audit_log(size_t limit);

 private:
  Connection& conn_;
};

}  // namespace vg::store
