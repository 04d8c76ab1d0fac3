// Location service (RFC 3261 §10): the bindings of each address-of-record (tenant domain + user) to
// contacts, with the real source address each REGISTER came from (NAT traversal) and the transport
// connection to reuse. Thread-safe: sharded by AOR, one mutex per shard.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/ip.h"
#include "net/transport.h"

namespace vg::proxy {

struct Binding {
  std::string aor;           // "user@domain", lower-case domain
  std::string contact;       // the contact URI as registered (may be a private, unreachable address)
  std::string call_id;       // of the REGISTER that created/refreshed it (RFC 3261 §10.3 step 7)
  uint32_t cseq = 0;
  int64_t expires_at = 0;    // unix seconds
  int64_t registered_at = 0;
  Endpoint source;           // where the REGISTER really came from
  net::Transport transport = net::Transport::kUdp;
  net::ConnectionId connection = 0;
  size_t listener = 0;
  bool behind_nat = false;   // contact host:port differs from the source
  std::string user_agent;
  float q = 1.0f;
};

// Persistence of bindings (SQLite by default). Calls come from worker threads; implementations queue
// the write and return at once.
class BindingStore {
 public:
  virtual ~BindingStore() = default;
  virtual void save(const Binding& b) = 0;
  virtual void remove(std::string_view aor, std::string_view contact) = 0;
  virtual std::vector<Binding> load_all() = 0;
};

class LocationService {
 public:
  explicit LocationService(BindingStore* store = nullptr) : store_(store) {}

  // Adds or refreshes a binding (matched by AOR + contact URI). Returns false when the AOR already
  // has max_contacts other bindings (the caller answers 403/503).
  bool upsert(Binding b, size_t max_contacts);
  void remove(std::string_view aor, std::string_view contact);
  void remove_all(std::string_view aor);
  // Live bindings of an AOR, most recently registered first.
  [[nodiscard]] std::vector<Binding> lookup(std::string_view aor, int64_t now) const;
  // The binding whose contact URI (or rewritten NAT contact) is `contact`, if any.
  [[nodiscard]] std::optional<Binding> find_by_contact(std::string_view aor, std::string_view contact) const;
  // Drops expired bindings; returns how many.
  size_t expire(int64_t now);
  // Loads persisted bindings (at start); expired ones are dropped.
  void restore(int64_t now);
  [[nodiscard]] size_t size() const;
  // Visits every live binding (keepalives, metrics). The callback must not call back into this object.
  void for_each(const std::function<void(const Binding&)>& fn) const;

 private:
  static constexpr size_t kShards = 16;
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<std::string, std::vector<Binding>> by_aor;
  };
  Shard& shard(std::string_view aor) const;

  BindingStore* store_;
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace vg::proxy
