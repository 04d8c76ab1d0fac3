#include "fraud/engine.h"

#include <algorithm>
#include <map>

namespace vg::fraud {

namespace {

constexpr int64_t kMinuteMs = 60'000, kHourMs = 3'600'000, kDayMs = 86'400'000;
constexpr std::string_view kStopping = "gateway stopped";  // on_end's `how` from end_all()

std::string join_key(std::string_view a, std::string_view b) {
  std::string k;
  k.reserve(a.size() + b.size() + 1);
  k.append(a);
  k.push_back('\x1f');
  k.append(b);
  return k;
}

int64_t now_ms_of(const Clock& c) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(c.wall().time_since_epoch()).count();
}

// Classes that never need allowing: what the number is besides its destination type.
constexpr ClassSet kRiskyClasses = ~(bit(DestClass::kNational) | bit(DestClass::kMobile) | bit(DestClass::kTollFree) |
                                     bit(DestClass::kShortCode) | bit(DestClass::kEmergency));

std::string period_text(int64_t ms) { return ms == kMinuteMs ? "1 min" : ms == kHourMs ? "1 h" : "24 h"; }

}  // namespace

std::string_view to_string(Action a) {
  switch (a) {
    case Action::kAllow: return "allow";
    case Action::kWarn: return "warn";
    case Action::kBlock: return "block";
    case Action::kSuspend: return "suspend";
  }
  return "allow";
}

std::string Decision::rules_text() const {
  std::string out;
  for (const auto& h : hits) {
    if (!out.empty()) out += "; ";
    out += std::string(to_string(h.rule)) + "(" + std::to_string(h.weight) + "): " + h.evidence;
  }
  return out;
}

Engine::Engine(EngineConfigPtr config, const Clock& clock, events::EventSink& events)
    : config_(std::move(config)),
      clock_(clock),
      events_(events),
      numbers_(config_->max_tracked_numbers,
               std::chrono::duration_cast<std::chrono::milliseconds>(config_->same_number_window).count()) {}

Engine::AccountShard& Engine::account_shard(std::string_view key) const {
  return accounts_[std::hash<std::string_view>{}(key) % kShards];
}

Engine::CallShard& Engine::call_shard(std::string_view key) const {
  return calls_[std::hash<std::string_view>{}(key) % kShards];
}

void Engine::roll_periods(AccountState& a, const LocalTime& t) const {
  if (a.day != t.day_number) {
    a.day = t.day_number;
    a.spend_day = 0;
  }
  if (a.month != t.month_number) {
    a.month = t.month_number;
    a.spend_month = 0;
  }
}

void Engine::evaluate(const CallRequest& r, const TenantRules& t, const Policy& p, AccountState& a, int64_t now_ms,
                      Decision& d) {
  const LocalTime lt = p.schedule.zone->local(now_ms / 1000);
  roll_periods(a, lt);
  d.out_of_hours = !p.schedule.in_hours(lt);
  const Limits& l = d.out_of_hours ? p.out_of_hours : p.in_hours;
  const std::string_view period = d.out_of_hours ? " outside business hours" : "";
  auto hit = [&](Rule rule, std::string evidence) {
    const uint32_t w = p.scoring.weights[static_cast<std::size_t>(rule)];
    d.hits.push_back(RuleHit{rule, w, std::move(evidence)});
    d.score += w;
  };
  const ClassSet cls = d.classification.classes;
  if (const ClassSet denied = cls & ~l.allowed_classes; denied) {
    hit(Rule::kClassNotAllowed, classes_text(denied) + " not allowed" + std::string(period));
  }
  const std::string_view country = d.classification.country;
  if (!country.empty()) {
    auto listed = [&](const std::vector<std::string>& v) { return std::find(v.begin(), v.end(), country) != v.end(); };
    if (listed(l.blocked_countries) || (!l.allowed_countries.empty() && !listed(l.allowed_countries))) {
      hit(Rule::kCountryNotAllowed, "country " + std::string(country) + " not allowed" + std::string(period));
    }
  }
  if (l.max_concurrent && a.active >= l.max_concurrent) {
    hit(Rule::kConcurrentCalls, std::to_string(a.active) + " calls active (limit " + std::to_string(l.max_concurrent) + ")");
  }
  auto velocity = [&](Rule rule, WindowLog& log, uint32_t limit, int64_t window, std::string_view what) {
    if (!limit) return;
    const uint32_t n = log.count(now_ms, window);
    if (n >= limit) {
      hit(rule, std::to_string(n) + " " + std::string(what) + " in " + period_text(window) + " (limit " +
                    std::to_string(limit) + std::string(period) + ")");
    }
  };
  velocity(Rule::kCallsPerMinute, a.per_minute, l.calls_per_minute, kMinuteMs, "calls");
  if (cls & bit(DestClass::kInternational)) {
    velocity(Rule::kInternationalPerHour, a.intl_hour, l.international_per_hour, kHourMs, "international calls");
    velocity(Rule::kInternationalPerDay, a.intl_day, l.international_per_day, kDayMs, "international calls");
  }
  if (l.same_number_max) {
    const std::string key = join_key(join_key(r.tenant, r.account), d.number.e164.empty() ? r.dialled : d.number.e164);
    const uint32_t n = numbers_.count(key, now_ms);
    if (n >= l.same_number_max) {
      hit(Rule::kSameNumber, std::to_string(n) + " calls to the same number (limit " + std::to_string(l.same_number_max) + ")");
    }
  }
  if (t.rates) {
    if (l.spend_per_day && a.spend_day >= l.spend_per_day) {
      hit(Rule::kSpendPerDay, "spent " + money_text(a.spend_day) + " today (limit " + money_text(l.spend_per_day) + ")");
    }
    if (l.spend_per_month && a.spend_month >= l.spend_per_month) {
      hit(Rule::kSpendPerMonth,
          "spent " + money_text(a.spend_month) + " this month (limit " + money_text(l.spend_per_month) + ")");
    }
  }
  if ((cls & bit(DestClass::kHighRisk)) && (l.allowed_classes & bit(DestClass::kHighRisk))) {
    hit(Rule::kHighRisk, "high-risk destination " + std::string(country));
  }
  if (d.number.tricks & ~uint32_t{kTrickServiceCode}) {
    hit(Rule::kDisguisedNumber, "dialled '" + std::string(r.dialled.substr(0, 64)) + "' disguises " + d.number.e164);
  }
}

void Engine::count_classes(ClassSet classes) {
  if (classes == 0) stats_.unclassified.fetch_add(1, std::memory_order_relaxed);
  for (std::size_t i = 0; i < kClassCount; ++i) {
    if (classes & bit(static_cast<DestClass>(i))) stats_.by_class[i].fetch_add(1, std::memory_order_relaxed);
  }
}

Decision Engine::on_invite(const CallRequest& r) {
  Decision d;
  const EngineConfigPtr cfg = config();
  auto tit = cfg->tenants.find(std::string(r.tenant));
  if (tit == cfg->tenants.end()) {
    count_classes(cfg->data->classify_without_plan(r.dialled).classes);
    return d;
  }
  const TenantRules& t = tit->second;
  const Policy& p = t.policy_for(r.account);
  d.checked = true;
  ++stats_.evaluated;
  d.number = normalize(r.dialled, t.plan);
  d.classification = cfg->data->classify(d.number, t.plan);
  count_classes(d.classification.classes);
  const int64_t now_ms = now_ms_of(clock_);
  const bool emergency = d.number.kind == NumberKind::kEmergency;

  const std::string akey = join_key(r.tenant, r.account);
  bool newly_suspended = false;
  const Limits* limits = &p.in_hours;
  if (emergency) {
    // Emergency calls are never blocked, counted or torn down, even for a suspended account.
    ++stats_.emergency;
  } else if (p.enabled) {
    AccountShard& s = account_shard(akey);
    std::lock_guard lock(s.mu);
    AccountState& a = s.accounts[akey];
    a.last_ms = now_ms;
    if (a.suspended) {
      const uint32_t w = p.scoring.weights[static_cast<std::size_t>(Rule::kSuspended)];
      d.hits.push_back(RuleHit{Rule::kSuspended, w, "account suspended"});
      d.score += w;
      d.action = Action::kBlock;
    } else {
      evaluate(r, t, p, a, now_ms, d);
      limits = d.out_of_hours ? &p.out_of_hours : &p.in_hours;
      if (d.score >= p.scoring.block) {
        d.action = Action::kBlock;
      } else if (d.score >= p.scoring.warn && d.score > 0) {
        d.action = Action::kWarn;
      }
      // The account's score over the window: many small hits, or repeated blocks, suspend it.
      const int64_t window_ms = std::chrono::duration_cast<std::chrono::milliseconds>(p.scoring.window).count();
      while (!a.scores.empty() && a.scores.front().first <= now_ms - window_ms) a.scores.pop_front();
      if (d.score > 0) a.scores.emplace_back(now_ms, d.score);
      uint64_t total = 0;
      for (const auto& [when, sc] : a.scores) total += sc;
      if (p.scoring.suspend && total >= p.scoring.suspend) {
        a.suspended = true;
        a.scores.clear();
        d.action = Action::kSuspend;
        newly_suspended = true;
      }
    }
    if (d.allowed()) {
      ++a.active;
      const auto keep = [](uint32_t x, uint32_t y) { return std::max(x, y); };
      a.per_minute.add(now_ms, keep(p.in_hours.calls_per_minute, p.out_of_hours.calls_per_minute));
      if (d.classification.classes & bit(DestClass::kInternational)) {
        a.intl_hour.add(now_ms, keep(p.in_hours.international_per_hour, p.out_of_hours.international_per_hour));
        a.intl_day.add(now_ms, keep(p.in_hours.international_per_day, p.out_of_hours.international_per_day));
      }
      if (p.in_hours.same_number_max || p.out_of_hours.same_number_max) {
        numbers_.add(join_key(akey, d.number.e164.empty() ? r.dialled : d.number.e164), now_ms);
      }
    }
  }

  switch (d.action) {
    case Action::kAllow: break;
    case Action::kWarn:
      ++stats_.warned;
      emit(r, d, "fraud.warn", events::Severity::kWarning, "alert");
      break;
    case Action::kBlock:
      ++stats_.blocked;
      emit(r, d, "fraud.block", events::Severity::kWarning, "reply:403");
      break;
    case Action::kSuspend:
      ++stats_.blocked;
      ++stats_.suspensions;
      emit(r, d, "fraud.suspend", events::Severity::kCritical, "suspend");
      break;
  }
  if (newly_suspended) {
    if (store_) store_->suspended(r.tenant, r.account, d.rules_text(), now_ms);
    // Active calls of a suspended account to risky destinations are ended by the next due().
    for (auto& cs : calls_) {
      std::lock_guard lock(cs.mu);
      for (auto& [k, c] : cs.calls) {
        if (c.tenant != r.tenant || c.account != r.account || !c.risky || c.ending || c.emergency) continue;
        c.ending = true;
        std::lock_guard plock(pending_mu_);
        pending_.push_back(Teardown{c.cdr.call_id, k.substr(k.find('\x1f') + 1), "account suspended"});
      }
    }
  }

  Cdr cdr = cdr_for(r, d, now_ms);
  if (!d.allowed()) {
    cdr.disposition = "blocked";
    cdr.sip_status = 403;
    cdr.end_ms = now_ms;
    write_cdr(std::move(cdr));
    return d;
  }
  ActiveCall c;
  c.tenant = std::string(r.tenant);
  c.account = std::string(r.account);
  c.cdr = std::move(cdr);
  c.emergency = emergency;
  c.risky = (d.classification.classes & kRiskyClasses) != 0;
  c.max_duration = emergency ? std::chrono::seconds{0} : limits->max_duration;
  if (t.rates && !d.number.e164.empty() && !emergency) {
    if (const Rate* rate = t.rates->find(d.number.e164)) {
      c.rate = *rate;
      c.rated = true;
    }
  }
  if (!emergency && !p.enabled) {
    // Not limited, but still counted so that a policy enabled by reload sees the active calls.
    AccountShard& s = account_shard(akey);
    std::lock_guard lock(s.mu);
    ++s.accounts[akey].active;
  }
  const std::string ckey = join_key(r.call_id, r.from_tag);
  CallShard& cs = call_shard(ckey);
  std::lock_guard lock(cs.mu);
  auto [it, inserted] = cs.calls.try_emplace(ckey, std::move(c));
  if (!inserted && !emergency) {
    // The same Call-ID and tag again (a retry after a failure we did not see end): release the count.
    AccountShard& s = account_shard(akey);
    std::lock_guard alock(s.mu);
    if (auto a = s.accounts.find(akey); a != s.accounts.end() && a->second.active) --a->second.active;
  }
  return d;
}

Cdr Engine::cdr_for(const CallRequest& r, const Decision& d, int64_t now_ms) const {
  Cdr c;
  c.call_id = std::string(r.call_id);
  c.tenant = std::string(r.tenant);
  c.account = std::string(r.account);
  c.caller = std::string(r.caller);
  c.callee_raw = std::string(r.dialled);
  c.callee_e164 = d.number.e164;
  c.classes = classes_text(d.classification.classes);
  c.country = std::string(d.classification.country);
  c.source = r.source;
  c.user_agent = std::string(r.user_agent.substr(0, 200));
  c.start_ms = now_ms;
  c.rules = d.rules_text();
  for (const auto& h : d.hits) c.rule_list.emplace_back(std::string(to_string(h.rule)), h.evidence);
  c.action = std::string(to_string(d.action));
  c.score = d.score;
  return c;
}

void Engine::on_answer(std::string_view call_id, std::string_view from_tag) {
  const std::string ckey = join_key(call_id, from_tag);
  CallShard& cs = call_shard(ckey);
  std::lock_guard lock(cs.mu);
  auto it = cs.calls.find(ckey);
  if (it == cs.calls.end() || it->second.answer_ms) return;
  it->second.answer_ms = now_ms_of(clock_);
  it->second.cdr.answer_ms = it->second.answer_ms;
}

void Engine::on_end(std::string_view call_id, std::string_view from_tag, std::string_view how) {
  const std::string ckey = join_key(call_id, from_tag);
  ActiveCall c;
  {
    CallShard& cs = call_shard(ckey);
    std::lock_guard lock(cs.mu);
    auto it = cs.calls.find(ckey);
    if (it == cs.calls.end()) return;
    c = std::move(it->second);
    cs.calls.erase(it);
  }
  const int64_t now_ms = now_ms_of(clock_);
  Cdr& cdr = c.cdr;
  cdr.end_ms = now_ms;
  cdr.duration_s = (now_ms - cdr.start_ms) / 1000;
  if (c.answer_ms) {
    cdr.billable_s = (now_ms - c.answer_ms + 999) / 1000;
    if (c.rated) cdr.cost_micros = c.rate.cost(cdr.billable_s);
  }
  if (how == kStopping) {
    cdr.disposition = "interrupted";
  } else if (c.ending) {
    cdr.disposition = "torn_down";
    cdr.hangup = "gateway";
  } else if (how == "caller hung up" || how == "callee hung up") {
    cdr.disposition = "answered";
    cdr.hangup = how == "caller hung up" ? "caller" : "callee";
  } else if (how.substr(0, 9) == "rejected ") {
    // "rejected 486": the dialog tracker's words for a failure response to the INVITE.
    int64_t status = 0;
    for (char ch : how.substr(9)) {
      if (ch < '0' || ch > '9') break;
      status = status * 10 + (ch - '0');
    }
    cdr.sip_status = status;
    cdr.disposition = status == 486 || status == 600 ? "busy" : status == 408 ? "no_answer" : "failed";
  } else if (how == "cancelled") {
    cdr.disposition = "cancelled";
    cdr.hangup = "caller";
  } else if (how == "no answer (timeout)") {
    cdr.disposition = "no_answer";
  } else {
    // Ended by the gateway in another way (its own maximum duration, an administrator's teardown).
    cdr.disposition = c.answer_ms ? "torn_down" : "cancelled";
    cdr.hangup = "gateway";
  }
  if (!c.emergency) {
    const std::string akey = join_key(c.tenant, c.account);
    AccountShard& s = account_shard(akey);
    std::lock_guard lock(s.mu);
    if (auto a = s.accounts.find(akey); a != s.accounts.end()) {
      AccountState& st = a->second;
      if (st.active) --st.active;
      st.last_ms = now_ms;
      st.spend_day += cdr.cost_micros;
      st.spend_month += cdr.cost_micros;
    }
  }
  write_cdr(std::move(cdr));
}

void Engine::end_all() {
  std::vector<std::pair<std::string, std::string>> calls;  // (Call-ID, From tag)
  for (auto& cs : calls_) {
    std::lock_guard lock(cs.mu);
    for (const auto& [k, c] : cs.calls) calls.emplace_back(c.cdr.call_id, k.substr(c.cdr.call_id.size() + 1));
  }
  for (const auto& [call_id, from_tag] : calls) on_end(call_id, from_tag, kStopping);
}

std::vector<Teardown> Engine::due() {
  std::vector<Teardown> out;
  {
    std::lock_guard lock(pending_mu_);
    out.swap(pending_);
  }
  const int64_t now_ms = now_ms_of(clock_);
  const EngineConfigPtr cfg = config();
  struct Live {
    std::string ckey;
    int64_t answer_ms;
    Micros cost;
  };
  std::map<std::string, std::vector<Live>> live;  // account key -> answered, rated calls
  for (auto& cs : calls_) {
    std::lock_guard lock(cs.mu);
    for (auto& [k, c] : cs.calls) {
      if (c.emergency || c.ending || !c.answer_ms) continue;
      const int64_t elapsed_ms = now_ms - c.answer_ms;
      if (c.max_duration.count() > 0 && elapsed_ms >= c.max_duration.count() * 1000) {
        c.ending = true;
        out.push_back(Teardown{c.cdr.call_id, k.substr(k.find('\x1f') + 1), "maximum call duration"});
        continue;
      }
      if (c.rated) {
        live[join_key(c.tenant, c.account)].push_back(Live{k, c.answer_ms, c.rate.cost((elapsed_ms + 999) / 1000)});
      }
    }
  }
  // Spend limits, live: committed spend plus what the running calls cost so far.
  for (auto& [akey, calls] : live) {
    const auto sep = akey.find('\x1f');
    auto tit = cfg->tenants.find(akey.substr(0, sep));
    if (tit == cfg->tenants.end()) continue;
    const Policy& p = tit->second.policy_for(std::string_view(akey).substr(sep + 1));
    if (!p.enabled) continue;
    const LocalTime lt = p.schedule.zone->local(now_ms / 1000);
    const Limits& l = p.schedule.in_hours(lt) ? p.in_hours : p.out_of_hours;
    if (!l.spend_per_day && !l.spend_per_month) continue;
    Micros day = 0, month = 0;
    {
      AccountShard& s = account_shard(akey);
      std::lock_guard lock(s.mu);
      auto a = s.accounts.find(akey);
      if (a == s.accounts.end()) continue;
      roll_periods(a->second, lt);
      day = a->second.spend_day;
      month = a->second.spend_month;
    }
    Micros running = 0;
    for (const auto& c : calls) running += c.cost;
    auto over = [&](Micros extra) {
      return (l.spend_per_day && day + extra > l.spend_per_day) || (l.spend_per_month && month + extra > l.spend_per_month);
    };
    // The newest calls go first until what remains fits.
    std::sort(calls.begin(), calls.end(), [](const Live& a, const Live& b) { return a.answer_ms > b.answer_ms; });
    for (const auto& c : calls) {
      if (!over(running)) break;
      running -= c.cost;
      CallShard& cs = call_shard(c.ckey);
      std::lock_guard lock(cs.mu);
      auto it = cs.calls.find(c.ckey);
      if (it == cs.calls.end() || it->second.ending) continue;
      it->second.ending = true;
      out.push_back(Teardown{it->second.cdr.call_id, c.ckey.substr(c.ckey.find('\x1f') + 1), "spend limit reached"});
      events::Event e;
      e.time_ms = now_ms;
      e.kind = "fraud.teardown";
      e.severity = events::Severity::kWarning;
      e.tenant = it->second.tenant;
      e.account = it->second.account;
      e.filter = "fraud";
      e.rule = l.spend_per_day && day + running + c.cost > l.spend_per_day ? "spend_per_day" : "spend_per_month";
      e.action = "teardown";
      e.evidence = "call to " + it->second.cdr.callee_e164 + " ended: spend " + money_text(day + running + c.cost) +
                   " today would exceed the limit";
      events_.emit(std::move(e));
    }
  }
  stats_.torn_down += out.size();
  return out;
}

void Engine::expire() {
  const int64_t now_ms = now_ms_of(clock_);
  for (auto& s : accounts_) {
    std::lock_guard lock(s.mu);
    std::erase_if(s.accounts, [&](const auto& kv) {
      const AccountState& a = kv.second;
      if (a.active || a.suspended) return false;
      const int64_t idle = now_ms - a.last_ms;
      // A month's spend must survive the month; counters and scores last at most a day.
      return idle > 32 * kDayMs || (idle > kDayMs && a.spend_month == 0);
    });
  }
}

void Engine::restore_spend(std::string_view tenant, std::string_view account, int64_t end_ms, Micros cost) {
  if (cost <= 0) return;
  const EngineConfigPtr cfg = config();
  auto tit = cfg->tenants.find(std::string(tenant));
  if (tit == cfg->tenants.end()) return;
  const TimeZone& zone = *tit->second.policy_for(account).schedule.zone;
  const int64_t now_ms = now_ms_of(clock_);
  const LocalTime now = zone.local(now_ms / 1000);
  const LocalTime then = zone.local(end_ms / 1000);
  if (then.month_number != now.month_number) return;
  const std::string akey = join_key(tenant, account);
  AccountShard& s = account_shard(akey);
  std::lock_guard lock(s.mu);
  AccountState& a = s.accounts[akey];
  roll_periods(a, now);
  a.last_ms = std::max(a.last_ms, end_ms);
  a.spend_month += cost;
  if (then.day_number == now.day_number) a.spend_day += cost;
}

bool Engine::suspended(std::string_view tenant, std::string_view account) const {
  const std::string akey = join_key(tenant, account);
  AccountShard& s = account_shard(akey);
  std::lock_guard lock(s.mu);
  auto it = s.accounts.find(akey);
  return it != s.accounts.end() && it->second.suspended;
}

void Engine::suspend(std::string_view tenant, std::string_view account, std::string_view /*reason*/) {
  const std::string akey = join_key(tenant, account);
  AccountShard& s = account_shard(akey);
  std::lock_guard lock(s.mu);
  AccountState& a = s.accounts[akey];
  a.suspended = true;
  a.last_ms = now_ms_of(clock_);
}

void Engine::enable(std::string_view tenant, std::string_view account) {
  const std::string akey = join_key(tenant, account);
  bool was_suspended = false;
  {
    AccountShard& s = account_shard(akey);
    std::lock_guard lock(s.mu);
    auto it = s.accounts.find(akey);
    if (it == s.accounts.end()) return;
    was_suspended = it->second.suspended;
    it->second.suspended = false;
    it->second.scores.clear();
  }
  if (store_) store_->enabled(tenant, account);
  if (!was_suspended) return;
  events::Event e;
  e.time_ms = now_ms_of(clock_);
  e.kind = "fraud.enable";
  e.severity = events::Severity::kNotice;
  e.tenant = std::string(tenant);
  e.account = std::string(account);
  e.filter = "fraud";
  e.rule = "suspended";
  e.action = "enable";
  e.evidence = "suspension lifted by an administrator";
  events_.emit(std::move(e));
}

uint32_t Engine::active_calls(std::string_view tenant, std::string_view account) const {
  const std::string akey = join_key(tenant, account);
  AccountShard& s = account_shard(akey);
  std::lock_guard lock(s.mu);
  auto it = s.accounts.find(akey);
  return it == s.accounts.end() ? 0 : it->second.active;
}

Micros Engine::spent_today(std::string_view tenant, std::string_view account) const {
  const std::string akey = join_key(tenant, account);
  AccountShard& s = account_shard(akey);
  std::lock_guard lock(s.mu);
  auto it = s.accounts.find(akey);
  return it == s.accounts.end() ? 0 : it->second.spend_day;
}

std::size_t Engine::tracked_calls() const {
  std::size_t n = 0;
  for (auto& cs : calls_) {
    std::lock_guard lock(cs.mu);
    n += cs.calls.size();
  }
  return n;
}

std::size_t Engine::tracked_accounts() const {
  std::size_t n = 0;
  for (auto& s : accounts_) {
    std::lock_guard lock(s.mu);
    n += s.accounts.size();
  }
  return n;
}

void Engine::emit(const CallRequest& r, const Decision& d, std::string_view kind, events::Severity sev,
                  std::string_view action) {
  events::Event e;
  e.time_ms = now_ms_of(clock_);
  e.kind = std::string(kind);
  e.severity = sev;
  e.source = r.source;
  e.tenant = std::string(r.tenant);
  e.account = std::string(r.account);
  e.filter = "fraud";
  if (!d.hits.empty()) e.rule = std::string(to_string(d.hits.front().rule));
  e.action = std::string(action);
  e.evidence = d.rules_text();
  e.fields = {{"dialled", std::string(r.dialled.substr(0, 64))},
              {"e164", d.number.e164},
              {"classes", classes_text(d.classification.classes)},
              {"country", std::string(d.classification.country)},
              {"score", std::to_string(d.score)},
              {"call_id", std::string(r.call_id.substr(0, 128))}};
  events_.emit(std::move(e));
}

void Engine::write_cdr(Cdr c) {
  if (cdr_sink_) cdr_sink_(std::move(c));
}

}  // namespace vg::fraud
