// The registrations table (migration 1): the location service's bindings, written through the
// StoreWriter's queue (never blocking a packet thread) and read back at start, on whichever backend
// the configuration names (SQLite file or PostgreSQL), like the bans (ban_repository.h).
#pragma once

#include <string>
#include <vector>

#include "store/binding_record.h"
#include "store/store_writer.h"

namespace vg::store {

class BindingRepository {
 public:
  explicit BindingRepository(StoreWriter& w) : w_(w) {}
  // Insert or replace the binding (aor, contact) (queued).
  void save(const BindingRecord& r);
  // Delete the binding (aor, contact) if present (queued).
  void remove(const std::string& aor, const std::string& contact);
  // Every binding, ordered by (aor, contact), after the writes queued before the call.
  [[nodiscard]] SqlResult<std::vector<BindingRecord>> load();

 private:
  StoreWriter& w_;
};

}  // namespace vg::store
