#include "events/sink.h"

#include <algorithm>

namespace vg::events {

void emit_to_each(const std::vector<EventSink*>& sinks, Event e) {
  size_t last = sinks.size();
  while (last > 0 && !sinks[last - 1]->wants(e)) --last;
  if (last == 0) return;
  for (size_t i = 0; i + 1 < last; ++i) {
    if (sinks[i]->wants(e)) sinks[i]->emit(e);
  }
  sinks[last - 1]->emit(std::move(e));
}

void FanoutSink::emit(Event e) { emit_to_each(sinks_, std::move(e)); }

void RecordingSink::emit(Event e) {
  std::lock_guard lock(mu_);
  events_.push_back(std::move(e));
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
