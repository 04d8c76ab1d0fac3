#include "filters/bruteforce/failure_tracker.h"

#include <algorithm>

namespace vg::filters::bruteforce {

namespace {

int64_t to_ns(std::chrono::seconds s) { return std::chrono::duration_cast<std::chrono::nanoseconds>(s).count(); }

template <class T>
void drop_older(std::vector<T>& v, int64_t since, auto time_of) {
  v.erase(std::remove_if(v.begin(), v.end(), [&](const T& x) { return time_of(x) < since; }), v.end());
}

}  // namespace

FailureTracker::FailureTracker(const BruteForceConfig& c, size_t max_entries)
    : cfg_(c),
      window_ns_(to_ns(c.window)),
      lock_ns_(to_ns(c.account_lock)),
      // A source's earlier bans count for escalation as long as the longest ban lasts.
      offence_memory_ns_(to_ns(c.max_ban) * 2),
      per_shard_(max_entries / kShards + 1),
      sources_(std::make_unique<Shard<IpAddress, SourceState>[]>(kShards)),
      accounts_(std::make_unique<Shard<std::string, AccountState>[]>(kShards)) {}

SourceOutcome FailureTracker::source_failure(const IpAddress& source, int64_t now_ns) {
  const IpAddress key = source.is_v4() ? source : source.masked(64);
  auto& s = sources_[std::hash<IpAddress>{}(key) % kShards];
  std::lock_guard lock(s.mu);
  if (s.map.size() >= per_shard_ && !s.map.count(key)) return {};  // full: not tracked (bounded memory)
  SourceState& st = s.map[key];
  drop_older(st.failures, now_ns - window_ns_, [](int64_t t) { return t; });
  st.failures.push_back(now_ns);
  SourceOutcome out;
  out.failures = static_cast<uint32_t>(st.failures.size());
  if (out.failures < cfg_.max_failures) return out;
  st.failures.clear();
  if (now_ns - st.last_offence > offence_memory_ns_) st.offences = 0;
  ++st.offences;
  st.last_offence = now_ns;
  // Doubling per repeat offence, up to max_ban.
  std::chrono::seconds d = cfg_.ban_for;
  for (uint32_t i = 1; i < st.offences && d < cfg_.max_ban; ++i) d *= 2;
  out.ban = std::min(d, cfg_.max_ban);
  out.offence = st.offences;
  return out;
}

AccountOutcome FailureTracker::account_failure(std::string_view account, const IpAddress& source, int64_t now_ns) {
  AccountOutcome out;
  if (cfg_.account_failures == 0 || account.empty()) return out;
  std::string key(account.substr(0, 128));
  auto& s = accounts_[std::hash<std::string>{}(key) % kShards];
  std::lock_guard lock(s.mu);
  if (s.map.size() >= per_shard_ && !s.map.count(key)) return out;
  AccountState& st = s.map[key];
  drop_older(st.failures, now_ns - window_ns_, [](const auto& f) { return f.first; });
  if (st.failures.size() >= cfg_.account_failures) st.failures.erase(st.failures.begin());
  st.failures.emplace_back(now_ns, source.is_v4() ? source : source.masked(64));
  std::vector<IpAddress> distinct;
  for (const auto& f : st.failures) {
    if (std::find(distinct.begin(), distinct.end(), f.second) == distinct.end()) distinct.push_back(f.second);
  }
  out.failures = static_cast<uint32_t>(st.failures.size());
  out.sources = static_cast<uint32_t>(distinct.size());
  if (out.failures >= cfg_.account_failures && out.sources >= cfg_.account_sources && st.locked_until <= now_ns) {
    st.locked_until = now_ns + lock_ns_;
    st.failures.clear();
    out.locked_now = true;
  }
  return out;
}

bool FailureTracker::account_locked(std::string_view account, int64_t now_ns) const {
  if (cfg_.account_failures == 0 || account.empty()) return false;
  std::string key(account.substr(0, 128));
  auto& s = accounts_[std::hash<std::string>{}(key) % kShards];
  std::lock_guard lock(s.mu);
  auto it = s.map.find(key);
  return it != s.map.end() && it->second.locked_until > now_ns;
}

void FailureTracker::sweep(size_t index, int64_t now_ns) {
  {
    auto& s = sources_[index % kShards];
    std::lock_guard lock(s.mu);
    std::erase_if(s.map, [&](const auto& kv) {
      const auto& st = kv.second;
      const bool window_over = st.failures.empty() || st.failures.back() < now_ns - window_ns_;
      return window_over && now_ns - st.last_offence > offence_memory_ns_;
    });
  }
  auto& s = accounts_[index % kShards];
  std::lock_guard lock(s.mu);
  std::erase_if(s.map, [&](const auto& kv) {
    const auto& st = kv.second;
    const bool window_over = st.failures.empty() || st.failures.back().first < now_ns - window_ns_;
    return window_over && st.locked_until <= now_ns;
  });
}

}  // namespace vg::filters::bruteforce
