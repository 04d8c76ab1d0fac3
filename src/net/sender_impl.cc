#include "net/sender_impl.h"

#include <thread>

#include "net/connection.h"
#include "net/sockaddr.h"
#include "net/worker.h"

namespace vg::net {

namespace {

// Largest UDP payloads: 65535 minus the IPv4 and UDP headers; IPv6's payload length covers UDP only.
constexpr size_t kMaxUdpPayloadV4 = 65507;
constexpr size_t kMaxUdpPayloadV6 = 65527;

bool routable(const Endpoint& e) { return e.port != 0 && !e.address.is_unspecified(); }

}  // namespace

SendError RoutingSender::send(const Outbound& to, std::string_view bytes) {
  Worker* self = Worker::current(ctx_);
  // Non-worker threads announce themselves before checking `running`, so stop() (which clears it,
  // then waits for this count to drop) never closes a socket under them.
  if (self == nullptr) external_.fetch_add(1);
  SendError e = ctx_.running.load() ? route(to, bytes, self) : SendError::kNoRoute;
  if (self == nullptr) external_.fetch_sub(1);
  if (e != SendError::kNone) ctx_.stats.count(e);
  return e;
}

void RoutingSender::wait_idle() const {
  while (external_.load() != 0) std::this_thread::yield();  // send() never blocks: this is short
}

SendError RoutingSender::route(const Outbound& to, std::string_view bytes, Worker* self) {
  switch (to.transport) {
    case Transport::kUdp: return send_udp(to, bytes, self);
    case Transport::kTcp:
    case Transport::kTls: return send_stream(to, bytes, self);
  }
  return SendError::kNoRoute;
}

std::optional<size_t> RoutingSender::pick_listener(Transport t, const Outbound& to) const {
  const bool v4 = to.destination.is_v4();
  auto fits = [&](size_t i) {
    const ListenerInfo& l = ctx_.listeners[i];
    return l.config.transport == t && l.bound.is_v4() == v4;
  };
  if (to.listener < ctx_.listeners.size() && fits(to.listener)) return to.listener;
  for (size_t i = 0; i < ctx_.listeners.size(); ++i) {
    if (fits(i)) return i;
  }
  return std::nullopt;
}

SendError RoutingSender::send_udp(const Outbound& to, std::string_view bytes, Worker* self) {
  if (!routable(to.destination)) return SendError::kNoRoute;
  if (bytes.size() > (to.destination.is_v4() ? kMaxUdpPayloadV4 : kMaxUdpPayloadV6)) return SendError::kTooLarge;
  auto listener = pick_listener(Transport::kUdp, to);
  if (!listener) return SendError::kNoRoute;
  // Any member of the listener's SO_REUSEPORT group sends from the same address; a worker uses its
  // own (and batches), other threads share worker 0's (sendto is thread-safe).
  Worker& w = self != nullptr ? *self : *ctx_.workers[0];
  return w.send_udp(*listener, to_sockaddr(to.destination), bytes);
}

SendError RoutingSender::send_stream(const Outbound& to, std::string_view bytes, Worker* self) {
  if (bytes.size() > ctx_.config.max_write_queue_bytes) return SendError::kTooLarge;
  // A connection found open may close before the bytes are reserved on it; kConnectionClosed from
  // send_on then falls through to the next way of reaching the peer.
  if (to.connection != 0) {
    if (auto c = ctx_.table.find(to.connection)) {
      SendError e = send_on(c, bytes, self);
      if (e != SendError::kConnectionClosed) return e;
    }
    // RFC 3261 §18.2.2: when the connection is gone, open a new one to the destination.
    if (to.destination.port == 0) return SendError::kConnectionClosed;
  }
  if (!routable(to.destination)) return SendError::kNoRoute;
  // Connection reuse (RFC 3261 §18.1.1, RFC 5626): a UA registered over TCP is reached through the
  // connection it opened, found by its source address.
  if (auto c = ctx_.table.find(StreamKey{to.destination, to.transport})) {
    SendError e = send_on(c, bytes, self);
    if (e != SendError::kConnectionClosed) return e;
  }
  return open_and_send(to, bytes, self);
}

SendError RoutingSender::send_on(const std::shared_ptr<Connection>& c, std::string_view bytes, Worker* self) {
  SendError e = c->reserve(bytes.size());
  if (e != SendError::kNone) return e;
  const size_t owner = c->worker_index();
  if (self != nullptr && self->index() == owner) {
    c->enqueue(std::string(bytes));
    return SendError::kNone;
  }
  asio::post(ctx_.workers[owner]->io(), [c, data = std::string(bytes)]() mutable { c->enqueue(std::move(data)); });
  return SendError::kNone;
}

SendError RoutingSender::open_and_send(const Outbound& to, std::string_view bytes, Worker* self) {
  if (to.transport == Transport::kUdp) return SendError::kNoRoute;
  auto listener = pick_listener(to.transport, to);
  if (!listener) return SendError::kNoRoute;
  const ListenerInfo& info = ctx_.listeners[*listener];
  bool created = false;
  auto c = ctx_.table.find_or_add(
      StreamKey{to.destination, to.transport},
      [&]() -> std::shared_ptr<Connection> {
        if (!ctx_.table.admit_outgoing()) return nullptr;
        size_t w = ctx_.pick_worker();
        ctx_.stats.connections_outgoing.fetch_add(1, std::memory_order_relaxed);
        return std::make_shared<Connection>(ctx_, w, ctx_.table.next_id(w), to.transport, nullptr, to.destination,
                                            *listener, info.bound, /*inbound=*/false);
      },
      created);
  if (!c) {
    ctx_.stats.count(DropReason::kTooManyConnections);
    return SendError::kQueueFull;
  }
  // Queue the bytes before the connection starts: a refused connect can close it at once.
  SendError e = send_on(c, bytes, self);
  if (created) {
    std::optional<Endpoint> from;
    if (!info.bound.address.is_unspecified()) from = info.bound;  // leave from the listener's address
    Worker& w = *ctx_.workers[c->worker_index()];
    asio::post(w.io(), [c, &w, from] { w.connect(c, from); });
  }
  return e;
}

}  // namespace vg::net
