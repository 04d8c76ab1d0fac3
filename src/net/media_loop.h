// The media relay's I/O: one thread with its own io_context that owns a set of plain UDP sockets
// (RTP/RTCP ports of relayed calls), drains each with recvmmsg, hands every datagram to the
// socket's receiver, and flushes what the receivers queued with sendmmsg. Socket syscalls stay in
// src/net; src/media holds the relay logic. Sockets are bound on the caller's thread (so a busy
// port is known at once) and then attached to the loop; attach/detach may be called from any thread.
#pragma once

#include <asio.hpp>

#include <atomic>
#include <optional>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "core/clock.h"
#include "core/ip.h"
#include "core/result.h"
#include "net/fd.h"
#include "net/sockaddr.h"
#include "net/udp_batch.h"

namespace vg::net {

class MediaLoop;

// Receives the datagrams of the sockets it was attached with; called on the loop thread only.
class DatagramReceiver {
 public:
  virtual ~DatagramReceiver() = default;
  // `data` is writable scratch space of `capacity` bytes (>= data.size()): SRTP grows packets in place.
  virtual void on_datagram(MediaLoop& loop, uint32_t tag, uint8_t* data, size_t size, size_t capacity,
                           const Endpoint& from) = 0;
};

struct MediaLoopStats {
  std::atomic<uint64_t> received{0}, sent{0}, send_failures{0}, truncated{0};
};

class MediaLoop {
 public:
  // batch: datagrams per recvmmsg call; slot: bytes per datagram slot.
  explicit MediaLoop(size_t batch = 32, size_t slot = 2048);
  ~MediaLoop();
  MediaLoop(const MediaLoop&) = delete;
  MediaLoop& operator=(const MediaLoop&) = delete;

  void start();
  void stop();  // joins; sockets still attached are closed

  // A non-blocking UDP socket bound to `bind` (no SO_REUSEPORT: a port held by anyone is an error).
  static Result<UniqueFd, int> bind_udp(const Endpoint& bind);

  // Any thread: the loop takes the socket and calls `receiver` for its datagrams with `tag`.
  void attach(UniqueFd fd, std::shared_ptr<DatagramReceiver> receiver, uint32_t tag);
  // Any thread: closes the socket on the loop thread (the receiver is released there).
  void detach(int fd);
  // Any thread: runs fn on the loop thread.
  void post(std::function<void()> fn);
  // Any thread, before start(): calls fn on the loop thread every `period`.
  void every(std::chrono::milliseconds period, std::function<void()> fn);

  // Loop thread: queues a datagram; sent with sendmmsg after the current receive batch.
  void send(int fd, const Endpoint& to, std::string_view bytes);

  [[nodiscard]] const MediaLoopStats& stats() const { return stats_; }
  [[nodiscard]] size_t socket_count() const { return socket_count_.load(); }

 private:
  struct Socket {
    std::unique_ptr<asio::ip::udp::socket> sock;
    std::shared_ptr<DatagramReceiver> receiver;
    uint32_t tag = 0;
  };
  void arm(int fd);
  void drain(int fd);
  void flush();
  void arm_timer(size_t i);

  asio::io_context io_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard_;
  // Loop thread: set by stop()'s handler. Handlers that were already queued when it ran (a timer
  // that had expired, an attach) must not arm new waits, or io_.run() never returns.
  bool stopped_ = false;
  std::unordered_map<int, Socket> sockets_;  // loop thread only
  struct Periodic {
    std::chrono::milliseconds period;
    std::function<void()> fn;
    std::unique_ptr<asio::steady_timer> timer;
  };
  std::vector<Periodic> periodic_;
  UdpReceiveBatch rx_;
  UdpSendBatch tx_;
  std::vector<uint8_t> scratch_;
  MediaLoopStats stats_;
  std::atomic<size_t> socket_count_{0};
  std::thread thread_;
};

}  // namespace vg::net
