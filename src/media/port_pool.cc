#include "media/port_pool.h"

namespace vg::media {

PortPool::PortPool(uint16_t min_port, uint16_t max_port) : min_(static_cast<uint16_t>(min_port + (min_port & 1))) {
  if (max_port > min_ && max_port - min_ >= 1) capacity_ = (size_t{max_port} - min_ + 1) / 2;
  in_use_.assign(capacity_, false);
  for (size_t i = 0; i < capacity_; ++i) free_.push_back(static_cast<uint16_t>(min_ + 2 * i));
}

std::optional<uint16_t> PortPool::allocate() {
  std::lock_guard lock(mu_);
  if (free_.empty()) return std::nullopt;
  const uint16_t p = free_.front();
  free_.pop_front();
  in_use_[(p - min_) / 2] = true;
  return p;
}

void PortPool::release(uint16_t port) {
  std::lock_guard lock(mu_);
  if (port < min_ || (port - min_) % 2 != 0) return;
  const size_t i = (size_t{port} - min_) / 2;
  if (i >= capacity_ || !in_use_[i]) return;
  in_use_[i] = false;
  free_.push_back(port);
}

size_t PortPool::available() const {
  std::lock_guard lock(mu_);
  return free_.size();
}

}  // namespace vg::media
