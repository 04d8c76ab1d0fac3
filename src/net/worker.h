// One worker thread with its own io_context: its member of every UDP listener's SO_REUSEPORT group,
// the stream connections it owns, and (worker 0) the tick timer. Batches UDP: recvmmsg, handler
// calls, one sendmmsg flush of the replies.
#pragma once

#include <asio.hpp>

#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "net/connection.h"
#include "net/context.h"
#include "net/sockaddr.h"
#include "net/udp_batch.h"

namespace vg::net {

class TcpAcceptor;

class Worker {
 public:
  Worker(Context& ctx, size_t index);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  [[nodiscard]] asio::io_context& io() { return io_; }
  [[nodiscard]] size_t index() const { return index_; }

  // Setup, before start (main thread).
  Result<void, std::string> open_udp(size_t listener);  // ctx.listeners[listener].bound has the port
  void add_acceptor(std::unique_ptr<TcpAcceptor> acceptor);
  void start();

  // Stop, main thread: request_shutdown, then join, then close_sockets.
  void request_shutdown();
  void join();
  void close_sockets();

  // The worker of ctx running on the calling thread, or nullptr.
  static Worker* current(const Context& ctx);

  // Worker thread.
  [[nodiscard]] bool stopped() const { return stopped_; }
  void adopt(const std::shared_ptr<Connection>& c);  // accepted: register and start reading
  void connect(const std::shared_ptr<Connection>& c, std::optional<Endpoint> from);  // outgoing: start it
  void own(const std::shared_ptr<Connection>& c);    // track for deadline sweeps
  void disown(ConnectionId id);

  // Any thread: one datagram from this worker's socket of a UDP listener. On this worker's thread
  // while a received batch is being handled, it joins the batch's sendmmsg.
  SendError send_udp(size_t listener, const SockAddr& to, std::string_view bytes);

 private:
  void run();
  void arm_udp(size_t listener);
  void drain_udp(size_t listener);
  void flush_udp();
  void arm_sweep();
  void arm_tick();
  void shutdown();

  Context& ctx_;
  const size_t index_;
  asio::io_context io_;  // declared first: destroyed last
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard_;
  std::vector<std::unique_ptr<asio::ip::udp::socket>> udp_;  // by listener index; null for stream listeners
  std::vector<int> udp_fds_;                                 // same, read-only once started (-1: none)
  std::vector<std::unique_ptr<TcpAcceptor>> acceptors_;
  asio::steady_timer sweep_timer_;
  asio::steady_timer tick_timer_;
  std::chrono::steady_clock::time_point next_tick_;
  std::unordered_map<ConnectionId, std::shared_ptr<Connection>> owned_;
  UdpReceiveBatch rx_;
  UdpSendBatch tx_;
  bool in_batch_ = false;
  bool stopped_ = false;
  std::thread thread_;
};

}  // namespace vg::net
