// The Sender a Server hands to its Handler: picks the UDP socket or stream connection for an
// Outbound, reuses open connections, opens outgoing ones. Thread-safe; never blocks.
#pragma once

#include <atomic>
#include <memory>
#include <optional>

#include "net/context.h"
#include "net/transport.h"

namespace vg::net {

class Connection;
class Worker;

class RoutingSender final : public Sender {
 public:
  explicit RoutingSender(Context& ctx) : ctx_(ctx) {}
  SendError send(const Outbound& to, std::string_view bytes) override;
  // stop(): returns once no thread other than a worker is inside send().
  void wait_idle() const;

 private:
  SendError route(const Outbound& to, std::string_view bytes, Worker* self);
  SendError send_udp(const Outbound& to, std::string_view bytes, Worker* self);
  SendError send_stream(const Outbound& to, std::string_view bytes, Worker* self);
  SendError send_on(const std::shared_ptr<Connection>& c, std::string_view bytes, Worker* self);
  SendError open_and_send(const Outbound& to, std::string_view bytes, Worker* self);
  // to.listener when it has transport t and the destination's family; else the first that has.
  [[nodiscard]] std::optional<size_t> pick_listener(Transport t, const Outbound& to) const;

  Context& ctx_;
  std::atomic<int> external_{0};
};

}  // namespace vg::net
