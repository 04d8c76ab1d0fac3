// The media port range: hands out even RTP ports (RTCP is the odd port above, RFC 3550 §11) from a
// configured range and takes them back when a call ends. Freed ports go to the back of the queue,
// so a port is not reused right away (late packets of an ended call do not reach the next one).
// Thread-safe (signalling threads allocate; the packet path never touches it).
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <vector>

namespace vg::media {

class PortPool {
 public:
  // [min_port, max_port]; an odd min is rounded up, so every port handed out is even and port+1 is
  // still in range. An empty range gives a pool that is always exhausted.
  PortPool(uint16_t min_port, uint16_t max_port);

  // The next free even port, or nullopt when all are in use.
  std::optional<uint16_t> allocate();
  // Returns a port to the pool; ports not from this pool or already free are ignored.
  void release(uint16_t port);

  [[nodiscard]] size_t capacity() const { return capacity_; }
  [[nodiscard]] size_t available() const;

 private:
  mutable std::mutex mu_;
  uint16_t min_;
  size_t capacity_ = 0;
  std::deque<uint16_t> free_;
  std::vector<bool> in_use_;  // by (port - min) / 2
};

}  // namespace vg::media
