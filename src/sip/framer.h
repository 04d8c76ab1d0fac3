// Message framing for stream transports (TCP, TLS; RFC 3261 §18.3): finds where one message ends
// in a receive buffer, using the blank line and Content-Length. Also recognises RFC 5626 §3.5.1
// keepalives (CRLF CRLF ping; a lone CRLF pong) between messages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sip/error.h"
#include "sip/limits.h"

namespace vg::sip {

enum class FrameStatus : uint8_t {
  kNeedMore,   // the buffer holds the start of a message; read more bytes
  kComplete,   // a whole message: bytes [skipped, consumed) of the buffer
  kKeepalive,  // only CRLFs: consume them; reply with CRLF when ping is set
  kMalformed,  // unrecoverable: close the connection (error says why)
};

struct Frame {
  FrameStatus status = FrameStatus::kNeedMore;
  size_t consumed = 0;  // bytes to drop from the front of the buffer
  size_t skipped = 0;   // leading CRLF bytes before the message (kComplete)
  bool ping = false;    // kKeepalive: a double CRLF was seen (RFC 5626 ping)
  size_t header_end = 0;  // kNeedMore: end of the header section once found (the body is incomplete)
  ParseError error = ParseError::kNone;

  [[nodiscard]] std::string_view message(std::string_view buffer) const {
    return buffer.substr(skipped, consumed - skipped);
  }
};

// Examines the front of buffer. Headers longer than limits.max_message_size without a blank line,
// a bad or duplicate Content-Length, or a message over the size limit are kMalformed.
// search_from: where to resume looking for the blank line (bytes already scanned by an earlier call
// on the same, grown buffer); keeps a slowly trickling peer from costing quadratic time.
Frame frame_stream(std::string_view buffer, const Limits& limits = {}, size_t search_from = 0);

// Per-connection framer that remembers how far it scanned between reads. Owned by one connection.
class StreamFramer {
 public:
  explicit StreamFramer(const Limits& limits = {}) : limits_(limits) {}
  // Call with the whole unconsumed buffer after each read; after kComplete or kKeepalive the caller
  // drops f.consumed bytes from the front before calling again.
  Frame next(std::string_view buffer) {
    Frame f = frame_stream(buffer, limits_, scanned_);
    // Resume where the blank line may still appear; once it has been found, resume just before it
    // (never after it: a blank line inside the body must not be taken for the end of the headers).
    size_t resume = f.header_end != 0 ? f.header_end : buffer.size();
    scanned_ = f.status == FrameStatus::kNeedMore && resume > 3 ? resume - 3 : 0;
    return f;
  }

 private:
  Limits limits_;
  size_t scanned_ = 0;
};

}  // namespace vg::sip
