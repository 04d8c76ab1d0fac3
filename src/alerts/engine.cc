#include "alerts/engine.h"

#include <algorithm>
#include <charconv>

namespace vg::alerts {

namespace {

bool kind_matches(std::string_view pattern, std::string_view kind) {
  if (!pattern.empty() && pattern.back() == '*') return kind.starts_with(pattern.substr(0, pattern.size() - 1));
  return pattern == kind;
}

// Named attributes of an event; other names are looked up among its fields.
std::string attribute(const events::Event& e, const std::string& name) {
  if (name == "source_ip") return e.source ? e.source->address.to_string() : std::string();
  if (name == "source") return events::source_text(e);
  if (name == "kind") return e.kind;
  if (name == "transport") return e.transport;
  if (name == "tenant") return e.tenant;
  if (name == "account") return e.account;
  if (name == "filter") return e.filter;
  if (name == "rule") return e.rule;
  if (name == "action") return e.action;
  return std::string(e.field(name));
}

std::optional<double> number(std::string_view s) {
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

}  // namespace

bool may_match(const config::AlertRule& r, const events::EventRef& e) {
  if (e.severity < r.min_severity) return false;
  return r.kinds.empty() ||
         std::any_of(r.kinds.begin(), r.kinds.end(), [&](const std::string& k) { return kind_matches(k, e.kind); });
}

bool matches(const config::AlertRule& r, const events::Event& e) {
  if (!may_match(r, e)) return false;
  for (const auto& [name, value] : r.where) {
    if (attribute(e, name) != value) return false;
  }
  for (const auto& [name, limit] : r.above) {
    auto v = number(attribute(e, name));
    if (!v || !(*v > limit)) return false;
  }
  return true;
}

std::string key_of(const config::AlertRule& r, const events::Event& e) {
  if (r.per.empty()) {
    if (e.source) return e.source->address.to_string();
    if (!e.account.empty()) return e.tenant.empty() ? e.account : e.account + "@" + e.tenant;
    return e.tenant;
  }
  if (r.per == "source") return e.source ? e.source->address.to_string() : std::string();
  return attribute(e, r.per);
}

AlertEngine::AlertEngine(std::vector<config::AlertRule> rules, const Clock& clock)
    : rules_(std::move(rules)), state_(rules_.size()), clock_(clock) {}

void AlertEngine::prune(const config::AlertRule& r, RuleState& st, Clock::MonoTime now) {
  // Forget keys that can neither complete a threshold nor be de-duplicated any more.
  const auto keep = std::max<Clock::Duration>(r.window, r.dedupe);
  for (auto it = st.keys.begin(); it != st.keys.end();) {
    it = now - it->second.last_seen > keep ? st.keys.erase(it) : std::next(it);
  }
  if (st.keys.size() < kMaxKeysPerRule) return;
  // Still full: drop the least recently seen half (a flood of distinct keys must not grow memory).
  std::vector<std::pair<Clock::MonoTime, std::string>> order;
  order.reserve(st.keys.size());
  for (const auto& [k, s] : st.keys) order.emplace_back(s.last_seen, k);
  std::sort(order.begin(), order.end());
  for (std::size_t i = 0; i < order.size() / 2; ++i) st.keys.erase(order[i].second);
}

std::vector<Alert> AlertEngine::evaluate(const events::Event& e) {
  std::vector<Alert> out;
  const auto now = clock_.mono();
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    const auto& r = rules_[i];
    if (!matches(r, e)) continue;
    auto& st = state_[i];
    const std::string key = key_of(r, e);
    if (st.keys.size() >= kMaxKeysPerRule && !st.keys.count(key)) prune(r, st, now);
    auto& ks = st.keys[key];
    ks.last_seen = now;
    if (r.count > 1) {
      ks.hits.push_back(now);
      while (!ks.hits.empty() && now - ks.hits.front() > r.window) ks.hits.pop_front();
      if (ks.hits.size() < r.count) continue;
      ks.hits.clear();  // the next alert needs a fresh run of `count` events
    }
    if (ks.alerted && now - ks.last_alert < r.dedupe) {
      ++ks.suppressed;
      ++suppressed_dedupe_;
      continue;
    }
    while (!st.fired.empty() && now - st.fired.front() >= std::chrono::minutes(1)) st.fired.pop_front();
    if (st.fired.size() >= r.max_per_minute) {
      ++suppressed_rate_;
      continue;
    }
    st.fired.push_back(now);
    ks.alerted = true;
    ks.last_alert = now;
    Alert a;
    a.rule = r.name;
    a.key = key;
    a.severity = r.severity.value_or(e.severity);
    a.time_ms = e.time_ms;
    a.count = r.count;
    a.window_ms = r.count > 1 ? r.window.count() : 0;
    a.suppressed = ks.suppressed;
    ks.suppressed = 0;
    a.event = e;
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace vg::alerts
