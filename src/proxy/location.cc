#include "proxy/location.h"

#include <algorithm>

namespace vg::proxy {

LocationService::Shard& LocationService::shard(std::string_view aor) const {
  return shards_[std::hash<std::string_view>{}(aor) % kShards];
}

bool LocationService::upsert(Binding b, size_t max_contacts) {
  auto& s = shard(b.aor);
  {
    std::lock_guard lock(s.mu);
    auto& list = s.by_aor[b.aor];
    auto it = std::find_if(list.begin(), list.end(), [&](const Binding& x) { return x.contact == b.contact; });
    if (it != list.end()) {
      *it = b;
    } else {
      if (list.size() >= max_contacts) return false;
      list.push_back(b);
    }
  }
  if (store_) store_->save(b);
  return true;
}

void LocationService::remove(std::string_view aor, std::string_view contact) {
  auto& s = shard(aor);
  {
    std::lock_guard lock(s.mu);
    auto it = s.by_aor.find(std::string(aor));
    if (it == s.by_aor.end()) return;
    auto& list = it->second;
    list.erase(std::remove_if(list.begin(), list.end(), [&](const Binding& x) { return x.contact == contact; }),
               list.end());
    if (list.empty()) s.by_aor.erase(it);
  }
  if (store_) store_->remove(aor, contact);
}

void LocationService::remove_all(std::string_view aor) {
  std::vector<Binding> removed;
  auto& s = shard(aor);
  {
    std::lock_guard lock(s.mu);
    auto it = s.by_aor.find(std::string(aor));
    if (it == s.by_aor.end()) return;
    removed = std::move(it->second);
    s.by_aor.erase(it);
  }
  if (store_) {
    for (const auto& b : removed) store_->remove(b.aor, b.contact);
  }
}

std::vector<Binding> LocationService::lookup(std::string_view aor, int64_t now) const {
  std::vector<Binding> out;
  auto& s = shard(aor);
  {
    std::lock_guard lock(s.mu);
    auto it = s.by_aor.find(std::string(aor));
    if (it == s.by_aor.end()) return out;
    for (const auto& b : it->second) {
      if (b.expires_at > now) out.push_back(b);
    }
  }
  std::sort(out.begin(), out.end(), [](const Binding& a, const Binding& b) { return a.registered_at > b.registered_at; });
  return out;
}

std::optional<Binding> LocationService::find_by_contact(std::string_view aor, std::string_view contact) const {
  auto& s = shard(aor);
  std::lock_guard lock(s.mu);
  auto it = s.by_aor.find(std::string(aor));
  if (it == s.by_aor.end()) return std::nullopt;
  for (const auto& b : it->second) {
    if (b.contact == contact) return b;
  }
  return std::nullopt;
}

size_t LocationService::expire(int64_t now) {
  size_t n = 0;
  std::vector<Binding> removed;
  for (auto& s : shards_) {
    std::lock_guard lock(s.mu);
    for (auto it = s.by_aor.begin(); it != s.by_aor.end();) {
      auto& list = it->second;
      for (const auto& b : list) {
        if (b.expires_at <= now) removed.push_back(b);
      }
      auto before = list.size();
      list.erase(std::remove_if(list.begin(), list.end(), [&](const Binding& b) { return b.expires_at <= now; }),
                 list.end());
      n += before - list.size();
      it = list.empty() ? s.by_aor.erase(it) : std::next(it);
    }
  }
  if (store_) {
    for (const auto& b : removed) store_->remove(b.aor, b.contact);
  }
  return n;
}

void LocationService::restore(int64_t now) {
  if (!store_) return;
  for (auto& b : store_->load_all()) {
    if (b.expires_at <= now) {
      store_->remove(b.aor, b.contact);
      continue;
    }
    // A restored binding has no live connection; stream UAs reconnect or are reached by endpoint.
    b.connection = 0;
    auto& s = shard(b.aor);
    std::lock_guard lock(s.mu);
    s.by_aor[b.aor].push_back(std::move(b));
  }
}

size_t LocationService::size() const {
  size_t n = 0;
  for (auto& s : shards_) {
    std::lock_guard lock(s.mu);
    for (const auto& [aor, list] : s.by_aor) n += list.size();
  }
  return n;
}

void LocationService::for_each(const std::function<void(const Binding&)>& fn) const {
  for (auto& s : shards_) {
    std::lock_guard lock(s.mu);
    for (const auto& [aor, list] : s.by_aor) {
      for (const auto& b : list) fn(b);
    }
  }
}

}  // namespace vg::proxy
