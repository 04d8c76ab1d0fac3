#include "proxy/subscriptions.h"

#include <algorithm>

namespace vg::proxy {

namespace {

// The map key of a usage: Call-ID and the subscriber's tag (neither can hold 0x1f). Built in a
// reused buffer: lookups happen for every in-dialog request that is not part of a call.
std::string_view key_of(std::string_view call_id, std::string_view tag) {
  thread_local std::string key;
  key.assign(call_id);
  key.push_back('\x1f');
  key.append(tag);
  return key;
}

std::chrono::seconds bounded(std::optional<std::chrono::seconds> e) {
  return std::min(e.value_or(SubscriptionTracker::kDefaultExpiry), SubscriptionTracker::kMaxExpiry);
}

}  // namespace

void SubscriptionTracker::schedule(Shard& s, Map::value_type& e, Clock::MonoTime deadline) {
  e.second.deadline = deadline;
  e.second.timer.owner = &e;
  s.wheel.schedule(e.second.timer, deadline);
}

SubscriptionTracker::Map::value_type* SubscriptionTracker::locate(Shard& s, std::string_view call_id,
                                                                  std::string_view tag_a, std::string_view tag_b,
                                                                  bool* subscriber_first) {
  if (auto it = s.usages.find(key_of(call_id, tag_a)); it != s.usages.end()) {
    *subscriber_first = true;
    return &*it;
  }
  if (auto it = s.usages.find(key_of(call_id, tag_b)); it != s.usages.end()) {
    *subscriber_first = false;
    return &*it;
  }
  return nullptr;
}

void SubscriptionTracker::start(std::string_view call_id, std::string_view from_tag, std::chrono::seconds expires,
                                Clock::MonoTime now) {
  auto& s = shard(call_id);
  std::lock_guard lock(s.mu);
  auto [it, inserted] = s.usages.try_emplace(Key(key_of(call_id, from_tag)));
  // A refresh sent again out of dialog, or a retry after a challenge: the usage starts over.
  if (!inserted) it->second.notifier_tag.clear();
  schedule(s, *it, now + bounded(expires) + kLinger);
}

void SubscriptionTracker::on_response(std::string_view call_id, std::string_view from_tag, int status,
                                      std::string_view to_tag, std::optional<std::chrono::seconds> expires,
                                      Clock::MonoTime now) {
  auto& s = shard(call_id);
  std::lock_guard lock(s.mu);
  auto it = s.usages.find(key_of(call_id, from_tag));
  if (it == s.usages.end() || status < 200) return;
  Usage& u = it->second;
  if (status < 300) {
    if (u.notifier_tag.empty()) u.notifier_tag = to_tag;
    schedule(s, *it, now + bounded(expires) + kLinger);
  } else if (u.notifier_tag.empty()) {
    // Refused and no NOTIFY made a dialog of it: only the linger is left (a challenge's retry
    // starts the usage again).
    schedule(s, *it, std::min(u.deadline, now + kLinger));
  }
}

bool SubscriptionTracker::known(std::string_view call_id, std::string_view tag_a, std::string_view tag_b,
                                Clock::MonoTime now) {
  auto& s = shard(call_id);
  std::lock_guard lock(s.mu);
  bool subscriber_first = false;
  auto* e = locate(s, call_id, tag_a, tag_b, &subscriber_first);
  if (!e || now >= e->second.deadline) return false;
  const std::string_view other = subscriber_first ? tag_b : tag_a;
  Usage& u = e->second;
  if (u.notifier_tag.empty()) {
    // Only the notifier's first NOTIFY can name it (it arrives with the subscriber's tag as To).
    if (subscriber_first) return false;
    u.notifier_tag = other;
    return true;
  }
  return u.notifier_tag == other;
}

void SubscriptionTracker::on_request(std::string_view call_id, std::string_view tag_a, std::string_view tag_b,
                                     std::optional<std::chrono::seconds> expires, bool terminated,
                                     Clock::MonoTime now) {
  auto& s = shard(call_id);
  std::lock_guard lock(s.mu);
  bool subscriber_first = false;
  auto* e = locate(s, call_id, tag_a, tag_b, &subscriber_first);
  if (!e) return;
  if (terminated) {
    schedule(s, *e, std::min(e->second.deadline, now + kLinger));
  } else if (expires) {
    schedule(s, *e, now + bounded(expires) + kLinger);
  }
}

size_t SubscriptionTracker::expire(Clock::MonoTime now) {
  size_t dropped = 0;
  for (auto& s : shards_) {
    std::lock_guard lock(s.mu);
    s.wheel.expire(now, [&](TimerLink& link) {
      auto& e = *static_cast<Map::value_type*>(link.owner);
      s.usages.erase(s.usages.find(e.first));
      ++dropped;
    });
  }
  return dropped;
}

size_t SubscriptionTracker::size() const {
  size_t n = 0;
  for (auto& s : shards_) {
    std::lock_guard lock(s.mu);
    n += s.usages.size();
  }
  return n;
}

}  // namespace vg::proxy
