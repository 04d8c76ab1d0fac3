#include "proxy/dialogs.h"

namespace vg::proxy {

std::string_view dialog_state_name(DialogState s) {
  switch (s) {
    case DialogState::kEarly: return "early";
    case DialogState::kConfirmed: return "confirmed";
    case DialogState::kTerminated: return "terminated";
  }
  return "unknown";
}

namespace {
// Hash of a key from its two parts, the same whether they come as views or as the stored string.
size_t key_hash(std::string_view call_id, std::string_view tag) {
  const size_t a = std::hash<std::string_view>{}(call_id), b = std::hash<std::string_view>{}(tag);
  return a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2));
}
std::pair<std::string_view, std::string_view> split_key(std::string_view stored) {
  const size_t sep = stored.find('\x1f');
  if (sep == std::string_view::npos) return {stored, {}};
  return {stored.substr(0, sep), stored.substr(sep + 1)};
}
}  // namespace

size_t DialogTracker::KeyHash::operator()(const DialogTracker::KeyView& k) const { return key_hash(k.call_id, k.tag); }
size_t DialogTracker::KeyHash::operator()(std::string_view stored) const {
  auto [c, t] = split_key(stored);
  return key_hash(c, t);
}
bool DialogTracker::KeyEq::operator()(std::string_view stored, const DialogTracker::KeyView& k) const {
  return stored.size() == k.call_id.size() + 1 + k.tag.size() && stored.substr(0, k.call_id.size()) == k.call_id &&
         stored[k.call_id.size()] == '\x1f' && stored.substr(k.call_id.size() + 1) == k.tag;
}

void DialogTracker::schedule(Shard& s, Map::value_type& e) {
  e.second.timer.owner = &e;
  s.wheel.schedule(e.second.timer, e.second.deadline);
}

bool DialogTracker::start(Dialog d, Clock::MonoTime now) {
  d.deadline = now + timeouts_.early;
  auto& s = shard(d.call_id);
  std::lock_guard lock(s.mu);
  thread_local std::string key;  // call_id + '\x1f' + from_tag, stored inline in the map's key
  key.assign(d.call_id.view());
  key.push_back('\x1f');
  key.append(d.from_tag.view());
  auto [it, inserted] = s.dialogs.try_emplace(Key(key), std::move(d));
  if (!inserted && it->second.state == DialogState::kTerminated) {
    // A new INVITE reusing the Call-ID and tag of an ended dialog (a retry after a 401/407 or a
    // 3xx): start over. try_emplace left d untouched.
    it->second = std::move(d);
    inserted = true;
  }
  if (inserted) schedule(s, *it);
  return inserted;
}

Dialog* DialogTracker::locate(Shard& s, std::string_view call_id, std::string_view tag_a, std::string_view tag_b) {
  // In-dialog requests from the callee carry the tags swapped.
  auto it = s.dialogs.find(KeyView{call_id, tag_a});
  if (it != s.dialogs.end()) return &it->second;
  it = s.dialogs.find(KeyView{call_id, tag_b});
  if (it != s.dialogs.end()) return &it->second;
  return nullptr;
}

void DialogTracker::end(Dialog& d, std::string_view reason, int64_t now_ms) {
  if (d.state == DialogState::kTerminated) return;
  d.state = DialogState::kTerminated;
  d.end_ms = now_ms;
  d.end_reason = std::string(reason);
  // Terminated dialogs linger for a few seconds (absorbing BYE retransmissions), then expire() drops them.
  d.deadline = Clock::MonoTime{};
  // The caller holds this shard's lock; the link's owner was set when the dialog was scheduled.
  shard(d.call_id).wheel.schedule(d.timer, d.deadline);
  if (before_end_) before_end_(d);
  if (on_end_) on_end_(d);
  if (observer_) observer_->on_dialog_ended(d);
}

void DialogTracker::on_invite_response(std::string_view call_id, std::string_view from_tag, int status,
                                       std::string_view to, std::string_view to_tag, std::string_view callee_contact,
                                       const net::Outbound* callee_out, int64_t now_ms, Clock::MonoTime mono) {
  auto& s = shard(call_id);
  std::lock_guard lock(s.mu);
  auto it = s.dialogs.find(KeyView{call_id, from_tag});
  if (it == s.dialogs.end()) return;
  Dialog& d = it->second;
  if (d.state == DialogState::kTerminated) return;
  if (!to_tag.empty() && status < 300) {
    d.to_tag = to_tag;
    d.to = to;
    if (!callee_contact.empty()) d.callee.target = callee_contact;
    if (callee_out) d.callee.out = *callee_out;
  }
  if (status >= 200 && status < 300 && d.state == DialogState::kEarly) {
    d.state = DialogState::kConfirmed;
    d.answer_ms = now_ms;
    d.deadline = mono + timeouts_.max_duration;
    schedule(s, *it);
    if (observer_) observer_->on_dialog_answered(d);
  } else if (status >= 300 && d.state == DialogState::kEarly) {
    // Only the initial INVITE's failure ends the dialog: a rejected re-INVITE leaves the session as
    // it was (RFC 3261 §14.1), and the call must stay tracked.
    end(d, "rejected " + std::to_string(status), now_ms);
  }
}

void DialogTracker::on_request(std::string_view call_id, std::string_view tag_a, std::string_view tag_b,
                               std::string_view method, uint32_t cseq, int64_t now_ms) {
  auto& s = shard(call_id);
  std::lock_guard lock(s.mu);
  Dialog* d = locate(s, call_id, tag_a, tag_b);
  if (!d) return;
  const bool from_caller = tag_a == d->from_tag;
  auto& party = from_caller ? d->caller : d->callee;
  if (cseq > party.cseq) party.cseq = cseq;
  if (method == "BYE") end(*d, from_caller ? "caller hung up" : "callee hung up", now_ms);
}

void DialogTracker::on_cancel(std::string_view call_id, std::string_view from_tag, int64_t now_ms) {
  auto& s = shard(call_id);
  std::lock_guard lock(s.mu);
  auto it = s.dialogs.find(KeyView{call_id, from_tag});
  if (it != s.dialogs.end() && it->second.state == DialogState::kEarly) end(it->second, "cancelled", now_ms);
}

std::optional<Dialog> DialogTracker::find(std::string_view call_id, std::string_view from_tag) const {
  auto& s = shard(call_id);
  std::lock_guard lock(s.mu);
  auto it = s.dialogs.find(KeyView{call_id, from_tag});
  if (it == s.dialogs.end()) return std::nullopt;
  return it->second;
}

std::optional<Dialog> DialogTracker::terminate(std::string_view call_id, std::string_view from_tag,
                                               std::string_view reason, int64_t now_ms) {
  auto& s = shard(call_id);
  std::lock_guard lock(s.mu);
  auto it = s.dialogs.find(KeyView{call_id, from_tag});
  if (it == s.dialogs.end() || it->second.state == DialogState::kTerminated) return std::nullopt;
  Dialog before = it->second;
  end(it->second, reason, now_ms);
  return before;
}

bool DialogTracker::known(std::string_view call_id, std::string_view tag_a, std::string_view tag_b,
                          bool confirmed_only) const {
  auto& s = shard(call_id);
  std::lock_guard lock(s.mu);
  const Dialog* d = nullptr;
  if (auto it = s.dialogs.find(KeyView{call_id, tag_a}); it != s.dialogs.end() && it->second.to_tag == tag_b) {
    d = &it->second;
  } else if (auto it2 = s.dialogs.find(KeyView{call_id, tag_b}); it2 != s.dialogs.end() && it2->second.to_tag == tag_a) {
    d = &it2->second;
  }
  if (!d) return false;
  return confirmed_only ? d->state == DialogState::kConfirmed : true;
}

std::vector<Dialog> DialogTracker::expire(Clock::MonoTime now, int64_t now_ms) {
  // An ended dialog is kept briefly for stragglers (a late in-dialog request or 2xx retransmission);
  // retransmissions of the BYE and of its 200 are the transactions' business (Timers J and K), so
  // this need not be 64*T1. Five seconds, like Timer K (T4); a dialog is the largest piece of state
  // a call leaves behind, and at a thousand calls a second every second of linger holds ~1.4 MB.
  constexpr auto kLinger = DialogTracker::kEndedLinger;
  std::vector<Dialog> timed_out;
  for (auto& s : shards_) {
    std::lock_guard lock(s.mu);
    s.wheel.expire(now, [&](TimerLink& link) {
      auto& e = *static_cast<Map::value_type*>(link.owner);
      Dialog& d = e.second;
      if (d.state == DialogState::kTerminated) {
        // Kept a while after ending (absorbing retransmitted BYEs); then gone (bounded state).
        if (d.deadline == Clock::MonoTime{}) {
          d.deadline = now + kLinger;
          schedule(s, e);
        } else {
          s.dialogs.erase(s.dialogs.find(e.first));
        }
        return;
      }
      timed_out.push_back(d);
      end(d, d.state == DialogState::kEarly ? "no answer (timeout)" : "maximum duration reached", now_ms);
      d.deadline = now + kLinger;
      schedule(s, e);
    });
  }
  return timed_out;
}

size_t DialogTracker::active_calls_for_account(std::string_view account) const {
  size_t n = 0;
  for (auto& s : shards_) {
    std::lock_guard lock(s.mu);
    for (const auto& [k, d] : s.dialogs) {
      if (d.state != DialogState::kTerminated && (d.caller_account == account || d.callee_account == account)) ++n;
    }
  }
  return n;
}

size_t DialogTracker::active_calls_for_tenant(std::string_view tenant) const {
  size_t n = 0;
  for (auto& s : shards_) {
    std::lock_guard lock(s.mu);
    for (const auto& [k, d] : s.dialogs) {
      if (d.state != DialogState::kTerminated && d.tenant == tenant) ++n;
    }
  }
  return n;
}

size_t DialogTracker::active_count() const {
  size_t n = 0;
  for (auto& s : shards_) {
    std::lock_guard lock(s.mu);
    for (const auto& [k, d] : s.dialogs) n += d.state != DialogState::kTerminated ? 1 : 0;
  }
  return n;
}

std::vector<Dialog> DialogTracker::snapshot() const {
  std::vector<Dialog> out;
  for (auto& s : shards_) {
    std::lock_guard lock(s.mu);
    for (const auto& [k, d] : s.dialogs) out.push_back(d);
  }
  return out;
}

}  // namespace vg::proxy
