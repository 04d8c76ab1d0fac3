// One worker thread with its own io_context: its member of every UDP listener's SO_REUSEPORT group,
// the stream connections it owns, and (worker 0) the tick timer. Batches UDP: recvmmsg, handler
// calls, one sendmmsg flush of the replies. A worker may serve (wait on and drain) other workers'
// UDP sockets too: while the load leaves it room, worker 0 serves them all (see balance_udp()).
#pragma once

#include <asio.hpp>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "net/connection.h"
#include "net/context.h"
#include "net/fd.h"
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

  // UDP sockets this worker waits on and drains right now (its own and any it serves for others).
  [[nodiscard]] size_t served_udp_sockets() const { return served_count_.load(std::memory_order_relaxed); }

 private:
  // A UDP socket being served by this worker. Its descriptor is `owner`'s member of the listener's
  // SO_REUSEPORT group; replies always leave by the serving worker's own socket of that listener.
  struct UdpPort {
    size_t owner = 0;
    size_t listener = 0;
    int fd = -1;
    std::unique_ptr<asio::ip::udp::socket> socket;
  };
  void run();
  void arm_udp(const std::shared_ptr<UdpPort>& port);
  void drain_udp(const UdpPort& port);
  // Gives the served sockets for which keep(port) is false to their new server: the owner when
  // to_owner, else worker 0. This worker's thread.
  void hand_over(bool to_owner, bool (*keep)(const UdpPort&, size_t self));
  // Takes a socket handed over by another worker (its thread; closes it when stopped).
  void take_port(size_t owner, size_t listener, UniqueFd fd);
  // Worker 0: asks every other worker to hand all the sockets it serves over to worker 0.
  void gather_udp();
  // Worker 0, every few ticks: consolidates every UDP socket on worker 0 while it is lightly loaded
  // (a call whose two legs arrive on different workers costs each of them a wake-up), and gives each
  // worker its own sockets back when worker 0 gets busy.
  void balance_udp();
  void flush_udp();
  void arm_sweep();
  void arm_tick();
  void shutdown();

  Context& ctx_;
  const size_t index_;
  asio::io_context io_;  // declared first: destroyed last
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard_;
  std::vector<int> udp_fds_;  // this worker's own UDP socket per listener (-1: none), for sending
  std::vector<std::shared_ptr<UdpPort>> served_;
  std::atomic<size_t> served_count_{0};
  std::atomic<uint64_t> busy_ns_{0};  // time spent handling UDP batches (read and reset by worker 0)
  bool udp_spread_ = true;            // worker 0: each worker serves its own sockets
  int quiet_windows_ = 0;             // worker 0: consecutive light windows while spread
  std::chrono::steady_clock::time_point balance_window_start_{};
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
