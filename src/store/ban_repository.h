// The bans table (migration 4): the security pipeline's ban list, written through the
// StoreWriter's queue (never blocking a packet thread) and read back at start.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/store_writer.h"

namespace vg::store {

struct BanRecord {
  std::string network;  // CIDR text
  int64_t created_at = 0;
  int64_t expires_at = 0;  // 0 = until removed
  std::string reason;
  std::string rule;
};

class BanRepository {
 public:
  explicit BanRepository(StoreWriter& w) : w_(w) {}
  // Insert or replace (queued).
  void save(const BanRecord& r);
  // Delete by network (queued).
  void remove(const std::string& network);
  // Bans unexpired at now_unix (waits for queued writes first).
  [[nodiscard]] SqlResult<std::vector<BanRecord>> load(int64_t now_unix);

 private:
  StoreWriter& w_;
};

}  // namespace vg::store
