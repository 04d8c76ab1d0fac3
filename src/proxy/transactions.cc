#include "proxy/transactions.h"

#include <algorithm>

namespace vg::proxy {

MonoTime TransactionTable::next_event(const ClientTxn& t) {
  if (t.state == TxnState::kCompleted || t.state == TxnState::kTerminated) return t.expires;
  return t.reliable ? t.timeout : std::min(t.timeout, t.next_retx);
}

MonoTime TransactionTable::next_event(const ServerTxn& t) {
  MonoTime n = t.expires == MonoTime{} ? MonoTime::max() : t.expires;
  if (t.trying_at != MonoTime{}) n = std::min(n, t.trying_at);
  return t.retransmit ? std::min(n, t.next_retx) : n;
}

template <class T>
void TransactionTable::reschedule(Shard& s, T& t, const TxnKey* key, uint8_t kind) {
  const MonoTime when = next_event(t);
  if (when == MonoTime::max()) {
    t.timer.unlink();
    return;
  }
  // The owner is the map's element: the key is needed to erase it when its time comes.
  t.timer.owner = const_cast<void*>(static_cast<const void*>(key));
  t.timer.kind = kind;
  s.wheel.schedule(t.timer, when);
}

namespace {
// The map element (key, transaction) a timer link belongs to.
template <class T>
std::pair<const TxnKey, T>& element_of(const TimerLink& l) {
  // owner points at the element's key, its first member (set by reschedule()).
  return *reinterpret_cast<std::pair<const TxnKey, T>*>(l.owner);
}
}  // namespace

std::optional<ServerTxn> TransactionTable::find_or_add_server(std::string_view key, ServerTxn fresh) {
  auto& s = shard(key);
  std::lock_guard lock(s.mu);
  if (auto it = s.server.find(key); it != s.server.end()) return it->second;
  auto it = s.server.emplace(TxnKey(key), std::move(fresh)).first;
  reschedule(s, it->second, &it->first, kServerTimer);
  return std::nullopt;
}

std::optional<ServerTxn> TransactionTable::find_server(std::string_view key) const {
  auto& s = shard(key);
  std::lock_guard lock(s.mu);
  auto it = s.server.find(key);
  if (it == s.server.end()) return std::nullopt;
  return it->second;
}

void TransactionTable::server_responded(std::string_view key, int status, std::string bytes, bool reliable,
                                        MonoTime now) {
  auto& s = shard(key);
  std::lock_guard lock(s.mu);
  auto it = s.server.find(key);
  if (it == s.server.end()) return;
  auto& t = it->second;
  // A final response is never replaced by a later provisional one.
  if (t.last_status >= 200 && status < 200) return;
  const bool had_trying = t.trying_at != MonoTime{};
  t.trying_at = MonoTime{};  // a response went upstream: no deferred 100 any more
  t.last_status = status;
  if (status < 200) {
    t.last_response = std::move(bytes);
    t.state = TxnState::kProceeding;
    if (had_trying) reschedule(s, t, &it->first, kServerTimer);
    return;
  }
  if (t.invite && status < 300) {
    // RFC 6026 Accepted: absorb INVITE retransmissions for 64*T1; 2xx retransmissions are end to end,
    // so the 2xx itself is not kept (a retransmitted INVITE is absorbed, not answered).
    t.last_response.clear();
    t.last_response.shrink_to_fit();
    t.retransmit = false;  // a 2xx after our own non-2xx final (§16.7 step 10) ends Timer G's resends
    t.state = TxnState::kAccepted;
    t.expires = now + 64 * timers_.t1;
  } else if (t.invite) {
    t.last_response = std::move(bytes);
    t.state = TxnState::kCompleted;
    t.expires = now + 64 * timers_.t1;  // Timer H
    t.retransmit = !reliable;
    t.interval = timers_.t1;
    t.next_retx = now + timers_.t1;     // Timer G
  } else {
    t.last_response = std::move(bytes);
    t.state = TxnState::kCompleted;
    t.expires = now + (reliable ? Millis(0) : 64 * timers_.t1);  // Timer J
  }
  reschedule(s, t, &it->first, kServerTimer);
}

bool TransactionTable::server_defer_trying(std::string_view key, std::string bytes, MonoTime when) {
  auto& s = shard(key);
  std::lock_guard lock(s.mu);
  auto it = s.server.find(key);
  if (it == s.server.end() || it->second.last_status != 0) return false;
  it->second.last_response = std::move(bytes);  // also what a retransmitted INVITE gets meanwhile
  it->second.trying_at = when;
  reschedule(s, it->second, &it->first, kServerTimer);
  return true;
}

bool TransactionTable::server_acked(std::string_view key, MonoTime now) {
  auto& s = shard(key);
  std::lock_guard lock(s.mu);
  auto it = s.server.find(key);
  if (it == s.server.end() || !it->second.invite) return false;
  it->second.retransmit = false;
  // Timer I (T4) absorbs ACK retransmissions; then the transaction goes.
  it->second.expires = std::min(it->second.expires, now + timers_.t4);
  reschedule(s, it->second, &it->first, kServerTimer);
  return true;
}

void TransactionTable::set_client_branch(std::string_view key, std::string_view branch) {
  auto& s = shard(key);
  std::lock_guard lock(s.mu);
  auto it = s.server.find(key);
  if (it != s.server.end()) it->second.client_branch.assign(branch);
}

void TransactionTable::add_client(std::string_view branch, ClientTxn txn, MonoTime now) {
  txn.reliable = txn.to.transport != net::Transport::kUdp;
  txn.state = TxnState::kTrying;
  txn.interval = timers_.t1;
  txn.next_retx = now + timers_.t1;       // Timer A / E
  // Timer B / F; an own request may ask for less (a health-check ping has its own timeout).
  const MonoTime timer_bf = now + 64 * timers_.t1;
  txn.timeout = txn.timeout == MonoTime{} ? timer_bf : std::min(txn.timeout, timer_bf);
  auto& s = shard(branch);
  std::lock_guard lock(s.mu);
  auto it = s.client.find(branch);
  if (it == s.client.end()) {
    it = s.client.emplace(TxnKey(branch), std::move(txn)).first;
  } else {
    it->second = std::move(txn);  // keeps the element's timer link; rescheduled below
  }
  reschedule(s, it->second, &it->first, kClientTimer);
}

std::optional<TransactionTable::ServerInfo> TransactionTable::server_info(std::string_view key, bool want_branch) const {
  auto& s = shard(key);
  std::lock_guard lock(s.mu);
  auto it = s.server.find(key);
  if (it == s.server.end()) return std::nullopt;
  std::optional<ServerInfo> info(std::in_place);
  info->reply_to = it->second.reply_to;
  info->last_status = it->second.last_status;
  if (want_branch) info->client_branch = it->second.client_branch;
  return info;
}

std::optional<ClientTxn> TransactionTable::find_client(std::string_view branch) const {
  auto& s = shard(branch);
  std::lock_guard lock(s.mu);
  auto it = s.client.find(branch);
  if (it == s.client.end()) return std::nullopt;
  return it->second;
}

std::optional<TransactionTable::CancelTarget> TransactionTable::cancel_target(std::string_view branch) {
  auto& s = shard(branch);
  std::lock_guard lock(s.mu);
  auto it = s.client.find(branch);
  if (it == s.client.end()) return std::nullopt;
  if (it->second.state != TxnState::kProceeding) {
    it->second.cancel_requested = true;
    return std::nullopt;
  }
  return CancelTarget{it->second.to, it->second.request};
}

std::optional<ClientResponseInfo> TransactionTable::client_response(std::string_view branch, int status, MonoTime now) {
  auto& s = shard(branch);
  std::lock_guard lock(s.mu);
  auto it = s.client.find(branch);
  if (it == s.client.end()) return std::nullopt;
  auto& t = it->second;
  const bool needs_request =
      t.invite && (status >= 300 || (status < 200 && t.cancel_requested && t.state == TxnState::kTrying));
  std::optional<ClientResponseInfo> before(std::in_place);
  before->invite = t.invite;
  before->own = t.own;
  before->to = t.to;
  if (needs_request) before->request = t.request;
  before->server_key = t.server_key;
  before->state = t.state;
  before->cancel_requested = t.cancel_requested;
  before->credentials = t.credentials;
  if (t.own) before->on_final = t.on_final;
  if (t.state == TxnState::kCompleted || t.state == TxnState::kTerminated) return before;
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
    reschedule(s, t, &it->first, kClientTimer);
    return before;
  }
  t.state = TxnState::kCompleted;
  t.next_retx = MonoTime::max();
  t.timeout = MonoTime::max();
  // Keep the transaction to absorb retransmitted finals (Timer D / K), less on reliable transports;
  // the request bytes are not needed any more (a retransmitted final is re-ACKed from the copy the
  // response path gets only for non-2xx INVITE finals... which is taken above, before this point).
  // A 2xx ends an INVITE client transaction at once (RFC 3261 §17.1.1.2): its retransmissions are
  // relayed end to end by the dialog, so keeping the transaction would only hold memory.
  const bool invite_2xx = t.invite && status < 300;
  t.expires = now + (t.reliable || invite_2xx ? Millis(0) : (t.invite ? Millis(32000) : timers_.t4));
  if (!(t.invite && status >= 300)) {
    t.request.clear();
    t.request.shrink_to_fit();
  }
  reschedule(s, t, &it->first, kClientTimer);
  return before;
}

void TransactionTable::mark_cancel_requested(std::string_view branch) {
  auto& s = shard(branch);
  std::lock_guard lock(s.mu);
  auto it = s.client.find(branch);
  if (it != s.client.end()) it->second.cancel_requested = true;
}

std::vector<TimerAction> TransactionTable::tick(MonoTime now) {
  std::vector<TimerAction> actions;
  for (auto& s : shards_) {
    std::lock_guard lock(s.mu);
    s.wheel.expire(now, [&](TimerLink& link) {
      if (link.kind == kClientTimer) {
        auto& [key, t] = element_of<ClientTxn>(link);
        const bool done = t.state == TxnState::kCompleted || t.state == TxnState::kTerminated;
        if (done) {
          s.client.erase(s.client.find(key));
          return;
        }
        if (now >= t.timeout) {
          if (t.timer_c_fired) {  // the cancelled INVITE never got its final response: give up
            s.client.erase(s.client.find(key));
            return;
          }
          const bool timer_c = t.invite && t.state == TxnState::kProceeding;
          actions.push_back(TimerAction{TimerAction::Kind::kClientTimeout, t.to, t.request, key.str(), t.server_key.str(),
                                        t.invite, timer_c, t.on_final});
          if (timer_c) {
            // RFC 3261 §16.8: Timer C on a ringing branch means CANCEL (the proxy core sends it); the
            // INVITE transaction stays until the final response to it (a 487) arrives and is ACKed,
            // for at most 64*T1 as for any cancelled request (§9.1).
            t.timer_c_fired = true;
            t.timeout = now + 64 * timers_.t1;
            reschedule(s, t, &key, kClientTimer);
            return;
          }
          s.client.erase(s.client.find(key));
          return;
        }
        if (!t.reliable && now >= t.next_retx) {
          actions.push_back(TimerAction{TimerAction::Kind::kSend, t.to, t.request, {}, {}, t.invite, false, {}});
          t.interval = t.invite ? t.interval * 2 : std::min(t.interval * 2, timers_.t2);
          t.next_retx = now + t.interval;
        }
        reschedule(s, t, &key, kClientTimer);
        return;
      }
      auto& [key, t] = element_of<ServerTxn>(link);
      if (t.trying_at != MonoTime{} && now >= t.trying_at) {
        // Nothing came back from the next hop in time: the prepared 100 (Trying) goes now.
        t.trying_at = MonoTime{};
        if (t.last_status == 0 && !t.last_response.empty()) {
          t.last_status = 100;
          t.state = TxnState::kProceeding;
          actions.push_back(TimerAction{TimerAction::Kind::kSend, t.reply_to, t.last_response, {}, {}, true, false, {}});
        }
      }
      const bool finished = t.state == TxnState::kCompleted || t.state == TxnState::kAccepted;
      if (finished && now >= t.expires) {
        if (t.retransmit) {
          // Timer H: no ACK ever came.
          actions.push_back(TimerAction{TimerAction::Kind::kServerTimeout, t.reply_to, {}, {}, key.str(), true, false, {}});
        }
        s.server.erase(s.server.find(key));
        return;
      }
      // A server transaction whose client side vanished is bounded too (Timer C + margin).
      if (!finished && t.expires != MonoTime{} && now >= t.expires) {
        s.server.erase(s.server.find(key));
        return;
      }
      if (t.retransmit && now >= t.next_retx) {
        actions.push_back(TimerAction{TimerAction::Kind::kSend, t.reply_to, t.last_response, {}, {}, true, false, {}});
        t.interval = std::min(t.interval * 2, timers_.t2);
        t.next_retx = now + t.interval;
      }
      reschedule(s, t, &key, kServerTimer);
    });
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
