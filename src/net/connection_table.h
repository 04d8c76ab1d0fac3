// Thread-safe index of a Server's stream connections: id → connection (one shard per worker),
// remote endpoint → connection (reuse for sends by destination), and the admission counts behind
// max_connections and max_connections_per_ip. Sharded mutexes, held only for a lookup or an
// insert; no global lock on the send path.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "core/ip.h"
#include "net/transport.h"

namespace vg::net {

class Connection;

// The low byte of an id names the owning worker, so a send by id goes straight to its shard.
inline constexpr size_t kMaxWorkers = 256;
inline size_t worker_of(ConnectionId id) { return static_cast<size_t>(id & 0xff); }

struct StreamKey {
  Endpoint remote;
  Transport transport = Transport::kTcp;
  friend bool operator==(const StreamKey&, const StreamKey&) = default;
};

struct StreamKeyHash {
  size_t operator()(const StreamKey& k) const noexcept {
    return std::hash<Endpoint>{}(k.remote) * 3 + static_cast<size_t>(k.transport);
  }
};

enum class Admission : uint8_t { kOk, kTooMany, kPerIp };

class ConnectionTable {
 public:
  ConnectionTable(size_t workers, size_t max_total, size_t max_per_ip);

  // A fresh, never-zero id owned by worker.
  ConnectionId next_id(size_t worker);

  // Reserves a slot for an incoming connection from source (total and per-IP; max_per_ip 0 = no
  // per-IP limit; IPv6 sources count per /64); undo with release.
  Admission admit_inbound(const IpAddress& source);
  // Reserves a slot for an outgoing connection (total only).
  bool admit_outgoing();
  // Returns a slot; per_ip is the source of an admitted incoming connection, nullptr for outgoing.
  void release(const IpAddress* per_ip);

  // Registers an accepted connection (id and, unless taken, its remote endpoint for reuse).
  void add(const std::shared_ptr<Connection>& c);
  // Returns the open connection for key, or makes one with create (under the endpoint shard's lock,
  // so concurrent senders to one destination share one connection). create may return nullptr.
  // created tells which happened.
  std::shared_ptr<Connection> find_or_add(const StreamKey& key,
                                          const std::function<std::shared_ptr<Connection>()>& create,
                                          bool& created);
  void remove(const Connection& c);

  [[nodiscard]] std::shared_ptr<Connection> find(ConnectionId id) const;
  [[nodiscard]] std::shared_ptr<Connection> find(const StreamKey& key) const;
  // Empties a worker's shard (shutdown) and returns what it held.
  std::vector<std::shared_ptr<Connection>> take_all(size_t worker);

 private:
  static constexpr size_t kShards = 16;

  struct IdShard {
    mutable std::mutex mutex;
    std::unordered_map<ConnectionId, std::shared_ptr<Connection>> by_id;
  };
  struct EndpointShard {
    mutable std::mutex mutex;
    std::unordered_map<StreamKey, std::weak_ptr<Connection>, StreamKeyHash> by_key;
  };
  struct IpShard {
    std::mutex mutex;
    std::unordered_map<IpAddress, size_t> counts;
  };

  static IpAddress per_ip_key(const IpAddress& a);
  EndpointShard& shard_for(const StreamKey& k) const;
  IpShard& shard_for(const IpAddress& a);
  void insert_id(const std::shared_ptr<Connection>& c);

  size_t max_total_;
  size_t max_per_ip_;
  std::atomic<size_t> total_{0};
  std::atomic<uint64_t> next_sequence_{1};
  std::vector<std::unique_ptr<IdShard>> ids_;
  mutable std::array<EndpointShard, kShards> endpoints_;
  std::array<IpShard, kShards> ips_;
};

}  // namespace vg::net
