#include "admin/login_limiter.h"

namespace vg::admin {

bool LoginLimiter::locked(const Entry& e, Clock::MonoTime now) { return now < e.locked_until; }

bool LoginLimiter::allowed(std::string_view user, std::string_view source) {
  std::lock_guard lock(mu_);
  const auto now = clock_.mono();
  if (auto it = users_.find(std::string(user)); it != users_.end() && locked(it->second, now)) return false;
  if (auto it = sources_.find(std::string(source)); it != sources_.end() && locked(it->second, now)) return false;
  return true;
}

void LoginLimiter::count(Entry& e, Clock::MonoTime now, uint32_t max, std::string_view kind, std::string_view user,
                         std::string_view source) {
  if (e.failures == 0 || now - e.window_start >= limits_.window) {
    e.failures = 0;
    e.window_start = now;
  }
  if (++e.failures < max || locked(e, now)) return;
  e.locked_until = now + limits_.lockout;
  e.failures = 0;
  events::Event ev;
  ev.time_ms = std::chrono::duration_cast<std::chrono::milliseconds>(clock_.wall().time_since_epoch()).count();
  ev.kind = "admin.lockout";
  ev.severity = events::Severity::kCritical;
  ev.account = std::string(user);
  ev.filter = "admin";
  ev.rule = std::string(kind);
  ev.action = "lockout";
  ev.evidence = std::to_string(max) + " failed logins within " + std::to_string(limits_.window.count()) +
                " s; locked for " + std::to_string(limits_.lockout.count()) + " s";
  ev.fields = {{"source", std::string(source)}};
  events_.emit(std::move(ev));
}

void LoginLimiter::prune(std::unordered_map<std::string, Entry>& map, Clock::MonoTime now) {
  // Names and addresses come from the attacker: bound the tables by forgetting entries whose
  // window and lockout are over once a table grows past kMaxEntries.
  if (map.size() < kMaxEntries) return;
  std::erase_if(map, [&](const auto& kv) {
    return !locked(kv.second, now) && now - kv.second.window_start >= limits_.window;
  });
}

void LoginLimiter::failure(std::string_view user, std::string_view source) {
  std::lock_guard lock(mu_);
  const auto now = clock_.mono();
  prune(users_, now);
  prune(sources_, now);
  count(users_[std::string(user)], now, limits_.max_failures_per_user, "per_user", user, source);
  count(sources_[std::string(source)], now, limits_.max_failures_per_source, "per_source", user, source);
}

void LoginLimiter::success(std::string_view user) {
  std::lock_guard lock(mu_);
  users_.erase(std::string(user));
}

}  // namespace vg::admin
