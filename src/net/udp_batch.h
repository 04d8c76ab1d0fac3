// Batched UDP I/O for one worker thread: recvmmsg into fixed slots, and sends collected while a
// received batch is handled, flushed with one sendmmsg per socket. Owned by one worker thread.
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/ip.h"
#include "net/sockaddr.h"

namespace vg::net {

class UdpReceiveBatch {
 public:
  // count datagrams per call, each up to slot_size bytes (larger ones arrive truncated).
  UdpReceiveBatch(size_t count, size_t slot_size);

  // One non-blocking recvmmsg; the number of datagrams, or -1 with errno set.
  int receive(int fd);
  [[nodiscard]] size_t capacity() const { return msgs_.size(); }
  [[nodiscard]] std::string_view data(size_t i) const;
  [[nodiscard]] bool truncated(size_t i) const;
  [[nodiscard]] Endpoint source(size_t i) const;

 private:
  size_t slot_size_;
  std::vector<char> buffer_;
  std::vector<iovec> iov_;
  std::vector<sockaddr_storage> addrs_;
  std::vector<mmsghdr> msgs_;
};

struct UdpFlushResult {
  uint64_t sent = 0;
  uint64_t bytes = 0;
  uint64_t queue_full = 0;  // EAGAIN / ENOBUFS: the socket buffer is full
  uint64_t too_large = 0;   // EMSGSIZE
  uint64_t errors = 0;      // anything else
};

class UdpSendBatch {
 public:
  UdpSendBatch(size_t max_messages, size_t max_bytes);

  [[nodiscard]] bool has_room(size_t bytes) const;
  [[nodiscard]] bool empty() const { return entries_.empty(); }
  // Copies bytes; call has_room first (flush when it is false).
  void add(int fd, const SockAddr& to, std::string_view bytes);
  // sendmmsg per run of entries for the same socket, non-blocking; empties the batch.
  UdpFlushResult flush();

 private:
  struct Entry {
    int fd;
    SockAddr to;
    size_t offset;
    size_t size;
  };
  size_t max_messages_;
  size_t max_bytes_;
  std::vector<char> data_;
  std::vector<Entry> entries_;
  std::vector<iovec> iov_;
  std::vector<mmsghdr> msgs_;
};

// One non-blocking sendto (thread-safe on a shared socket). kNone, kQueueFull, kTooLarge or kSocketError.
SendError send_datagram(int fd, const SockAddr& to, std::string_view bytes);

}  // namespace vg::net
