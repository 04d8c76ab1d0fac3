// Where events go. emit() is called from packet threads: implementations must never block on I/O
// (they queue, count and drop when full). A sink says in its own header which threads may call it.
#pragma once

#include <cstddef>
#include <mutex>
#include <vector>

#include "events/event.h"

namespace vg::events {

class EventSink {
 public:
  virtual ~EventSink() = default;
  // Sees the event, by view (an Event converts to its EventRef): valid only during the call. A sink
  // that keeps it copies what it needs (the store packs it into its queue's bytes, the alert service
  // copies only the kinds its rules name). May drop it (and count the drop) but never blocks the
  // caller. An event is built once by its emitter and passed down the fan-out without a copy per
  // hop; an emitter on a hot path builds an EventRef on its stack and allocates nothing.
  virtual void emit(const EventRef& e) = 0;
  // Whether emit(e) would keep e. A fan-out asks first and skips a sink that says no. Cheap,
  // thread-safe, no side effects.
  [[nodiscard]] virtual bool wants(const EventRef& /*e*/) const { return true; }
};

// Hands e to every sink that wants it.
void emit_to_each(const std::vector<EventSink*>& sinks, const EventRef& e);

// Discards everything (the default before a real sink is wired).
class NullSink final : public EventSink {
 public:
  void emit(const EventRef& /*e*/) override {}
};

// Sends each event to several sinks in order (e.g. store, alerts, metrics).
class FanoutSink final : public EventSink {
 public:
  explicit FanoutSink(std::vector<EventSink*> sinks) : sinks_(std::move(sinks)) {}
  void emit(const EventRef& e) override;

 private:
  std::vector<EventSink*> sinks_;
};

// Keeps every event in memory; thread-safe. For tests and for the offline tools.
class RecordingSink final : public EventSink {
 public:
  void emit(const EventRef& e) override;
  [[nodiscard]] std::vector<Event> events() const;
  [[nodiscard]] std::size_t count(std::string_view kind) const;
  void clear();

 private:
  mutable std::mutex mu_;
  std::vector<Event> events_;
};

}  // namespace vg::events
