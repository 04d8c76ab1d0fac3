// Transaction state of the stateful proxy (RFC 3261 §17): server transactions (requests received,
// keyed by the top Via's branch + sent-by + method) and client transactions (requests we send, keyed
// by our branch), with the UDP retransmission and timeout timers. Sans-I/O: tick() returns what to
// do; the proxy core sends. Thread-safe: sharded, one mutex per shard.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <queue>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "net/transport.h"

namespace vg::proxy {

using MonoTime = Clock::MonoTime;
using Millis = std::chrono::milliseconds;

struct TimerConfig {
  Millis t1{500};
  Millis t2{4000};
  Millis timer_c{180000};  // RFC 3261 §16.6 step 11: > 3 minutes for a proxied INVITE
  Millis t4{5000};         // Timer I and K over UDP (RFC 3261 table 4)
};

enum class TxnState : uint8_t { kTrying, kProceeding, kCompleted, kAccepted, kTerminated };

struct ServerTxn {
  net::Outbound reply_to;       // where responses go (the request's real source / connection)
  std::string last_response;    // resent when the request is retransmitted
  int last_status = 0;
  bool invite = false;
  TxnState state = TxnState::kTrying;
  std::string client_branch;    // our branch on the forwarded request ("" when we answered ourselves)
  MonoTime expires{};           // dropped after this once completed
  // INVITE, non-2xx final over UDP: resend until ACK (Timer G, bounded by Timer H).
  bool retransmit = false;
  MonoTime next_retx{};
  Millis interval{0};
};

struct ClientTxn {
  bool invite = false;
  bool own = false;             // a request voipguard originated (BYE teardown, OPTIONS ping)
  net::Outbound to;
  std::string request;          // exact bytes sent, for retransmission and for building CANCEL/ACK
  std::string server_key;       // the server transaction it was forwarded for ("" when own)
  TxnState state = TxnState::kTrying;
  bool reliable = false;        // stream transport: no retransmissions
  MonoTime next_retx{};
  Millis interval{0};
  MonoTime timeout{};           // Timer B/F (and Timer C once proceeding, for INVITE); set before
                                // add_client() to give up sooner than Timer B/F
  MonoTime expires{};           // dropped after this once completed
  bool cancel_requested = false;  // CANCEL arrived before any provisional: send it when one comes
  bool credentials = false;     // the forwarded request carried credentials for the next hop
                                // (a 401/407 to it is a failed login, not a first challenge)
  std::function<void(int status)> on_final;  // own requests: told of the final status (408 on timeout)
};

struct TimerAction {
  enum class Kind : uint8_t { kSend, kClientTimeout, kServerTimeout } kind;
  net::Outbound to;
  std::string bytes;            // kSend
  std::string branch;           // kClientTimeout: our branch
  std::string server_key;       // kClientTimeout: where the 408 goes ("" for own)
  bool invite = false;
  bool proceeding = false;      // kClientTimeout on Timer C: CANCEL the branch as well
  std::function<void(int)> on_final;
};

class TransactionTable {
 public:
  explicit TransactionTable(TimerConfig t = {}) : timers_(t) {}

  // Server side. Returns the copy of an existing transaction (a retransmission) or nullopt after
  // inserting the new one.
  std::optional<ServerTxn> find_or_add_server(const std::string& key, ServerTxn fresh);
  std::optional<ServerTxn> find_server(const std::string& key) const;
  // The parts of a server transaction the request and response paths need on every message,
  // without copying the stored response bytes.
  struct ServerInfo {
    net::Outbound reply_to;
    int last_status = 0;
    std::string client_branch;
  };
  std::optional<ServerInfo> server_info(const std::string& key) const;
  // Records a response sent upstream. Final responses complete the transaction.
  void server_responded(const std::string& key, int status, std::string bytes, bool reliable, MonoTime now);
  // ACK for a non-2xx final response arrived: stop retransmitting. Returns false if no such txn.
  bool server_acked(const std::string& key, MonoTime now);
  void set_client_branch(const std::string& key, const std::string& branch);

  // Client side.
  void add_client(const std::string& branch, ClientTxn txn, MonoTime now);
  std::optional<ClientTxn> find_client(const std::string& branch) const;
  // A response arrived for our branch: updates state and timers; returns the transaction as it was
  // before (nullopt if unknown). Retransmitted finals are reported with state kCompleted. The copy
  // carries the request's bytes only when an INVITE's response needs them (a non-2xx final to ACK,
  // a provisional releasing a pending CANCEL); otherwise `request` is empty (one copy less of the
  // whole INVITE per response).
  std::optional<ClientTxn> client_response(const std::string& branch, int status, MonoTime now);
  void mark_cancel_requested(const std::string& branch);

  // Fires due timers.
  std::vector<TimerAction> tick(MonoTime now);
  [[nodiscard]] size_t server_count() const;
  [[nodiscard]] size_t client_count() const;
  [[nodiscard]] const TimerConfig& timers() const { return timers_; }

 private:
  static constexpr size_t kShards = 16;
  // Timer queues: (when, key) of each transaction's next event, so tick() touches only what is
  // due instead of scanning every transaction. Entries go stale when a transaction changes (a newer
  // entry is pushed then); tick() skips entries whose transaction is not due any more.
  using Due = std::pair<MonoTime, std::string>;
  using DueQueue = std::priority_queue<Due, std::vector<Due>, std::greater<Due>>;
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<std::string, ServerTxn> server;
    std::unordered_map<std::string, ClientTxn> client;
    DueQueue server_due;
    DueQueue client_due;
  };
  static MonoTime next_event(const ClientTxn& t);
  static MonoTime next_event(const ServerTxn& t);
  Shard& shard(std::string_view key) const { return shards_[std::hash<std::string_view>{}(key) % kShards]; }

  TimerConfig timers_;
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace vg::proxy
