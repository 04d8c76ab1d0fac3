// Versioned schema migrations, kept in the tree as an ordered list. Opening a store applies the
// missing ones in one transaction; a database written by a newer build is refused.
#pragma once

#include <span>
#include <string_view>

#include "store/sqlite.h"

namespace vg::store {

struct Migration {
  int version;            // 1, 2, 3, ... without gaps; never renumber or edit a released one
  std::string_view name;  // short description, stored in schema_version
  std::string_view sql;   // one or more statements, no parameters
};

// Every migration of this build, in order.
std::span<const Migration> migrations();

// The schema version this build writes (the last migration's version).
int latest_schema_version();

// The version recorded in db (0 for a new database).
[[nodiscard]] SqlResult<int> schema_version(Database& db);

// Brings db to the last version of list in one IMMEDIATE transaction (so two processes opening the
// same new file do not both migrate): creates schema_version if needed and applies the missing
// migrations in order. Fails, changing nothing, if the database is newer than list, if list is not
// numbered 1..N, or if a migration fails. Returns the version after migrating.
[[nodiscard]] SqlResult<int> migrate(Database& db, std::span<const Migration> list = migrations());

}  // namespace vg::store
