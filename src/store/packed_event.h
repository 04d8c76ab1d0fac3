// A security event flattened into bytes, for the writer's queue. The packet thread that emits an
// event copies it into the queue's byte log (no allocation once the log has grown) and frees the
// event itself, on its own thread, where its allocator reuses the memory for the next one; the
// writer thread rebuilds the event from the bytes with its own allocations. Handing the Event object
// across threads instead made every event's strings be freed by the writer thread, which costs the
// packet thread's allocator far more than the copy (bench/proxy_events_bench.cc).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "events/event.h"

namespace vg::store {

// Appends e to out.
void pack_event(const events::Event& e, std::string& out);

// The event packed at bytes (exactly what one pack_event call appended).
events::Event unpack_event(std::string_view bytes);

}  // namespace vg::store
