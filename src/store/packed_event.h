// A security event flattened into bytes, for the writer's queue. The packet thread that emits an
// event (an EventRef: views of the emitter's data, or of an Event it built) copies it into the
// queue's byte log, which allocates nothing once the log has grown; the writer thread rebuilds an
// Event from the bytes with its own allocations. Handing Event objects across threads instead made
// every event's strings be freed by the writer thread, which costs the packet thread's allocator far
// more than the copy (bench/proxy_events_bench.cc). Lengths take one byte below 255: the fewer bytes
// per event, the fewer cache lines the packet thread writes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "events/event.h"

namespace vg::store {

// Appends e to out.
void pack_event(const events::EventRef& e, std::string& out);

// The event packed at bytes (exactly what one pack_event call appended).
events::Event unpack_event(std::string_view bytes);

}  // namespace vg::store
