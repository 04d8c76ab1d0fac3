#include "server/event_hub.h"

namespace vg::server {

void EventHub::emit(const events::EventRef& e) { events::emit_to_each(sinks_, e); }

}  // namespace vg::server
