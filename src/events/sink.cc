#include "events/sink.h"

#include <algorithm>

namespace vg::events {

void FanoutSink::emit(Event e) {
  if (sinks_.empty()) return;
  for (size_t i = 0; i + 1 < sinks_.size(); ++i) sinks_[i]->emit(e);
  sinks_.back()->emit(std::move(e));
}

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
