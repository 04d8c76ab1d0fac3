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
  // Takes the event; may drop it (and count the drop) but never blocks the caller.
  virtual void emit(Event e) = 0;
};

// Discards everything (the default before a real sink is wired).
class NullSink final : public EventSink {
 public:
  void emit(Event /*e*/) override {}
};

// Sends each event to several sinks in order (e.g. store, alerts, metrics).
class FanoutSink final : public EventSink {
 public:
  explicit FanoutSink(std::vector<EventSink*> sinks) : sinks_(std::move(sinks)) {}
  void emit(Event e) override;

 private:
  std::vector<EventSink*> sinks_;
};

// Keeps every event in memory; thread-safe. For tests and for the offline tools.
class RecordingSink final : public EventSink {
 public:
  void emit(Event e) override;
  [[nodiscard]] std::vector<Event> events() const;
  [[nodiscard]] std::size_t count(std::string_view kind) const;
  void clear();

 private:
  mutable std::mutex mu_;
  std::vector<Event> events_;
};

}  // namespace vg::events
