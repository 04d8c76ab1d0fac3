// Framing of one SIP message: start line, header fields (with unfolding and list splitting),
// Content-Length and body. Sans-I/O; works on the buffer the Message owns.
#include <algorithm>
#include <cstring>
#include <type_traits>

#include "sip/message.h"
#include "sip/scan.h"

namespace vg::sip {

class Parser {
 public:
  Parser(Message& m, const ParseOptions& o) : m_(m), opts_(o), limits_(o.limits.clamped()) {}
  Result<void, ParseError> run();

 private:
  Result<void, ParseError> start_line(std::string_view line);
  Result<void, ParseError> flush_header();
  Result<void, ParseError> push_field(std::string_view name, std::string_view value, HeaderId id);

  Message& m_;
  const ParseOptions& opts_;
  Limits limits_;
  // Header being assembled (it may continue on folded lines).
  bool pending_ = false;
  size_t pend_line_begin_ = 0, pend_name_end_ = 0, pend_value_begin_ = 0, pend_value_end_ = 0, pend_line_end_ = 0;
};

namespace {
using scan::is_ws;

bool version_ok(std::string_view v) {
  // RFC 3261 §7.1: SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT; only 2.0 is supported (§8.2.2? §21.5.25:
  // a proxy answers other versions with 505). "SIP" is case-insensitive as an ABNF literal.
  return v.size() == 7 && scan::iequals(v.substr(0, 4), "SIP/") && v.substr(4) == "2.0";
}

// RFC 3261 §25.1 quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F): a NUL may appear escaped inside a
// quoted string (RFC 4475 §3.1.1.2). Anywhere else a NUL is rejected.
bool nul_only_in_quoted_pairs(std::string_view line) {
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted && c == '\\') {
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == '\0') {
      return false;
    }
  }
  return true;
}

bool looks_like_version(std::string_view v) {
  if (v.size() < 7 || !scan::iequals(v.substr(0, 4), "SIP/")) return false;
  auto rest = v.substr(4);
  size_t dot = rest.find('.');
  if (dot == 0 || dot == std::string_view::npos || dot + 1 == rest.size()) return false;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (i != dot && !scan::is_digit(rest[i])) return false;
  }
  return true;
}
}  // namespace

Result<void, ParseError> Parser::start_line(std::string_view line) {
  m_.start_line_ = line;
  if (line.empty()) return unexpected(ParseError::kBadStartLine);
  if (line.size() > 4 && scan::iequals(line.substr(0, 4), "SIP/")) {
    // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase
    size_t sp = line.find(' ');
    if (sp == std::string_view::npos) return unexpected(ParseError::kBadStartLine);
    auto version = line.substr(0, sp);
    if (!version_ok(version)) {
      return unexpected(looks_like_version(version) ? ParseError::kBadVersion : ParseError::kBadStartLine);
    }
    m_.version_ = version;
    auto rest = line.substr(sp + 1);
    size_t sp2 = rest.find(' ');
    auto code = rest.substr(0, sp2);
    if (code.size() != 3) return unexpected(ParseError::kBadStatusCode);
    auto n = scan::parse_uint<uint32_t>(code, 699);
    if (!n || *n < 100) return unexpected(ParseError::kBadStatusCode);
    m_.status_code_ = static_cast<int>(*n);
    // Reason-Phrase may be empty (RFC 4475 §3.1.1.13); be liberal about the missing SP before it.
    m_.reason_ = sp2 == std::string_view::npos ? std::string_view{} : rest.substr(sp2 + 1);
    for (char ch : m_.reason_) {
      auto c = static_cast<unsigned char>(ch);
      if ((c < 0x20 && ch != '\t') || c == 0x7f) return unexpected(ParseError::kBadReasonPhrase);
    }
    return {};
  }
  // Request-Line = Method SP Request-URI SP SIP-Version CRLF, single SPs only (RFC 4475 §3.1.2.9/.10).
  size_t sp1 = line.find(' ');
  if (sp1 == std::string_view::npos || sp1 == 0) return unexpected(ParseError::kBadStartLine);
  auto method = line.substr(0, sp1);
  if (!scan::is_token_str(method)) return unexpected(ParseError::kBadMethod);
  size_t sp2 = line.rfind(' ');
  if (sp2 == sp1) return unexpected(ParseError::kBadStartLine);
  auto version = line.substr(sp2 + 1);
  auto uri = line.substr(sp1 + 1, sp2 - sp1 - 1);
  if (!version_ok(version)) {
    if (looks_like_version(version)) return unexpected(ParseError::kBadVersion);
    return unexpected(ParseError::kBadStartLine);
  }
  // Several SPs between the elements (RFC 4475 §3.1.2.9) is a start-line error; whitespace inside
  // the URI itself (§3.1.2.8) is a Request-URI error.
  if (uri.empty() || is_ws(uri.front()) || is_ws(uri.back())) return unexpected(ParseError::kBadStartLine);
  if (uri.size() > limits_.max_uri_length) return unexpected(ParseError::kUriTooLong);
  for (char ch : uri) {
    if (is_ws(ch)) return unexpected(ParseError::kBadRequestUri);
  }
  m_.method_name_ = method;
  m_.method_ = method_from(method);
  m_.request_uri_text_ = uri;
  m_.version_ = version;
  return {};
}

Result<void, ParseError> Parser::push_field(std::string_view name, std::string_view value, HeaderId id) {
  if (m_.headers_.size() >= limits_.max_headers) return unexpected(ParseError::kTooManyHeaders);
  m_.headers_.push_back(HeaderField{name, value, id, static_cast<uint32_t>(pend_line_begin_),
                                    static_cast<uint32_t>(pend_line_end_)});
  return {};
}

Result<void, ParseError> Parser::flush_header() {
  if (!pending_) return {};
  pending_ = false;
  const char* b = m_.buf_;
  std::string_view name(b + pend_line_begin_, pend_name_end_ - pend_line_begin_);
  std::string_view value = scan::trim(std::string_view(b + pend_value_begin_, pend_value_end_ - pend_value_begin_));
  const HeaderId id = lookup_header(name);

  if (id == HeaderId::kContentLength) {
    if (m_.content_length_) return unexpected(ParseError::kContentLengthConflict);
    auto n = scan::parse_uint<uint64_t>(value, UINT64_MAX);
    if (!n || *n > limits_.max_message_size) return unexpected(ParseError::kBadContentLength);
    m_.content_length_ = static_cast<size_t>(*n);
  }

  if (is_list_header(id) && value.find(',') != std::string_view::npos) {
    // RFC 3261 §7.3.1: a comma-separated list is equivalent to several header lines. Commas inside
    // quoted strings or <...> do not separate. Empty elements are kept so typed parsing rejects them.
    size_t pos = 0;
    while (true) {
      bool unbalanced = false;
      size_t comma = scan::find_top_level(value, ',', pos, &unbalanced);
      if (unbalanced) {
        // Keep the rest as one element: typed parsing reports the unterminated quote.
        return push_field(name, scan::trim(value.substr(pos)), id);
      }
      auto element = scan::trim(value.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
      if (auto r = push_field(name, element, id); !r) return r;
      if (comma == std::string_view::npos) break;
      pos = comma + 1;
    }
    return {};
  }
  return push_field(name, value, id);
}

Result<void, ParseError> Parser::run() {
  char* b = m_.buf_;
  const size_t n = m_.size_;
  size_t pos = 0;
  // RFC 3261 §7.5: ignore CRLFs before the start line.
  while (pos < n && (b[pos] == '\r' || b[pos] == '\n')) ++pos;
  if (pos == n) return unexpected(ParseError::kEmpty);

  // A line ends at LF or CRLF. stray_cr is set when a CR not followed by LF ends the scan: the line
  // then runs to the next LF and holds that CR (a malformed header; a bad start line).
  bool stray_cr = false;
  auto next_line = [&](size_t from, size_t& content_end, size_t& line_end) -> bool {
    const char* const end = b + n;
    const char* q = scan::find_either(b + from, end, '\r', '\n');
    stray_cr = false;
    if (q != end && *q == '\r') {
      if (q + 1 < end && q[1] == '\n') {
        content_end = static_cast<size_t>(q - b);
        line_end = content_end + 2;
        return true;
      }
      stray_cr = true;
      q = static_cast<const char*>(std::memchr(q, '\n', static_cast<size_t>(end - q)));
      if (!q) return false;
    }
    if (q == end) return false;
    const size_t i = static_cast<size_t>(q - b);
    line_end = i + 1;
    content_end = (i > from && b[i - 1] == '\r') ? i - 1 : i;
    return true;
  };

  size_t content_end = 0, line_end = 0;
  if (!next_line(pos, content_end, line_end)) return unexpected(ParseError::kHeaderSectionUnterminated);
  std::string_view first(b + pos, content_end - pos);
  if (std::memchr(first.data(), '\0', first.size())) return unexpected(ParseError::kNulByte);
  if (stray_cr) return unexpected(ParseError::kBadStartLine);
  if (auto r = start_line(first); !r) return r;

  pos = line_end;
  m_.headers_offset_ = pos;
  // Next NUL at or after pos, found once rather than by a scan of every line: a line holds a NUL
  // exactly when this pointer lies before its end (lines are checked in order, none skipped).
  const char* nul = static_cast<const char*>(std::memchr(b + pos, '\0', n - pos));
  while (true) {
    if (!next_line(pos, content_end, line_end)) {
      return unexpected(n - pos > limits_.max_header_line_length ? ParseError::kHeaderLineTooLong
                                                                 : ParseError::kHeaderSectionUnterminated);
    }
    std::string_view line(b + pos, content_end - pos);
    if (line.empty()) {
      if (auto r = flush_header(); !r) return r;
      pos = line_end;
      break;
    }
    if (nul != nullptr && nul < b + content_end) {
      if (!nul_only_in_quoted_pairs(line)) return unexpected(ParseError::kNulByte);
      nul = static_cast<const char*>(std::memchr(b + content_end, '\0', n - content_end));
    }
    if (stray_cr) return unexpected(ParseError::kMalformedHeader);
    if (is_ws(line[0])) {
      // RFC 3261 §7.3.1 line folding: the continuation belongs to the previous header. Replace the
      // previous line break with spaces in place so values stay one contiguous view.
      if (!pending_) return unexpected(ParseError::kMalformedHeader);
      for (size_t i = pend_value_end_; i < pos; ++i) b[i] = ' ';
      pend_value_end_ = content_end;
      pend_line_end_ = line_end;
      if (pend_value_end_ - pend_line_begin_ > limits_.max_header_line_length) {
        return unexpected(ParseError::kHeaderLineTooLong);
      }
      pos = line_end;
      continue;
    }
    if (auto r = flush_header(); !r) return r;
    if (line.size() > limits_.max_header_line_length) return unexpected(ParseError::kHeaderLineTooLong);
    // Usual shape, in one pass: token chars, optional WSP, then the line's first ':'. Anything else
    // takes the general path below, which picks the error.
    size_t name_end = 0;
    while (name_end < line.size() && scan::is_token(line[name_end])) ++name_end;
    size_t colon = name_end;
    while (colon < line.size() && is_ws(line[colon])) ++colon;
    if (name_end == 0 || colon == line.size() || line[colon] != ':') {
      colon = line.find(':');
      if (colon == std::string_view::npos) return unexpected(ParseError::kMalformedHeader);
      name_end = colon;
      while (name_end > 0 && is_ws(line[name_end - 1])) --name_end;  // HCOLON allows WSP before ':'
      if (!scan::is_token_str(line.substr(0, name_end))) return unexpected(ParseError::kBadHeaderName);
    }
    pending_ = true;
    pend_line_begin_ = pos;
    pend_name_end_ = pos + name_end;
    pend_value_begin_ = pos + colon + 1;
    pend_value_end_ = content_end;
    pend_line_end_ = line_end;
    pos = line_end;
  }

  m_.body_offset_ = pos;
  size_t available = n - pos;
  if (m_.content_length_) {
    if (*m_.content_length_ > available) return unexpected(ParseError::kBodyTruncated);
    // Datagram: octets beyond Content-Length are discarded (RFC 3261 §18.3, RFC 4475 §3.1.1.8).
    m_.size_ = pos + *m_.content_length_;
  } else if (opts_.stream) {
    m_.size_ = pos;
  }
  m_.body_ = std::string_view(b + pos, m_.size_ - pos);
  return {};
}

void Message::HeaderTable::grow() {
  const size_t cap = capacity_ ? capacity_ * 2 : Message::kInlineHeaders;
  auto bigger = std::make_unique<HeaderField[]>(cap);
  std::copy(data_, data_ + size_, bigger.get());
  overflow_ = std::move(bigger);
  data_ = overflow_.get();
  capacity_ = cap;
}

Result<Message, ParseError> Message::parse(std::string_view bytes, const ParseOptions& options) {
  const Limits limits = options.limits.clamped();
  if (bytes.empty()) return unexpected(ParseError::kEmpty);
  if (bytes.size() > limits.max_message_size) return unexpected(ParseError::kTooLarge);
  Message m;
  m.limits_ = limits;
  // Header fields first (aligned), then the bytes: one allocation per message.
  const size_t table = Message::kInlineHeaders * sizeof(HeaderField);
  m.block_ = std::make_unique_for_overwrite<std::byte[]>(table + bytes.size());
  // HeaderField is an aggregate of trivially copyable members (an implicit-lifetime type): the
  // byte array provides its objects, each written whole by push_back before it is read.
  static_assert(std::is_trivially_copyable_v<HeaderField> && std::is_trivially_destructible_v<HeaderField>);
  m.headers_.attach(reinterpret_cast<HeaderField*>(m.block_.get()), Message::kInlineHeaders);
  m.buf_ = reinterpret_cast<char*>(m.block_.get() + table);
  std::memcpy(m.buf_, bytes.data(), bytes.size());  // not empty: refused above
  m.size_ = bytes.size();
  Parser p(m, options);
  if (auto r = p.run(); !r) return unexpected(r.error());
  return m;
}

}  // namespace vg::sip
