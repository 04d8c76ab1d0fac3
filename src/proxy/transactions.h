// Transaction state of the stateful proxy (RFC 3261 §17): server transactions (requests received,
// keyed by the top Via's branch + sent-by + method) and client transactions (requests we send, keyed
// by our branch), with the UDP retransmission and timeout timers. Sans-I/O: tick() returns what to
// do; the proxy core sends. Thread-safe: sharded, one mutex per shard.
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/small_string.h"
#include "net/transport.h"
#include "proxy/timer_wheel.h"

namespace vg::proxy {

using MonoTime = Clock::MonoTime;
using Millis = std::chrono::milliseconds;

struct TimerConfig {
  Millis t1{500};
  Millis t2{4000};
  Millis timer_c{180000};  // RFC 3261 §16.6 step 11: > 3 minutes for a proxied INVITE
  Millis t4{5000};         // Timer I and K over UDP (RFC 3261 table 4)
};

// Transaction keys and our branches, stored inline (no heap allocation for the usual sizes).
using TxnKey = SmallString<96>;
using BranchText = SmallString<48>;

enum class TxnState : uint8_t { kTrying, kProceeding, kCompleted, kAccepted, kTerminated };

struct ServerTxn {
  net::Outbound reply_to;       // where responses go (the request's real source / connection)
  std::string last_response;    // resent when the request is retransmitted
  int last_status = 0;
  bool invite = false;
  TxnState state = TxnState::kTrying;
  BranchText client_branch;     // our branch on the forwarded request ("" when we answered ourselves)
  MonoTime expires{};           // dropped after this once completed
  // INVITE, non-2xx final over UDP: resend until ACK (Timer G, bounded by Timer H).
  bool retransmit = false;
  MonoTime next_retx{};
  Millis interval{0};
  MonoTime trying_at{};         // a prepared 100 (Trying) goes out then unless a response came first
  TimerLink timer;              // the table's: next retransmission or expiry
};

struct ClientTxn {
  bool invite = false;
  bool own = false;             // a request voipguard originated (BYE teardown, OPTIONS ping)
  net::Outbound to;
  std::string request;          // exact bytes sent, for retransmission and for building CANCEL/ACK
  TxnKey server_key;            // the server transaction it was forwarded for ("" when own)
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
  bool timer_c_fired = false;   // Timer C cancelled this INVITE: it waits for the final (487) to ACK it
  std::function<void(int status)> on_final;  // own requests: told of the final status (408 on timeout)
  TimerLink timer;              // the table's: next retransmission, timeout or expiry
};

// What the response path needs of a client transaction when a response arrives: the state before
// the response, without the stored request unless an ACK or CANCEL must be built from it.
struct ClientResponseInfo {
  bool invite = false;
  bool own = false;
  net::Outbound to;
  std::string request;          // set only when needed (see TransactionTable::client_response)
  TxnKey server_key;
  TxnState state = TxnState::kTrying;
  bool cancel_requested = false;
  bool credentials = false;
  std::function<void(int status)> on_final;  // own requests only
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
  std::optional<ServerTxn> find_or_add_server(std::string_view key, ServerTxn fresh);
  std::optional<ServerTxn> find_server(std::string_view key) const;
  // The parts of a server transaction the request and response paths need on every message,
  // without copying the stored response bytes.
  struct ServerInfo {
    net::Outbound reply_to;
    int last_status = 0;
    BranchText client_branch;   // filled only when asked for (want_branch)
  };
  std::optional<ServerInfo> server_info(std::string_view key, bool want_branch = false) const;
  // Records a response sent upstream. Final responses complete the transaction.
  void server_responded(std::string_view key, int status, std::string bytes, bool reliable, MonoTime now);
  // RFC 3261 §17.2.1: a 100 (Trying) to send at `when` unless a response is recorded before then
  // (a retransmitted request meanwhile gets it at once). Returns false if no such transaction.
  bool server_defer_trying(std::string_view key, std::string bytes, MonoTime when);
  // ACK for a non-2xx final response arrived: stop retransmitting. Returns false if no such txn.
  bool server_acked(std::string_view key, MonoTime now);
  void set_client_branch(std::string_view key, std::string_view branch);

  // Client side.
  void add_client(std::string_view branch, ClientTxn txn, MonoTime now);
  std::optional<ClientTxn> find_client(std::string_view branch) const;
  // The request bytes and next hop of a client transaction still proceeding (to build a CANCEL);
  // nullopt when unknown. Sets cancel_requested instead when it is still trying (no provisional yet).
  struct CancelTarget {
    net::Outbound to;
    std::string request;
  };
  std::optional<CancelTarget> cancel_target(std::string_view branch);
  // A response arrived for our branch: updates state and timers; returns the transaction as it was
  // before (nullopt if unknown). Retransmitted finals are reported with state kCompleted. The copy
  // carries the request's bytes only when an INVITE's response needs them (a non-2xx final to ACK,
  // a provisional releasing a pending CANCEL); otherwise `request` is empty (one copy less of the
  // whole INVITE per response).
  std::optional<ClientResponseInfo> client_response(std::string_view branch, int status, MonoTime now);
  void mark_cancel_requested(std::string_view branch);

  // Fires due timers.
  std::vector<TimerAction> tick(MonoTime now);
  [[nodiscard]] size_t server_count() const;
  [[nodiscard]] size_t client_count() const;
  [[nodiscard]] const TimerConfig& timers() const { return timers_; }

 private:
  static constexpr size_t kShards = 16;
  enum : uint8_t { kServerTimer = 0, kClientTimer = 1 };
  // Each transaction is linked into its shard's timer wheel at its next event (retransmission,
  // timeout or expiry), so tick() touches only what is due, and nothing stale is left behind when a
  // transaction changes or goes. Map nodes do not move, so the links stay valid until erased.
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<TxnKey, ServerTxn, ViewHash, ViewEq> server;
    std::unordered_map<TxnKey, ClientTxn, ViewHash, ViewEq> client;
    TimerWheel wheel;
  };
  static MonoTime next_event(const ClientTxn& t);
  static MonoTime next_event(const ServerTxn& t);
  // Links a transaction at its next event (or nowhere when it has none).
  template <class T>
  static void reschedule(Shard& s, T& t, const TxnKey* key, uint8_t kind);
  // A cheap spread over the shards (the map then hashes the key properly): the last eight bytes of a
  // key mix our branch counter, or a peer's branch with its sent-by and method.
  Shard& shard(std::string_view key) const {
    uint64_t tail = key.size();
    const size_t n = std::min<size_t>(key.size(), 8);
    if (n != 0) std::memcpy(&tail, key.data() + key.size() - n, n);
    tail *= 0x9e3779b97f4a7c15ULL;
    return shards_[(tail >> 59) % kShards];
  }

  TimerConfig timers_;
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace vg::proxy
