#include "net/connection_table.h"

#include "net/connection.h"

namespace vg::net {

ConnectionTable::ConnectionTable(size_t workers, size_t max_total, size_t max_per_ip)
    : max_total_(max_total), max_per_ip_(max_per_ip) {
  ids_.reserve(workers);
  for (size_t i = 0; i < workers; ++i) ids_.push_back(std::make_unique<IdShard>());
}

ConnectionId ConnectionTable::next_id(size_t worker) {
  uint64_t seq = next_sequence_.fetch_add(1, std::memory_order_relaxed);
  return (seq << 8) | (worker & 0xff);
}

ConnectionTable::EndpointShard& ConnectionTable::shard_for(const StreamKey& k) const {
  return endpoints_[StreamKeyHash{}(k) % kShards];
}

ConnectionTable::IpShard& ConnectionTable::shard_for(const IpAddress& a) {
  return ips_[std::hash<IpAddress>{}(a) % kShards];
}

IpAddress ConnectionTable::per_ip_key(const IpAddress& a) {
  // An IPv6 host usually holds a whole /64 (RFC 4291 §2.5.1 interface ids): one attacker would
  // otherwise count as 2^64 sources.
  return a.is_v4() ? a : a.masked(64);
}

Admission ConnectionTable::admit_inbound(const IpAddress& address) {
  const IpAddress source = per_ip_key(address);
  if (total_.fetch_add(1, std::memory_order_acq_rel) >= max_total_) {
    total_.fetch_sub(1, std::memory_order_acq_rel);
    return Admission::kTooMany;
  }
  IpShard& s = shard_for(source);
  std::lock_guard lock(s.mutex);
  size_t& n = s.counts[source];
  if (max_per_ip_ != 0 && n >= max_per_ip_) {
    if (n == 0) s.counts.erase(source);
    total_.fetch_sub(1, std::memory_order_acq_rel);
    return Admission::kPerIp;
  }
  ++n;
  return Admission::kOk;
}

bool ConnectionTable::admit_outgoing() {
  if (total_.fetch_add(1, std::memory_order_acq_rel) >= max_total_) {
    total_.fetch_sub(1, std::memory_order_acq_rel);
    return false;
  }
  return true;
}

void ConnectionTable::release(const IpAddress* per_ip) {
  total_.fetch_sub(1, std::memory_order_acq_rel);
  if (per_ip == nullptr) return;
  const IpAddress source = per_ip_key(*per_ip);
  IpShard& s = shard_for(source);
  std::lock_guard lock(s.mutex);
  auto it = s.counts.find(source);
  if (it == s.counts.end()) return;
  if (--it->second == 0) s.counts.erase(it);  // the map holds only sources with open connections
}

void ConnectionTable::insert_id(const std::shared_ptr<Connection>& c) {
  IdShard& s = *ids_[c->worker_index()];
  std::lock_guard lock(s.mutex);
  s.by_id.emplace(c->id(), c);
}

void ConnectionTable::add(const std::shared_ptr<Connection>& c) {
  StreamKey key{c->remote(), c->transport()};
  {
    EndpointShard& s = shard_for(key);
    std::lock_guard lock(s.mutex);
    auto& slot = s.by_key[key];
    auto current = slot.lock();
    if (!current || current->closed()) slot = c;
  }
  insert_id(c);
}

std::shared_ptr<Connection> ConnectionTable::find_or_add(const StreamKey& key,
                                                         const std::function<std::shared_ptr<Connection>()>& create,
                                                         bool& created) {
  created = false;
  EndpointShard& s = shard_for(key);
  std::lock_guard lock(s.mutex);
  auto it = s.by_key.find(key);
  if (it != s.by_key.end()) {
    if (auto c = it->second.lock(); c && !c->closed()) return c;
  }
  auto c = create();
  if (!c) return nullptr;
  s.by_key[key] = c;
  insert_id(c);  // lock order: endpoint shard, then id shard (as in add)
  created = true;
  return c;
}

void ConnectionTable::remove(const Connection& c) {
  StreamKey key{c.remote(), c.transport()};
  {
    EndpointShard& s = shard_for(key);
    std::lock_guard lock(s.mutex);
    auto it = s.by_key.find(key);
    if (it != s.by_key.end()) {
      auto current = it->second.lock();
      if (!current || current.get() == &c) s.by_key.erase(it);
    }
  }
  IdShard& s = *ids_[c.worker_index()];
  std::lock_guard lock(s.mutex);
  s.by_id.erase(c.id());
}

std::shared_ptr<Connection> ConnectionTable::find(ConnectionId id) const {
  size_t w = worker_of(id);
  if (w >= ids_.size()) return nullptr;
  const IdShard& s = *ids_[w];
  std::lock_guard lock(s.mutex);
  auto it = s.by_id.find(id);
  return it == s.by_id.end() ? nullptr : it->second;
}

std::shared_ptr<Connection> ConnectionTable::find(const StreamKey& key) const {
  const EndpointShard& s = shard_for(key);
  std::lock_guard lock(s.mutex);
  auto it = s.by_key.find(key);
  return it == s.by_key.end() ? nullptr : it->second.lock();
}

std::vector<std::shared_ptr<Connection>> ConnectionTable::take_all(size_t worker) {
  std::vector<std::shared_ptr<Connection>> out;
  if (worker >= ids_.size()) return out;
  IdShard& s = *ids_[worker];
  std::lock_guard lock(s.mutex);
  out.reserve(s.by_id.size());
  for (auto& [id, c] : s.by_id) out.push_back(std::move(c));
  s.by_id.clear();
  return out;
}

}  // namespace vg::net
