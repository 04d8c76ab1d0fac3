// Ban management of the running gateway: persistence of the ban list in the store (bans table,
// restored at start) and the control-socket commands behind `voipguard ban list | add | remove`.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "events/sink.h"
#include "filters/ban/ban_list.h"
#include "store/ban_repository.h"

namespace vg::server {

// Writes every persistent ban change to the store (queued by the StoreWriter: never blocks).
class BanPersistence final : public filters::BanObserver {
 public:
  explicit BanPersistence(store::StoreWriter& w) : repo_(w) {}
  void on_ban_added(const filters::BanEntry& e) override;
  void on_ban_removed(const Cidr& network) override;
  // Loads the unexpired bans into `bans` (without writing them back). Returns how many, or the error.
  Result<size_t, std::string> restore(filters::BanList& bans, int64_t now_unix);

 private:
  store::BanRepository repo_;
};

// One control-socket command line:
//   ban list
//   ban add <IP|CIDR> <seconds|0> [reason...]     (0 = until removed)
//   ban remove <IP|CIDR>
// Answers "ok\n" plus one tab-separated line per ban (network, expires_at, rule, reason) for list,
// or "error: <why>\n". Adds and removals emit ban.added / ban.removed events.
std::string handle_control_command(std::string_view line, filters::BanList& bans, events::EventSink& events,
                                   const Clock& clock);

}  // namespace vg::server
