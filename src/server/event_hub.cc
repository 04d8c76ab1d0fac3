#include "server/event_hub.h"

namespace vg::server {

void EventHub::emit(events::Event e) {
  if (sinks_.empty()) return;
  // Each sink takes its own copy; the last one takes the original.
  for (size_t i = 0; i + 1 < sinks_.size(); ++i) sinks_[i]->emit(e);
  sinks_.back()->emit(std::move(e));
}

}  // namespace vg::server
