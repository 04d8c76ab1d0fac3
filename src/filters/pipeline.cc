#include "filters/pipeline.h"

#include <algorithm>

namespace vg::filters {

using sip::HeaderId;
using sip::Method;

std::string_view to_string(Action a) {
  switch (a) {
    case Action::kContinue: return "continue";
    case Action::kReply: return "reply";
    case Action::kDrop: return "drop";
    case Action::kBan: return "ban";
  }
  return "continue";
}

Verdict Verdict::drop(std::string_view rule, std::string evidence) {
  Verdict v;
  v.action = Action::kDrop;
  v.rule = rule;
  v.evidence = std::move(evidence);
  return v;
}

Verdict Verdict::reply(uint16_t status, std::string_view reason, std::string_view rule, std::string evidence,
                       uint32_t retry_after) {
  Verdict v;
  v.action = Action::kReply;
  v.status = status;
  v.reason = reason;
  v.rule = rule;
  v.evidence = std::move(evidence);
  v.retry_after = retry_after;
  return v;
}

Verdict Verdict::ban(Clock::Duration d, std::string_view rule, std::string evidence) {
  Verdict v;
  v.action = Action::kBan;
  v.ban_for = d;
  v.rule = rule;
  v.evidence = std::move(evidence);
  return v;
}

Pipeline::Pipeline(Deps deps, std::vector<Cidr> trusted, std::vector<std::string> listener_names,
                   std::vector<std::unique_ptr<Filter>> filters)
    : deps_(deps),
      own_counters_(deps.counters ? nullptr : std::make_unique<PipelineCounters>()),
      counters_(deps.counters ? deps.counters : own_counters_.get()),
      trusted_(std::move(trusted)),
      listener_names_(std::move(listener_names)) {
  for (auto& f : filters) {
    FilterCounters* c = &counters_->filter(f->name());
    filters_.push_back(Entry{std::move(f), c});
  }
  for (auto& e : filters_) {
    if (e.filter->pre_parse()) pre_parse_.push_back(&e);
  }
}

bool Pipeline::is_trusted(const IpAddress& a) const {
  return std::any_of(trusted_.begin(), trusted_.end(), [&](const Cidr& c) { return c.contains(a); });
}

bool Pipeline::admit(const net::Inbound& in) {
  // The cheapest check first: one hash probe per ban prefix length in use, none when no bans.
  if (deps_.bans.is_banned(in.source.address)) {
    counters_->stats().banned_dropped.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  if (pre_parse_.empty() || (!trusted_.empty() && is_trusted(in.source.address))) return true;
  SourceInfo s{in.source, in.transport, in.listener, in.data, in.received_at};
  for (Entry* e : pre_parse_) {
    Verdict v = e->filter->check_source(s);
    if (v.passes()) continue;
    v = apply(*e, std::move(v), in.source, net::transport_name(in.transport), {}, {}, {});
    if (!v.passes()) return false;  // a pre-parse verdict cannot reply: there is nothing parsed to answer
  }
  return true;
}

Verdict Pipeline::check_request(const net::Inbound& in, const sip::Message& m, const config::Config& cfg) {
  Context c;
  c.source = in.source;
  c.transport = in.transport;
  c.listener = in.listener;
  if (in.listener < listener_names_.size()) c.listener_name = listener_names_[in.listener];
  c.now = in.received_at;
  c.clock = &deps_.clock;
  if (auto ruri = m.request_uri()) c.tenant = cfg.find_tenant((*ruri)->host_bare());
  if (!c.tenant) {
    // REGISTER to our address, or a call from a tenant's account to elsewhere: the To / From domain.
    if (auto to = m.to(); to && m.method() == Method::kRegister) c.tenant = cfg.find_tenant((*to)->uri.host_bare());
    if (auto from = m.from(); !c.tenant && from) c.tenant = cfg.find_tenant((*from)->uri.host_bare());
  }
  const HeaderId cred = m.method() == Method::kRegister ? HeaderId::kAuthorization : HeaderId::kProxyAuthorization;
  if (m.header(cred)) {
    if (auto a = m.auth(cred); a && a->has_username) c.account = a->username;
  }
  const bool trusted = !trusted_.empty() && is_trusted(in.source.address);
  if (trusted) counters_->stats().trusted_bypass.fetch_add(1, std::memory_order_relaxed);
  for (auto& e : filters_) {
    if (trusted && !e.filter->applies_to_trusted()) continue;
    Verdict v = e.filter->check(c, m);
    if (v.passes()) continue;
    v = apply(e, std::move(v), in.source, net::transport_name(in.transport), c.tenant ? std::string_view(c.tenant->domain) : "", c.account,
              m.user_agent());
    if (!v.passes()) return v;
  }
  return Verdict::pass();
}

void Pipeline::on_malformed(const net::Inbound& in, sip::ParseError e) {
  counters_->stats().malformed.fetch_add(1, std::memory_order_relaxed);
  Entry* s = entry("sanity");
  if (!s) return;
  // The proxy answers 400 or drops; the sanity filter's record says which check failed.
  Verdict v = Verdict::drop(sip::error_name(e), std::string(sip::describe(e)));
  emit(*s, v, s->filter->mode() == FilterMode::kMonitor, in.source, net::transport_name(in.transport), {}, {}, {});
  s->counters->dropped.fetch_add(1, std::memory_order_relaxed);
}

Verdict Pipeline::apply(Entry& e, Verdict v, const Endpoint& source, std::string_view transport, std::string_view tenant,
                        std::string_view account, std::string_view user_agent) {
  FilterCounters& c = *e.counters;
  const bool monitor = e.filter->mode() == FilterMode::kMonitor;
  if (monitor) {
    c.monitored.fetch_add(1, std::memory_order_relaxed);
  } else if (v.action == Action::kReply) {
    c.replied.fetch_add(1, std::memory_order_relaxed);
  } else if (v.action == Action::kDrop) {
    c.dropped.fetch_add(1, std::memory_order_relaxed);
  } else {
    c.banned.fetch_add(1, std::memory_order_relaxed);
  }
  if (!monitor && v.action == Action::kBan && !is_trusted(source.address)) {
    BanEntry b;
    b.network = deps_.bans.host_network(source.address);
    b.created_unix = deps_.clock.unix_seconds();
    const auto secs = std::chrono::duration_cast<std::chrono::seconds>(v.ban_for).count();
    b.until_unix = secs > 0 ? b.created_unix + secs : 0;
    b.reason = v.evidence;
    b.rule = std::string(e.filter->name()) + "/" + std::string(v.rule);
    deps_.bans.add(std::move(b));
  }
  emit(e, v, monitor, source, transport, tenant, account, user_agent);
  if (monitor) return Verdict::pass();
  if (v.action == Action::kBan) v.action = Action::kDrop;  // the message that earned the ban goes nowhere
  return v;
}

void Pipeline::emit(Entry& e, const Verdict& v, bool monitored, const Endpoint& source, std::string_view transport,
                    std::string_view tenant, std::string_view account, std::string_view user_agent) {
  FilterCounters& c = *e.counters;
  const int64_t now = deps_.clock.unix_seconds();
  int64_t window = c.event_window.load(std::memory_order_relaxed);
  if (window != now && c.event_window.compare_exchange_strong(window, now, std::memory_order_relaxed)) {
    c.events_in_window.store(0, std::memory_order_relaxed);
  }
  if (c.events_in_window.fetch_add(1, std::memory_order_relaxed) >= kEventsPerSecond) {
    c.events_suppressed.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  events::Event ev;
  ev.time_ms = std::chrono::duration_cast<std::chrono::milliseconds>(deps_.clock.wall().time_since_epoch()).count();
  ev.kind = "filter." + std::string(e.filter->name());
  ev.severity = v.action == Action::kBan ? events::Severity::kWarning : events::Severity::kNotice;
  ev.source = source;
  ev.transport = std::string(transport);
  ev.tenant = std::string(tenant);
  ev.account = std::string(account.substr(0, 64));
  ev.filter = std::string(e.filter->name());
  ev.rule = std::string(v.rule);
  std::string action(to_string(v.action));
  if (v.action == Action::kReply) action += ":" + std::to_string(v.status);
  if (v.action == Action::kBan) {
    action += ":" + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(v.ban_for).count()) + "s";
  }
  ev.action = monitored ? "monitor:" + action : action;
  ev.evidence = v.evidence;
  if (!user_agent.empty()) ev.fields.emplace_back("user_agent", std::string(user_agent.substr(0, 128)));
  deps_.events.emit(std::move(ev));
}

void Pipeline::ban(const Endpoint& source, Clock::Duration d, std::string_view filter, std::string_view rule,
                   const std::string& evidence, std::string_view account) {
  Entry* e = entry(filter);
  if (!e) return;
  report(*e->filter, Verdict::ban(d, rule, evidence), source, account);
}

void Pipeline::report(Filter& f, const Verdict& v, const Endpoint& source, std::string_view account) {
  Entry* e = entry(f.name());
  if (!e || v.passes()) return;
  (void)apply(*e, v, source, {}, {}, account, {});
}

void Pipeline::on_tick(Clock::MonoTime now) {
  for (auto& e : filters_) e.filter->on_tick(now);
  (void)deps_.bans.expire();
}

Pipeline::Entry* Pipeline::entry(std::string_view name) const {
  for (const auto& e : filters_) {
    if (e.filter->name() == name) return const_cast<Entry*>(&e);
  }
  return nullptr;
}

Filter* Pipeline::find(std::string_view name) const {
  Entry* e = entry(name);
  return e ? e->filter.get() : nullptr;
}

const FilterCounters* Pipeline::counters(std::string_view name) const {
  Entry* e = entry(name);
  return e ? e->counters : nullptr;
}

}  // namespace vg::filters
