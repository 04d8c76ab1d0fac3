// One stream connection (accepted or outgoing): reads and frames SIP messages (RFC 3261 §18.3),
// answers RFC 5626 keepalive pings, queues writes, enforces the partial-size, header and idle
// limits. Owned by one worker thread: every member runs there except those marked "any thread".
// Kept alive by the connection table and by pending callbacks (shared_ptr).
#pragma once

#include <atomic>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "net/stream.h"
#include "net/transport.h"
#include "sip/framer.h"

namespace vg::net {

struct Context;
class Worker;

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  enum class State : uint8_t { kConnecting, kOpen, kClosed };

  // stream: the accepted stream, or nullptr for an outgoing connection (made in start_outgoing).
  // inbound: the slot was admitted per source IP (released with it on close).
  Connection(Context& ctx, size_t worker, ConnectionId id, Transport transport, std::unique_ptr<Stream> stream,
             Endpoint remote, size_t listener, Endpoint local, bool inbound);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Worker thread.
  void start_accepted();
  void start_outgoing(const Endpoint* bind_from);
  void enqueue(std::string bytes);  // bytes were reserve()d
  void close(std::optional<DropReason> why);
  void sweep(Clock::MonoTime now);

  // Any thread.
  [[nodiscard]] ConnectionId id() const { return id_; }
  [[nodiscard]] size_t worker_index() const { return worker_; }
  [[nodiscard]] Transport transport() const { return transport_; }
  [[nodiscard]] const Endpoint& remote() const { return remote_; }
  [[nodiscard]] bool closed() const { return closed_.load(std::memory_order_acquire); }
  // Counts bytes against the write queue bound before they are posted to the worker.
  SendError reserve(size_t bytes);

 private:
  struct Pending {
    std::string bytes;
    bool message = true;  // false for a keepalive pong (not a message in the stats)
  };

  void on_started(const std::error_code& ec);
  void read_more();
  void on_read(const std::error_code& ec, size_t n);
  void process();
  void deliver(std::string_view message);
  void push(Pending p);
  void write_more();
  void on_write(const std::error_code& ec, size_t n);

  Context& ctx_;
  const size_t worker_;
  const ConnectionId id_;
  const Transport transport_;
  const Endpoint remote_;
  const size_t listener_;
  const Endpoint local_;
  const bool inbound_;

  std::unique_ptr<Stream> stream_;
  State state_ = State::kConnecting;
  std::atomic<bool> closed_{false};
  std::atomic<size_t> queued_bytes_{0};

  // Reading: unconsumed bytes are buffer_[begin_, end_).
  sip::StreamFramer framer_;
  std::vector<char> buffer_;
  size_t begin_ = 0;
  size_t end_ = 0;

  // Writing: writing_count_ entries at the front of queue_ are in flight.
  std::deque<Pending> queue_;
  size_t writing_count_ = 0;
  bool writing_ = false;

  Clock::MonoTime created_at_;
  Clock::MonoTime last_activity_;
  Clock::MonoTime write_stalled_since_;
  std::optional<Clock::MonoTime> message_started_;
};

}  // namespace vg::net
