// vg::sip::Message: one SIP request or response over a contiguous buffer the message owns.
// Parsing frames the start line and header fields (views into the buffer, no allocation per header);
// typed values (URIs, Via, From/To, CSeq, ...) are parsed lazily on first access and cached.
// A Message is owned by one thread at a time (the caches are not synchronised).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sip/auth.h"
#include "sip/error.h"
#include "sip/header_id.h"
#include "sip/limits.h"
#include "sip/method.h"
#include "sip/name_addr.h"
#include "sip/uri.h"
#include "sip/via.h"

namespace vg::sip {

struct HeaderField {
  std::string_view name;   // as written (compact or full, any case)
  std::string_view value;  // trimmed; one element of a comma-separated list header
  HeaderId id = HeaderId::kUnknown;
  uint32_t line_begin = 0;  // offset of the header line in the message buffer
  uint32_t line_end = 0;    // offset just past the line terminator (incl. folded continuation lines)
};

struct CSeq {
  uint32_t number = 0;
  std::string_view method_name;
  Method method = Method::kExtension;
};

struct ParseOptions {
  Limits limits{};
  // Stream transports (TCP, TLS): the framer already cut the message; a missing Content-Length means
  // an empty body. Datagrams: bytes beyond Content-Length are discarded (RFC 3261 §18.3).
  bool stream = false;
};

class Message {
 public:
  // Copies bytes into an owned buffer and frames the message. Framing errors (start line, header
  // syntax, limits, Content-Length) are reported here; header values are checked by validate() or
  // on typed access.
  static Result<Message, ParseError> parse(std::string_view bytes, const ParseOptions& options = {});

  Message(Message&&) noexcept = default;
  Message& operator=(Message&&) noexcept = default;
  Message(const Message&) = delete;
  Message& operator=(const Message&) = delete;
  ~Message() = default;

  // Checks everything a proxy relies on, top to bottom: Request-URI, Via, From, To, Call-ID, CSeq
  // (and its method), Max-Forwards, Contact, Expires, duplicates of single-valued headers, and the
  // presence of Via, From, To, Call-ID and CSeq.
  [[nodiscard]] Result<void, ParseError> validate() const;

  // --- start line ---
  [[nodiscard]] bool is_request() const { return status_code_ == 0; }
  [[nodiscard]] bool is_response() const { return status_code_ != 0; }
  [[nodiscard]] Method method() const { return method_; }
  [[nodiscard]] std::string_view method_name() const { return method_name_; }
  [[nodiscard]] std::string_view request_uri_text() const { return request_uri_text_; }
  [[nodiscard]] std::string_view version() const { return version_; }
  [[nodiscard]] int status_code() const { return status_code_; }
  [[nodiscard]] std::string_view reason() const { return reason_; }
  [[nodiscard]] std::string_view start_line() const { return start_line_; }

  // --- raw header access ---
  [[nodiscard]] std::span<const HeaderField> headers() const { return headers_.span(); }
  [[nodiscard]] const HeaderField* header(HeaderId id) const;
  // By name: known names (any case, compact forms) match by id, unknown ones case-insensitively.
  [[nodiscard]] const HeaderField* header(std::string_view name) const;
  [[nodiscard]] size_t header_count(HeaderId id) const;

  [[nodiscard]] std::string_view body() const { return body_; }
  // The message bytes actually used (a datagram's trailing bytes beyond Content-Length excluded).
  [[nodiscard]] std::string_view raw() const { return {buf_, size_}; }
  // Offset in raw() where the header section starts (after the start line) and where the body starts.
  [[nodiscard]] size_t headers_offset() const { return headers_offset_; }
  [[nodiscard]] size_t body_offset() const { return body_offset_; }
  [[nodiscard]] std::optional<size_t> content_length() const { return content_length_; }
  [[nodiscard]] const Limits& limits() const { return limits_; }

  // --- typed access (lazy, cached) ---
  [[nodiscard]] Result<const Uri*, ParseError> request_uri() const;
  [[nodiscard]] Result<const Via*, ParseError> top_via() const;
  [[nodiscard]] Result<std::vector<Via>, ParseError> vias() const;
  [[nodiscard]] Result<const NameAddr*, ParseError> from() const;
  [[nodiscard]] Result<const NameAddr*, ParseError> to() const;
  [[nodiscard]] Result<std::string_view, ParseError> call_id() const;
  [[nodiscard]] Result<CSeq, ParseError> cseq() const;
  [[nodiscard]] Result<uint32_t, ParseError> max_forwards() const;
  [[nodiscard]] Result<uint32_t, ParseError> expires() const;
  [[nodiscard]] Result<const NameAddr*, ParseError> contact() const;  // first Contact value
  [[nodiscard]] Result<std::vector<NameAddr>, ParseError> contacts() const;
  [[nodiscard]] Result<std::vector<NameAddr>, ParseError> routes(HeaderId id = HeaderId::kRoute) const;
  [[nodiscard]] Result<DigestParams, ParseError> auth(HeaderId id) const;  // first value of an auth header
  [[nodiscard]] std::string_view content_type() const;  // media type without parameters, "" if absent
  [[nodiscard]] std::string_view user_agent() const;
  [[nodiscard]] std::string_view server() const;

 private:
  Message() = default;
  friend class Parser;

  template <class T>
  struct Lazy {
    T value{};
    ParseError error = ParseError::kNone;
    bool done = false;
  };
  struct Cache {
    Lazy<Uri> request_uri;
    Lazy<Via> top_via;
    Lazy<NameAddr> from;
    Lazy<NameAddr> to;
    Lazy<NameAddr> contact;
    Lazy<CSeq> cseq;
    Lazy<std::string_view> call_id;
  };

  // One allocation holds the header table (room for kInlineHeaders fields) followed by the message
  // bytes; a message with more header fields moves its table to a separate array.
  static constexpr size_t kInlineHeaders = 40;
  class HeaderTable {
   public:
    void attach(HeaderField* inline_storage, size_t capacity) {
      data_ = inline_storage;
      capacity_ = capacity;
    }
    void push_back(const HeaderField& f) {
      if (size_ == capacity_) grow();
      data_[size_++] = f;
    }
    [[nodiscard]] size_t size() const { return size_; }
    [[nodiscard]] const HeaderField* begin() const { return data_; }
    [[nodiscard]] const HeaderField* end() const { return data_ + size_; }
    [[nodiscard]] std::span<const HeaderField> span() const { return {data_, size_}; }

   private:
    void grow();
    HeaderField* data_ = nullptr;
    size_t size_ = 0, capacity_ = 0;
    std::unique_ptr<HeaderField[]> overflow_;
  };
  std::unique_ptr<std::byte[]> block_;
  char* buf_ = nullptr;  // the message bytes, inside block_
  size_t size_ = 0;
  Limits limits_{};
  std::string_view start_line_, method_name_, request_uri_text_, version_, reason_;
  Method method_ = Method::kExtension;
  int status_code_ = 0;
  HeaderTable headers_;
  std::string_view body_;
  size_t headers_offset_ = 0;
  size_t body_offset_ = 0;
  std::optional<size_t> content_length_;
  mutable Cache cache_;
};

// Parses one Call-ID value: word [ "@" word ] (RFC 3261 §25.1).
bool valid_call_id(std::string_view s);
// Parses a CSeq value: 1*DIGIT LWS Method, number <= 2^32-1.
Result<CSeq, ParseError> parse_cseq(std::string_view value);

}  // namespace vg::sip
