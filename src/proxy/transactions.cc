#include "proxy/transactions.h"

#include <algorithm>

namespace vg::proxy {

MonoTime TransactionTable::next_event(const ClientTxn& t) {
  if (t.state == TxnState::kCompleted || t.state == TxnState::kTerminated) return t.expires;
  return t.reliable ? t.timeout : std::min(t.timeout, t.next_retx);
}

MonoTime TransactionTable::next_event(const ServerTxn& t) {
  MonoTime n = t.expires == MonoTime{} ? MonoTime::max() : t.expires;
  return t.retransmit ? std::min(n, t.next_retx) : n;
}

std::optional<ServerTxn> TransactionTable::find_or_add_server(const std::string& key, ServerTxn fresh) {
  auto& s = shard(key);
  std::lock_guard lock(s.mu);
  auto [it, inserted] = s.server.try_emplace(key, std::move(fresh));
  if (inserted) {
    s.server_due.emplace(next_event(it->second), key);
    return std::nullopt;
  }
  return it->second;
}

std::optional<ServerTxn> TransactionTable::find_server(const std::string& key) const {
  auto& s = shard(key);
  std::lock_guard lock(s.mu);
  auto it = s.server.find(key);
  if (it == s.server.end()) return std::nullopt;
  return it->second;
}

void TransactionTable::server_responded(const std::string& key, int status, std::string bytes, bool reliable,
                                        MonoTime now) {
  auto& s = shard(key);
  std::lock_guard lock(s.mu);
  auto it = s.server.find(key);
  if (it == s.server.end()) return;
  auto& t = it->second;
  struct Requeue {
    DueQueue& q;
    const std::string& key;
    const ServerTxn& t;
    ~Requeue() { q.emplace(next_event(t), key); }
  } requeue{s.server_due, key, t};
  // A final response is never replaced by a later provisional one.
  if (t.last_status >= 200 && status < 200) return;
  t.last_status = status;
  t.last_response = std::move(bytes);
  if (status < 200) {
    t.state = TxnState::kProceeding;
    return;
  }
  if (t.invite && status < 300) {
    // RFC 6026 Accepted: absorb INVITE retransmissions for 64*T1; 2xx retransmissions are end to end.
    t.state = TxnState::kAccepted;
    t.expires = now + 64 * timers_.t1;
  } else if (t.invite) {
    t.state = TxnState::kCompleted;
    t.expires = now + 64 * timers_.t1;  // Timer H
    t.retransmit = !reliable;
    t.interval = timers_.t1;
    t.next_retx = now + timers_.t1;     // Timer G
  } else {
    t.state = TxnState::kCompleted;
    t.expires = now + (reliable ? Millis(0) : 64 * timers_.t1);  // Timer J
  }
}

bool TransactionTable::server_acked(const std::string& key, MonoTime now) {
  auto& s = shard(key);
  std::lock_guard lock(s.mu);
  auto it = s.server.find(key);
  if (it == s.server.end() || !it->second.invite) return false;
  it->second.retransmit = false;
  // Timer I (T4) absorbs ACK retransmissions; then the transaction goes.
  it->second.expires = std::min(it->second.expires, now + timers_.t4);
  s.server_due.emplace(next_event(it->second), key);
  return true;
}

void TransactionTable::set_client_branch(const std::string& key, const std::string& branch) {
  auto& s = shard(key);
  std::lock_guard lock(s.mu);
  auto it = s.server.find(key);
  if (it != s.server.end()) it->second.client_branch = branch;
}

void TransactionTable::add_client(const std::string& branch, ClientTxn txn, MonoTime now) {
  txn.reliable = txn.to.transport != net::Transport::kUdp;
  txn.state = TxnState::kTrying;
  txn.interval = timers_.t1;
  txn.next_retx = now + timers_.t1;       // Timer A / E
  // Timer B / F; an own request may ask for less (a health-check ping has its own timeout).
  const MonoTime timer_bf = now + 64 * timers_.t1;
  txn.timeout = txn.timeout == MonoTime{} ? timer_bf : std::min(txn.timeout, timer_bf);
  auto& s = shard(branch);
  std::lock_guard lock(s.mu);
  s.client_due.emplace(next_event(txn), branch);
  s.client[branch] = std::move(txn);
}

std::optional<TransactionTable::ServerInfo> TransactionTable::server_info(const std::string& key) const {
  auto& s = shard(key);
  std::lock_guard lock(s.mu);
  auto it = s.server.find(key);
  if (it == s.server.end()) return std::nullopt;
  return ServerInfo{it->second.reply_to, it->second.last_status, it->second.client_branch};
}

std::optional<ClientTxn> TransactionTable::find_client(const std::string& branch) const {
  auto& s = shard(branch);
  std::lock_guard lock(s.mu);
  auto it = s.client.find(branch);
  if (it == s.client.end()) return std::nullopt;
  return it->second;
}

std::optional<ClientTxn> TransactionTable::client_response(const std::string& branch, int status, MonoTime now) {
  auto& s = shard(branch);
  std::lock_guard lock(s.mu);
  auto it = s.client.find(branch);
  if (it == s.client.end()) return std::nullopt;
  auto& t = it->second;
  const bool needs_request =
      t.invite && (status >= 300 || (status < 200 && t.cancel_requested && t.state == TxnState::kTrying));
  std::optional<ClientTxn> before(std::in_place);
  before->invite = t.invite;
  before->own = t.own;
  before->to = t.to;
  if (needs_request) before->request = t.request;
  before->server_key = t.server_key;
  before->state = t.state;
  before->reliable = t.reliable;
  before->cancel_requested = t.cancel_requested;
  before->credentials = t.credentials;
  if (t.own) before->on_final = t.on_final;
  if (t.state == TxnState::kCompleted || t.state == TxnState::kTerminated) return before;
  struct Requeue {
    DueQueue& q;
    const std::string& key;
    const ClientTxn& t;
    ~Requeue() { q.emplace(next_event(t), key); }
  } requeue{s.client_due, branch, t};
  if (status < 200) {
    if (t.state == TxnState::kTrying) {
      t.state = TxnState::kProceeding;
      if (t.invite) {
        t.next_retx = MonoTime::max();           // RFC 3261 §17.1.1.2: no retransmission once proceeding
        t.timeout = now + timers_.timer_c;       // Timer C
      } else {
        t.interval = timers_.t2;                 // §17.1.2.2: keep retransmitting at T2
      }
    } else if (t.invite) {
      t.timeout = now + timers_.timer_c;         // §16.7 step 2: a provisional resets Timer C
    }
    return before;
  }
  t.state = TxnState::kCompleted;
  t.next_retx = MonoTime::max();
  t.timeout = MonoTime::max();
  // Keep the transaction to absorb retransmitted finals (Timer D / K), less on reliable transports.
  t.expires = now + (t.reliable ? Millis(0) : (t.invite ? Millis(32000) : timers_.t4));
  return before;
}

void TransactionTable::mark_cancel_requested(const std::string& branch) {
  auto& s = shard(branch);
  std::lock_guard lock(s.mu);
  auto it = s.client.find(branch);
  if (it != s.client.end()) it->second.cancel_requested = true;
}

std::vector<TimerAction> TransactionTable::tick(MonoTime now) {
  std::vector<TimerAction> actions;
  for (auto& s : shards_) {
    std::lock_guard lock(s.mu);
    while (!s.client_due.empty() && s.client_due.top().first <= now) {
      const std::string key = s.client_due.top().second;
      s.client_due.pop();
      auto it = s.client.find(key);
      if (it == s.client.end()) continue;
      auto& t = it->second;
      if (next_event(t) > now) continue;  // a stale entry: a newer one is queued
      const bool done = t.state == TxnState::kCompleted || t.state == TxnState::kTerminated;
      if (done) {
        s.client.erase(it);
        continue;
      }
      if (now >= t.timeout) {
        actions.push_back(TimerAction{TimerAction::Kind::kClientTimeout, t.to, t.request, it->first, t.server_key,
                                      t.invite, t.state == TxnState::kProceeding, t.on_final});
        s.client.erase(it);
        continue;
      }
      if (!t.reliable && now >= t.next_retx) {
        actions.push_back(TimerAction{TimerAction::Kind::kSend, t.to, t.request, {}, {}, t.invite, false, {}});
        t.interval = t.invite ? t.interval * 2 : std::min(t.interval * 2, timers_.t2);
        t.next_retx = now + t.interval;
      }
      s.client_due.emplace(next_event(t), key);
    }
    while (!s.server_due.empty() && s.server_due.top().first <= now) {
      const std::string key = s.server_due.top().second;
      s.server_due.pop();
      auto it = s.server.find(key);
      if (it == s.server.end()) continue;
      auto& t = it->second;
      if (next_event(t) > now) continue;
      const bool finished = t.state == TxnState::kCompleted || t.state == TxnState::kAccepted;
      if (finished && now >= t.expires) {
        if (t.retransmit) {
          // Timer H: no ACK ever came.
          actions.push_back(TimerAction{TimerAction::Kind::kServerTimeout, t.reply_to, {}, {}, it->first, true, false, {}});
        }
        s.server.erase(it);
        continue;
      }
      // A server transaction whose client side vanished is bounded too (Timer C + margin).
      if (!finished && t.expires != MonoTime{} && now >= t.expires) {
        s.server.erase(it);
        continue;
      }
      if (t.retransmit && now >= t.next_retx) {
        actions.push_back(TimerAction{TimerAction::Kind::kSend, t.reply_to, t.last_response, {}, {}, true, false, {}});
        t.interval = std::min(t.interval * 2, timers_.t2);
        t.next_retx = now + t.interval;
      }
      s.server_due.emplace(next_event(t), key);
    }
  }
  return actions;
}

size_t TransactionTable::server_count() const {
  size_t n = 0;
  for (auto& s : shards_) {
    std::lock_guard lock(s.mu);
    n += s.server.size();
  }
  return n;
}

size_t TransactionTable::client_count() const {
  size_t n = 0;
  for (auto& s : shards_) {
    std::lock_guard lock(s.mu);
    n += s.client.size();
  }
  return n;
}

}  // namespace vg::proxy
