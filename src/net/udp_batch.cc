#include "net/udp_batch.h"

#include <cerrno>
#include <cstring>

namespace vg::net {

namespace {

SendError classify_send_errno(int err) {
  switch (err) {
    case EAGAIN:
#if EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK:
#endif
    case ENOBUFS:
      return SendError::kQueueFull;
    case EMSGSIZE:
      return SendError::kTooLarge;
    default:
      return SendError::kSocketError;
  }
}

}  // namespace

UdpReceiveBatch::UdpReceiveBatch(size_t count, size_t slot_size)
    : slot_size_(slot_size), buffer_(count * slot_size), iov_(count), addrs_(count), msgs_(count) {
  for (size_t i = 0; i < count; ++i) {
    iov_[i].iov_base = buffer_.data() + i * slot_size_;
    iov_[i].iov_len = slot_size_;
    std::memset(&msgs_[i], 0, sizeof msgs_[i]);
    msgs_[i].msg_hdr.msg_iov = &iov_[i];
    msgs_[i].msg_hdr.msg_iovlen = 1;
    msgs_[i].msg_hdr.msg_name = &addrs_[i];
  }
}

int UdpReceiveBatch::receive(int fd) {
  for (auto& m : msgs_) {
    // The kernel overwrites these per call.
    m.msg_hdr.msg_namelen = sizeof(sockaddr_storage);
    m.msg_hdr.msg_flags = 0;
    m.msg_len = 0;
  }
  int n;
  do {
    n = ::recvmmsg(fd, msgs_.data(), static_cast<unsigned>(msgs_.size()), MSG_DONTWAIT, nullptr);
  } while (n < 0 && errno == EINTR);
  return n;
}

std::string_view UdpReceiveBatch::data(size_t i) const {
  size_t len = msgs_[i].msg_len;
  if (len > slot_size_) len = slot_size_;
  return {buffer_.data() + i * slot_size_, len};
}

bool UdpReceiveBatch::truncated(size_t i) const { return (msgs_[i].msg_hdr.msg_flags & MSG_TRUNC) != 0; }

Endpoint UdpReceiveBatch::source(size_t i) const {
  return from_sockaddr(reinterpret_cast<const sockaddr*>(&addrs_[i]), msgs_[i].msg_hdr.msg_namelen);
}

UdpSendBatch::UdpSendBatch(size_t max_messages, size_t max_bytes)
    : max_messages_(max_messages), max_bytes_(max_bytes) {
  data_.reserve(max_bytes_);
  entries_.reserve(max_messages_);
  iov_.resize(max_messages_);
  msgs_.resize(max_messages_);
}

bool UdpSendBatch::has_room(size_t bytes) const {
  return entries_.size() < max_messages_ && data_.size() + bytes <= max_bytes_;
}

void UdpSendBatch::add(int fd, const SockAddr& to, std::string_view bytes) {
  entries_.push_back(Entry{fd, to, data_.size(), bytes.size()});
  data_.insert(data_.end(), bytes.begin(), bytes.end());
}

UdpFlushResult UdpSendBatch::flush() {
  UdpFlushResult r;
  const size_t n = entries_.size();
  for (size_t i = 0; i < n; ++i) {
    Entry& e = entries_[i];
    iov_[i].iov_base = data_.data() + e.offset;
    iov_[i].iov_len = e.size;
    std::memset(&msgs_[i], 0, sizeof msgs_[i]);
    msgs_[i].msg_hdr.msg_name = &e.to.storage;
    msgs_[i].msg_hdr.msg_namelen = e.to.length;
    msgs_[i].msg_hdr.msg_iov = &iov_[i];
    msgs_[i].msg_hdr.msg_iovlen = 1;
  }
  size_t i = 0;
  while (i < n) {
    const int fd = entries_[i].fd;
    size_t end = i;
    while (end < n && entries_[end].fd == fd) ++end;
    size_t k = i;
    while (k < end) {
      int sent = ::sendmmsg(fd, &msgs_[k], static_cast<unsigned>(end - k), MSG_DONTWAIT | MSG_NOSIGNAL);
      if (sent > 0) {
        for (size_t j = k; j < k + static_cast<size_t>(sent); ++j) r.bytes += entries_[j].size;
        r.sent += static_cast<uint64_t>(sent);
        k += static_cast<size_t>(sent);
        continue;
      }
      if (sent < 0 && errno == EINTR) continue;
      // msgs_[k] failed (sendmmsg reports the first failure as -1 on the next call).
      switch (classify_send_errno(errno)) {
        case SendError::kQueueFull:
          // The socket buffer is full: the rest of this run would fail the same way.
          r.queue_full += end - k;
          k = end;
          continue;
        case SendError::kTooLarge: ++r.too_large; break;
        default: ++r.errors; break;
      }
      ++k;
    }
    i = end;
  }
  entries_.clear();
  data_.clear();
  return r;
}

SendError send_datagram(int fd, const SockAddr& to, std::string_view bytes) {
  ssize_t n;
  do {
    n = ::sendto(fd, bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL, to.get(), to.length);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return classify_send_errno(errno);
  return SendError::kNone;
}

}  // namespace vg::net
