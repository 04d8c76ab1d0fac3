// The security pipeline: an ordered list of filters built from the configuration (registry.cc),
// run by the proxy core on every inbound message — source checks before parsing (ban list, trusted
// sources, pre-parse filters), the remaining filters on the parsed request. It carries out bans,
// turns monitor-mode verdicts into records, emits one security event per decision (bounded per
// filter, so a flood cannot flood the event sinks) and counts decisions per filter.
// Immutable after construction apart from counters and the filters' own sharded state; called
// concurrently from worker threads. Rebuilt on reload (filters' counting state restarts then; the
// ban list and the decision counters live outside and are kept).
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/clock.h"
#include "events/sink.h"
#include "filters/ban/ban_list.h"
#include "filters/filter.h"
#include "filters/pipeline_counters.h"
#include "net/transport.h"
#include "sip/error.h"
#include "sip/message.h"

namespace vg::filters {

class Pipeline {
 public:
  struct Deps {
    BanList& bans;
    events::EventSink& events;
    const Clock& clock;
    // Counters that outlive this pipeline (the gateway's, kept across reloads); null: its own.
    PipelineCounters* counters = nullptr;
  };
  // Events per filter per second beyond which they are only counted (FilterCounters::events_suppressed).
  static constexpr uint32_t kEventsPerSecond = 50;

  Pipeline(Deps deps, std::vector<Cidr> trusted, std::vector<std::string> listener_names,
           std::vector<std::unique_ptr<Filter>> filters);

  // Before parsing. False: drop the datagram (banned source, or a pre-parse filter's verdict).
  [[nodiscard]] bool admit(const net::Inbound& in);
  // A parsed, valid request. Returns what the proxy must do: continue, reply (status, reason,
  // retry_after) or drop; bans are already applied. `cfg` resolves the tenant.
  [[nodiscard]] Verdict check_request(const net::Inbound& in, const sip::Message& m, const config::Config& cfg);
  // The parser or validate() rejected a message: counted and reported as a sanity event.
  void on_malformed(const net::Inbound& in, sip::ParseError e);
  // Bans `source` (its host network) for `d` on behalf of `filter`, unless trusted; emits "ban.added".
  // Used by filters fed from outside the request path (authentication failures).
  void ban(const Endpoint& source, Clock::Duration d, std::string_view filter, std::string_view rule,
           const std::string& evidence, std::string_view account = {});
  // Carries out and records a verdict reached outside the request path (filters fed by observers).
  void report(Filter& f, const Verdict& v, const Endpoint& source, std::string_view account = {});
  void on_tick(Clock::MonoTime now);

  [[nodiscard]] bool is_trusted(const IpAddress& a) const;
  [[nodiscard]] Filter* find(std::string_view name) const;
  [[nodiscard]] const FilterCounters* counters(std::string_view name) const;
  // Every filter's name and counters, in pipeline order (metrics; any thread).
  template <class F>
  void for_each_counters(F&& f) const {
    for (const auto& e : filters_) f(e.filter->name(), *e.counters);
  }
  [[nodiscard]] const PipelineStats& stats() const { return counters_->stats(); }
  [[nodiscard]] BanList& bans() { return deps_.bans; }
  [[nodiscard]] size_t size() const { return filters_.size(); }

 private:
  struct Entry {
    std::unique_ptr<Filter> filter;
    FilterCounters* counters;  // in Deps::counters or own_counters_, which outlive the entry
  };
  // Carries out v for filter e: counters, event, ban. Returns the verdict the caller must apply
  // (continue in monitor mode).
  Verdict apply(Entry& e, Verdict v, const Endpoint& source, std::string_view transport, std::string_view tenant,
                std::string_view account, std::string_view user_agent);
  void emit(Entry& e, const Verdict& v, bool monitored, const Endpoint& source, std::string_view transport,
            std::string_view tenant, std::string_view account, std::string_view user_agent);
  Entry* entry(std::string_view name) const;

  Deps deps_;
  std::unique_ptr<PipelineCounters> own_counters_;  // when Deps::counters is null
  PipelineCounters* counters_;                      // Deps::counters, else own_counters_
  std::vector<Cidr> trusted_;
  std::vector<std::string> listener_names_;
  std::vector<Entry> filters_;
  std::vector<Entry*> pre_parse_;
};

}  // namespace vg::filters
