#include "events/sink.h"

#include <algorithm>

namespace vg::events {

void emit_to_each(const std::vector<EventSink*>& sinks, const EventRef& e) {
  for (EventSink* s : sinks) {
    if (s->wants(e)) s->emit(e);
  }
}

void FanoutSink::emit(const EventRef& e) { emit_to_each(sinks_, e); }

void RecordingSink::emit(const EventRef& e) {
  Event copy = e.to_event();
  std::lock_guard lock(mu_);
  events_.push_back(std::move(copy));
}

std::vector<Event> RecordingSink::events() const {
  std::lock_guard lock(mu_);
  return events_;
}

std::size_t RecordingSink::count(std::string_view kind) const {
  std::lock_guard lock(mu_);
  return static_cast<std::size_t>(
      std::count_if(events_.begin(), events_.end(), [&](const Event& e) { return e.kind == kind; }));
}

void RecordingSink::clear() {
  std::lock_guard lock(mu_);
  events_.clear();
}

}  // namespace vg::events
