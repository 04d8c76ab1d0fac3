#include "server/fraud_wiring.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "store/call_costs.h"

namespace vg::server {

fraud::EngineConfigPtr fraud_config_of(const config::Config& c) {
  auto e = std::make_shared<fraud::EngineConfig>();
  for (const auto& t : c.tenants) {
    if (t.fraud) e->tenants.emplace(t.domain, *t.fraud);
  }
  return e;
}


store::CdrRecord to_cdr_record(const fraud::Cdr& c) {
  store::CdrRecord r;
  r.call_id = c.call_id;
  r.tenant = c.tenant;
  r.account = c.account;
  r.caller_raw = c.caller;
  r.caller = c.caller;
  r.callee_raw = c.callee_raw;
  r.callee = c.callee_e164;
  r.dest_class = c.classes;
  r.country = c.country;
  if (c.source) {
    r.source_ip = c.source->address.to_string();
    r.source_port = c.source->port;
  }
  r.user_agent = c.user_agent;
  r.start_ms = c.start_ms;
  r.answer_ms = c.answer_ms;
  r.end_ms = c.end_ms;
  r.duration_ms = c.answer_ms ? c.end_ms - c.answer_ms : 0;
  r.billable_s = c.billable_s;
  r.cost = static_cast<double>(c.cost_micros) / 1e6;
  r.disposition = c.disposition;
  r.sip_status = c.sip_status;
  r.hangup_side = c.hangup;
  r.decision = c.action;
  r.score = c.score;
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& [rule, why] : c.rule_list) rules.push_back({{"rule", rule}, {"why", why}});
  // The evidence quotes what the caller dialled: invalid UTF-8 is replaced, never thrown on.
  r.rules = rules.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Result<std::size_t, std::string> restore_fraud_spend(store::StoreWriter& store, fraud::Engine& engine,
                                                     int64_t now_ms) {
  constexpr int64_t kDays32Ms = 32LL * 86'400'000;
  auto sums = store::call_cost_sums(store, now_ms - kDays32Ms);
  if (!sums) return unexpected("fraud spend: " + sums.error());
  for (const auto& s : *sums) {
    // The quarter hour's last millisecond (or now, in the current one): in the same local day as
    // every call of the sum.
    const int64_t end_ms = std::min(s.quarter_start_ms + store::kQuarterHourMs - 1, now_ms);
    engine.restore_spend(s.tenant, s.account, end_ms, std::llround(s.cost * 1e6));
  }
  return sums->size();
}

void register_fraud_metrics(metrics::Registry& registry, const fraud::Engine& engine) {
  registry.add_collector([&engine](metrics::Writer& w) {
    const fraud::EngineStats& s = engine.stats();
    auto v = [](const std::atomic<uint64_t>& a) { return static_cast<double>(a.load(std::memory_order_relaxed)); };
    constexpr auto kByClass =
        "Outgoing call attempts of every tenant by destination class (a number in several classes counts in "
        "each; unclassified: a tenant without a dial plan dialled a national-format number)";
    for (std::size_t i = 0; i < fraud::kClassCount; ++i) {
      w.counter("voipguard_calls_by_class_total", kByClass,
                {{"class", std::string(fraud::to_string(static_cast<fraud::DestClass>(i)))}}, v(s.by_class[i]));
    }
    w.counter("voipguard_calls_by_class_total", kByClass, {{"class", "unclassified"}}, v(s.unclassified));
    constexpr auto kDecisions = "Toll-fraud decisions on outgoing call attempts";
    w.counter("voipguard_fraud_decisions_total", kDecisions, {{"action", "evaluated"}}, v(s.evaluated));
    w.counter("voipguard_fraud_decisions_total", kDecisions, {{"action", "warn"}}, v(s.warned));
    w.counter("voipguard_fraud_decisions_total", kDecisions, {{"action", "block"}}, v(s.blocked));
    w.counter("voipguard_fraud_decisions_total", kDecisions, {{"action", "suspend"}}, v(s.suspensions));
    w.counter("voipguard_fraud_teardowns_total", "Calls ended by the fraud engine (duration, spend, suspension)", {},
              v(s.torn_down));
  });
}

}  // namespace vg::server
