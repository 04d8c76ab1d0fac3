#include "server/event_hub.h"

namespace vg::server {

void EventHub::emit(events::Event e) { events::emit_to_each(sinks_, std::move(e)); }

}  // namespace vg::server
