#include "net/connection.h"

#include <cstring>

#include "net/context.h"
#include "net/tls_stream.h"
#include "net/worker.h"

namespace vg::net {

namespace {

constexpr size_t kReadChunk = 8192;             // free space wanted before each read
constexpr size_t kShrinkAbove = 64 * 1024;      // an empty buffer larger than this is released
constexpr size_t kMaxGather = 64;               // queued messages per write call
constexpr size_t kMaxGatherBytes = 256 * 1024;  // bytes per write call

bool is_peer_close(const std::error_code& ec) {
  return ec == asio::error::eof || ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
         ec == asio::error::connection_aborted || ec == asio::error::operation_aborted;
}

}  // namespace

Connection::Connection(Context& ctx, size_t worker, ConnectionId id, Transport transport,
                       std::unique_ptr<Stream> stream, Endpoint remote, size_t listener, Endpoint local,
                       bool inbound)
    : ctx_(ctx),
      worker_(worker),
      id_(id),
      transport_(transport),
      remote_(remote),
      listener_(listener),
      local_(local),
      inbound_(inbound),
      stream_(std::move(stream)),
      framer_(ctx.limits) {
  created_at_ = last_activity_ = write_stalled_since_ = ctx.clock.mono();
}

// Runs when the last callback or table reference goes, on whichever thread drops it. The stream is
// closed by then (close() ran on the worker), so destroying it touches no shared reactor state; a
// connection whose start was still queued when its worker stopped goes with the io_context.
Connection::~Connection() = default;

SendError Connection::reserve(size_t bytes) {
  if (closed()) return SendError::kConnectionClosed;
  size_t before = queued_bytes_.fetch_add(bytes, std::memory_order_acq_rel);
  if (before + bytes > ctx_.config.max_write_queue_bytes) {
    queued_bytes_.fetch_sub(bytes, std::memory_order_acq_rel);
    return SendError::kQueueFull;
  }
  return SendError::kNone;
}

void Connection::start_accepted() {
  if (state_ == State::kClosed) return;
  stream_->async_start(true, [self = shared_from_this()](const std::error_code& ec) { self->on_started(ec); });
}

void Connection::start_outgoing(const Endpoint* bind_from) {
  if (state_ == State::kClosed) return;
  if (transport_ == Transport::kTls) {
    auto contexts = ctx_.tls_contexts();
    if (!contexts) {
      close(DropReason::kConnectFailed);
      return;
    }
    stream_ = make_tls_client_stream(ctx_.workers[worker_]->io(), contexts->client_for(remote_));
  } else {
    stream_ = make_tcp_stream(ctx_.workers[worker_]->io());
  }
  stream_->async_connect(remote_, bind_from, [self = shared_from_this()](const std::error_code& ec) {
    if (self->state_ == State::kClosed) return;
    if (ec) {
      self->close(DropReason::kConnectFailed);
      return;
    }
    self->stream_->async_start(false, [self](const std::error_code& ec2) { self->on_started(ec2); });
  });
}

void Connection::on_started(const std::error_code& ec) {
  if (state_ == State::kClosed) return;
  if (ec) {
    // A TLS handshake that fails (old protocol version, no common cipher, a certificate that does
    // not verify) is counted as such in both directions.
    if (transport_ == Transport::kTls) {
      close(DropReason::kTlsHandshakeFailed);
    } else {
      close(inbound_ ? std::optional<DropReason>{} : DropReason::kConnectFailed);
    }
    return;
  }
  state_ = State::kOpen;
  last_activity_ = ctx_.clock.mono();
  read_more();
  if (!queue_.empty() && !writing_) write_more();
}

void Connection::read_more() {
  if (buffer_.size() - end_ < kReadChunk) {
    if (begin_ > 0) {
      std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    if (buffer_.size() - end_ < kReadChunk) {
      // process() keeps the unconsumed part within max_partial_bytes, so this stays bounded.
      size_t cap = ctx_.config.max_partial_bytes + kReadChunk;
      buffer_.resize(std::min(std::max(buffer_.size() * 2, end_ + kReadChunk), cap));
    }
  }
  stream_->async_read_some(buffer_.data() + end_, buffer_.size() - end_,
                           [self = shared_from_this()](const std::error_code& ec, size_t n) { self->on_read(ec, n); });
}

void Connection::on_read(const std::error_code& ec, size_t n) {
  if (state_ == State::kClosed) return;
  if (ec) {
    close(is_peer_close(ec) ? std::optional<DropReason>{} : DropReason::kReceiveError);
    return;
  }
  end_ += n;
  last_activity_ = ctx_.clock.mono();
  ctx_.stats.of(transport_).bytes_in.fetch_add(n, std::memory_order_relaxed);
  process();
  if (state_ == State::kOpen) read_more();
}

void Connection::process() {
  while (state_ == State::kOpen && begin_ < end_) {
    std::string_view pending(buffer_.data() + begin_, end_ - begin_);
    sip::Frame f = framer_.next(pending);
    switch (f.status) {
      case sip::FrameStatus::kComplete: {
        message_started_.reset();
        std::string_view message = f.message(pending);
        begin_ += f.consumed;
        deliver(message);  // the view stays valid: nothing touches buffer_ until the next read
        break;
      }
      case sip::FrameStatus::kKeepalive:
        begin_ += f.consumed;
        ctx_.stats.keepalives_in.fetch_add(1, std::memory_order_relaxed);
        // RFC 5626 §4.4.1: answer a double-CRLF ping with a single CRLF pong. A peer that does not
        // read its pongs fills the write queue; then pongs are skipped rather than queued.
        if (f.ping && reserve(2) == SendError::kNone) push(Pending{"\r\n", false});
        break;
      case sip::FrameStatus::kMalformed:
        close(DropReason::kMalformedFrame);
        return;
      case sip::FrameStatus::kNeedMore:
        if (pending.size() > ctx_.config.max_partial_bytes) {
          close(DropReason::kPartialTooLarge);
          return;
        }
        // Slowloris: the header timeout runs from the first byte of a message, not from the last.
        if (!message_started_) message_started_ = last_activity_;
        return;
    }
  }
  if (state_ == State::kOpen && begin_ == end_) {
    begin_ = end_ = 0;
    if (buffer_.size() > kShrinkAbove) std::vector<char>().swap(buffer_);
  }
}

void Connection::deliver(std::string_view message) {
  Inbound in;
  in.data = message;
  in.source = remote_;
  in.local = local_;
  in.transport = transport_;
  in.connection = id_;
  in.listener = listener_;
  in.received_at = last_activity_;
  ctx_.stats.of(transport_).messages_in.fetch_add(1, std::memory_order_relaxed);
  try {
    ctx_.handler.on_message(in, *ctx_.sender);
  } catch (...) {
    ctx_.stats.count(DropReason::kHandlerException);
  }
}

void Connection::enqueue(std::string bytes) { push(Pending{std::move(bytes), true}); }

void Connection::push(Pending p) {
  if (state_ == State::kClosed) {
    // Reserved, then the connection closed before the post ran.
    if (p.message) ctx_.stats.count(DropReason::kWriteQueueDropped);
    return;
  }
  if (queue_.empty()) write_stalled_since_ = ctx_.clock.mono();
  queue_.push_back(std::move(p));
  if (state_ == State::kOpen && !writing_) write_more();
}

void Connection::write_more() {
  std::vector<asio::const_buffer> buffers;
  size_t total = 0;
  for (const Pending& p : queue_) {
    if (buffers.size() == kMaxGather || total >= kMaxGatherBytes) break;
    buffers.push_back(asio::buffer(p.bytes));
    total += p.bytes.size();
  }
  writing_count_ = buffers.size();
  writing_ = true;
  // std::deque keeps element addresses stable under push_back, so the buffers stay valid.
  stream_->async_write(std::move(buffers),
                       [self = shared_from_this()](const std::error_code& ec, size_t n) { self->on_write(ec, n); });
}

void Connection::on_write(const std::error_code& ec, size_t /*n*/) {
  writing_ = false;
  if (state_ == State::kClosed) return;
  if (ec) {
    ctx_.stats.count(SendError::kSocketError);
    close(std::nullopt);
    return;
  }
  auto now = ctx_.clock.mono();
  last_activity_ = write_stalled_since_ = now;
  uint64_t messages = 0, bytes = 0;
  for (size_t i = 0; i < writing_count_; ++i) {
    bytes += queue_.front().bytes.size();
    messages += queue_.front().message ? 1 : 0;
    queue_.pop_front();
  }
  writing_count_ = 0;
  queued_bytes_.fetch_sub(bytes, std::memory_order_acq_rel);
  auto& ts = ctx_.stats.of(transport_);
  ts.messages_out.fetch_add(messages, std::memory_order_relaxed);
  ts.bytes_out.fetch_add(bytes, std::memory_order_relaxed);
  if (!queue_.empty()) write_more();
}

void Connection::close(std::optional<DropReason> why) {
  if (state_ == State::kClosed) return;
  auto self = shared_from_this();  // the table may hold the last other reference
  state_ = State::kClosed;
  closed_.store(true, std::memory_order_release);
  if (why) ctx_.stats.count(*why);
  uint64_t unsent = 0;
  for (const Pending& p : queue_) unsent += p.message ? 1 : 0;
  if (unsent > 0) ctx_.stats.count(DropReason::kWriteQueueDropped, unsent);
  // Closing cancels pending operations; their callbacks see kClosed and return. The stream object,
  // the read buffer and the write queue live on until the destructor: a composed write (async_write)
  // whose intermediate step already completed still continues on the socket object and its buffers,
  // and every callback holds a reference to this connection.
  if (stream_) stream_->close();
  ctx_.table.remove(*this);
  ctx_.table.release(inbound_ ? &remote_.address : nullptr);
  ctx_.stats.connections_closed.fetch_add(1, std::memory_order_relaxed);
  ctx_.workers[worker_]->disown(id_);
}

void Connection::sweep(Clock::MonoTime now) {
  switch (state_) {
    case State::kClosed:
      return;
    case State::kConnecting: {
      if (inbound_ && transport_ == Transport::kTls) {
        // An accepted TLS connection stays here until its handshake completes (one that connects
        // and says nothing, or stalls mid-handshake, holds a slot: bounded separately).
        if (now - created_at_ >= ctx_.config.tls_handshake_timeout) close(DropReason::kTlsHandshakeTimeout);
        return;
      }
      auto limit = inbound_ ? std::chrono::duration_cast<Clock::Duration>(ctx_.config.header_timeout)
                            : std::chrono::duration_cast<Clock::Duration>(ctx_.config.connect_timeout);
      if (now - created_at_ >= limit) close(inbound_ ? DropReason::kHeaderTimeout : DropReason::kConnectFailed);
      return;
    }
    case State::kOpen:
      if (message_started_ && now - *message_started_ >= ctx_.config.header_timeout) {
        close(DropReason::kHeaderTimeout);
      } else if (now - last_activity_ >= ctx_.config.idle_timeout) {
        close(DropReason::kIdleClose);
      } else if (!queue_.empty() && now - write_stalled_since_ >= ctx_.config.idle_timeout) {
        close(DropReason::kIdleClose);  // the peer stopped reading
      }
      return;
  }
}

}  // namespace vg::net
