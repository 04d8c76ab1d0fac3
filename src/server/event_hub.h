// Where every security event of the gateway goes (Gateway::events()): a fan-out to the sinks
// registered while the gateway is being built — the store's writer first, then whatever other
// components add (alerts, metrics, brute-force counters). emit() never blocks as long as no
// registered sink blocks (each sink promises that; see events/sink.h), and passes the event by
// reference only to the sinks that want it (EventSink::wants: the alert service wants only the
// kinds its rules name), so an event costs the packet path one copy into the store's queue when no
// alert rule cares.
#pragma once

#include <vector>

#include "events/sink.h"

namespace vg::server {

// Thread-safety: add() only before traffic starts (Gateway::create / before Gateway::start), from
// the thread building the gateway; emit() from any thread afterwards.
class EventHub final : public events::EventSink {
 public:
  void add(events::EventSink* sink) {
    if (sink != nullptr) sinks_.push_back(sink);
  }
  void emit(const events::EventRef& e) override;
  [[nodiscard]] size_t size() const { return sinks_.size(); }

 private:
  std::vector<events::EventSink*> sinks_;
};

}  // namespace vg::server
