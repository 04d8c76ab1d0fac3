// SIP accounts kept in the store (table `accounts`, managed with `voipguard account`), on either
// backend through store::Connection. Only digest hashes are kept. Every change bumps the
// `accounts` revision in the same transaction, so a running gateway notices it with one cheap read
// (revision()) and reloads. Not for the packet path: the gateway reads from a background thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/connection.h"

namespace vg::store {

struct StoredAccount {
  std::string tenant;    // domain, lower case
  std::string username;
  std::string ha1_md5;     // lower-case hex, 32 digits
  std::string ha1_sha256;  // lower-case hex, 64 digits
  bool enabled = true;
  std::string allow_from;  // comma-separated CIDRs; empty = anywhere
  int64_t created_at = 0;  // unix seconds
  int64_t updated_at = 0;
};

// Runs one change and, when it changed rows, bumps the store_revisions row `revision` in the same
// transaction, so that a gateway polling that revision sees it. Returns the rows changed.
[[nodiscard]] SqlResult<int64_t> change_with_revision(Connection& conn, std::string_view revision,
                                                      std::string_view sql, std::span<const SqlParam> params);
// The store_revisions row `name` (0 when it is missing).
[[nodiscard]] SqlResult<int64_t> read_revision(Connection& conn, std::string_view name);

// Used by one thread at a time, like its connection.
class AccountStore {
 public:
  explicit AccountStore(Connection& conn) : conn_(conn) {}

  // false when (tenant, username) exists already.
  [[nodiscard]] SqlResult<bool> add(const StoredAccount& a);
  // Each returns false when the account does not exist.
  [[nodiscard]] SqlResult<bool> set_password(std::string_view tenant, std::string_view username, std::string_view ha1_md5,
                                             std::string_view ha1_sha256, int64_t now);
  [[nodiscard]] SqlResult<bool> set_enabled(std::string_view tenant, std::string_view username, bool enabled,
                                            int64_t now);
  [[nodiscard]] SqlResult<bool> remove(std::string_view tenant, std::string_view username);

  [[nodiscard]] SqlResult<std::optional<StoredAccount>> find(std::string_view tenant, std::string_view username);
  // Every account of `tenant` (all tenants when empty), ordered by tenant and username.
  [[nodiscard]] SqlResult<std::vector<StoredAccount>> list(std::string_view tenant = {});
  // Grows with every change of the accounts table.
  [[nodiscard]] SqlResult<int64_t> revision() { return read_revision(conn_, "accounts"); }

 private:
  SqlResult<int64_t> change(std::string_view sql, std::span<const SqlParam> params) {
    return change_with_revision(conn_, "accounts", sql, params);
  }

  Connection& conn_;
};

}  // namespace vg::store
