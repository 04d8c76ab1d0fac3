// Accounts managed with `voipguard account` reach the running gateway through the store: a
// background thread reads the store's `accounts` revision every interval (one cheap query) and,
// when it changed, loads the accounts and asks the gateway to merge them into a new settings
// snapshot. No restart, no signal. The configuration file wins: a store account whose name is also
// defined in the file for the same tenant is ignored (docs/accounts.md).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "config/config.h"
#include "core/clock.h"
#include "core/result.h"
#include "events/sink.h"
#include "store/account_store.h"
#include "store/store.h"

namespace vg::fraud {
class Engine;
}  // namespace vg::fraud

namespace vg::server {

class SuspensionSync;

class AccountSync {
 public:
  // Connects (its own connection, used only by its thread after start()) and loads the accounts once.
  static Result<std::unique_ptr<AccountSync>, std::string> open(const store::StoreOptions& options);
  ~AccountSync();

  // Replaces the store accounts of cfg's registrar tenants with the current enabled ones (accounts
  // of the file are kept; same-named store accounts are skipped). Thread-safe.
  void merge_into(config::Config& cfg) const;
  // "user@domain" of accounts that were usable before the last refresh and are not any more
  // (disabled or deleted): their registrations must go. Cleared by the call.
  std::vector<std::string> take_removed();

  // Polls every `interval`; calls on_change (on the sync thread) after a change was loaded.
  void start(std::function<void()> on_change, std::chrono::milliseconds interval = std::chrono::seconds(1));
  void stop();

  // One poll: loads the accounts if the revision moved (true when it did). What the thread runs;
  // tests call it directly instead of waiting for the interval.
  Result<bool, std::string> poll();

  // Toll-fraud suspensions in the same database (server/suspension_sync.h): loads the stored ones
  // into engine now (returns how many) and makes the engine persist its suspensions through this
  // object; from start() on, every poll writes them and lifts those `voipguard account enable`
  // removed. Call before start().
  Result<std::size_t, std::string> attach_fraud(fraud::Engine& engine);
  // Writes queued suspensions now (the thread is stopped; e.g. after the workers stopped).
  void flush_suspensions();
  // The suspension side of one poll (what the thread runs after poll()); true when it applied a change.
  Result<bool, std::string> poll_suspensions();

 private:
  AccountSync() = default;
  void run(std::chrono::milliseconds interval);

  std::unique_ptr<store::Connection> conn_;
  std::unique_ptr<store::AccountStore> accounts_;
  int64_t revision_ = -1;

  mutable std::mutex mu_;
  std::vector<store::StoredAccount> enabled_;  // guarded by mu_
  std::vector<std::string> removed_;           // guarded by mu_

  std::unique_ptr<SuspensionSync> suspensions_;

  std::function<void()> on_change_;
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  bool wake_ = false;  // a suspension is queued: poll before the interval ends
  std::thread thread_;
};

}  // namespace vg::server

namespace vg::server {

// One warning event ("config.warning") per problem the configuration accepted on purpose
// (Config::warnings, e.g. a weak password with allow_weak_password); never quotes a secret.
void emit_config_warnings(const config::Config& cfg, const Clock& clock, events::EventSink& sink);

}  // namespace vg::server
