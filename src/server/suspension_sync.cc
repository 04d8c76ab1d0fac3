#include "server/suspension_sync.h"

#include "log/log.h"

namespace vg::server {

Result<std::set<SuspensionSync::Key>, std::string> SuspensionSync::load() {
  auto rev = table_.revision();
  if (!rev) return unexpected("fraud suspensions: " + rev.error());
  auto rows = table_.list();
  if (!rows) return unexpected("fraud suspensions: " + rows.error());
  std::set<Key> now;
  for (auto& r : *rows) now.emplace(std::move(r.tenant), std::move(r.account));
  revision_ = *rev;
  return now;
}

Result<std::size_t, std::string> SuspensionSync::restore() {
  auto rows = load();
  if (!rows) return unexpected(rows.error());
  for (const auto& [tenant, account] : *rows) engine_.suspend(tenant, account, "restored from the store");
  if (!rows->empty()) log::info("fraud: {} suspended account(s) restored from the store", rows->size());
  known_ = std::move(*rows);
  return known_.size();
}

Result<void, std::string> SuspensionSync::flush() {
  std::vector<Change> todo;
  {
    std::lock_guard lock(mu_);
    todo.swap(queued_);
  }
  for (std::size_t i = 0; i < todo.size(); ++i) {
    const Change& c = todo[i];
    store::SqlResult<void> r;
    if (c.suspend) {
      r = table_.suspend(c.row);
    } else if (auto lifted = table_.lift(c.row.tenant, c.row.account); !lifted) {
      r = unexpected(lifted.error());
    }
    if (!r) {
      // Kept, in order, ahead of anything queued meanwhile: retried at the next poll.
      std::lock_guard lock(mu_);
      queued_.insert(queued_.begin(), todo.begin() + static_cast<std::ptrdiff_t>(i), todo.end());
      return unexpected("fraud suspensions: " + r.error());
    }
  }
  return {};
}

Result<bool, std::string> SuspensionSync::poll() {
  if (auto f = flush(); !f) return unexpected(f.error());
  auto rev = table_.revision();
  if (!rev) return unexpected("fraud suspensions: " + rev.error());
  if (*rev == revision_) return false;
  auto now = load();
  if (!now) return unexpected(now.error());
  for (const auto& k : known_) {
    // Deleted by `voipguard account enable`: lift it here (Engine::enable's own store call then
    // deletes nothing and bumps nothing).
    if (now->count(k)) continue;
    engine_.enable(k.first, k.second);
    log::info("fraud: suspension of {}@{} lifted (store)", k.second, k.first);
  }
  for (const auto& k : *now) {
    // Our own suspensions come back here once written: only others' need applying.
    if (known_.count(k) || engine_.suspended(k.first, k.second)) continue;
    engine_.suspend(k.first, k.second, "suspended in the store");
    log::info("fraud: {}@{} suspended (store)", k.second, k.first);
  }
  known_ = std::move(*now);
  return true;
}

void SuspensionSync::queue(Change c) {
  {
    std::lock_guard lock(mu_);
    queued_.push_back(std::move(c));
  }
  if (wake_) wake_();
}

void SuspensionSync::suspended(std::string_view tenant, std::string_view account, std::string_view reason,
                               int64_t at_ms) {
  queue(Change{true, store::FraudSuspension{std::string(tenant), std::string(account), at_ms, std::string(reason)}});
}

void SuspensionSync::enabled(std::string_view tenant, std::string_view account) {
  queue(Change{false, store::FraudSuspension{std::string(tenant), std::string(account), 0, {}}});
}

}  // namespace vg::server
