// Persistence of toll-fraud suspensions (docs/fraud.md). The engine tells this object about
// suspensions from a worker thread (fraud::SuspensionStore): it only queues them and wakes the
// account-sync thread, which writes them to the store's fraud_suspensions table through its own
// connection. The same thread polls the table's revision (with the accounts revision, every
// second): a row deleted by `voipguard account enable` lifts the suspension in the running engine,
// a row that appeared (another gateway on the same database) suspends the account here too. At
// start the rows are loaded into the engine, so a suspension survives a restart.
#pragma once

#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "fraud/engine.h"
#include "store/fraud_suspensions.h"

namespace vg::server {

class SuspensionSync final : public fraud::SuspensionStore {
 public:
  // conn is used only by the thread that calls restore(), poll() and flush(). wake is called
  // (any thread) when a change is queued, to have it written soon.
  SuspensionSync(store::Connection& conn, fraud::Engine& engine, std::function<void()> wake)
      : table_(conn), engine_(engine), wake_(std::move(wake)) {}

  // Loads every stored suspension into the engine; returns how many.
  Result<std::size_t, std::string> restore();
  // Writes the queued changes; then, if the revision moved, applies the rows added and removed
  // since the last load to the engine. True when something was applied.
  Result<bool, std::string> poll();
  // Writes the queued changes (at shutdown). Changes that fail stay queued for the next try.
  Result<void, std::string> flush();

  // fraud::SuspensionStore (any thread): queued, never blocking on I/O.
  void suspended(std::string_view tenant, std::string_view account, std::string_view reason, int64_t at_ms) override;
  void enabled(std::string_view tenant, std::string_view account) override;

 private:
  using Key = std::pair<std::string, std::string>;  // (tenant, account)
  struct Change {
    bool suspend;
    store::FraudSuspension row;
  };
  Result<std::set<Key>, std::string> load();
  void queue(Change c);

  store::FraudSuspensions table_;
  fraud::Engine& engine_;
  std::function<void()> wake_;
  int64_t revision_ = -1;
  std::set<Key> known_;  // rows at the last load (sync thread only)

  std::mutex mu_;
  std::vector<Change> queued_;  // guarded by mu_
};

}  // namespace vg::server
