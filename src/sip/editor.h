// Builds a new message from a parsed one with headers added, removed or replaced, a Via pushed or
// popped, the Request-URI or body changed. Unchanged header lines are copied as spans of the
// original buffer without reparsing. Content-Length is rewritten whenever the body changes.
// An Editor lives on the stack for one message: inserted text goes to an inline arena and the
// insert list is inline too, so editing a typical message allocates nothing but the output.
#pragma once

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sip/limits.h"
#include "sip/message.h"

namespace vg::sip {

class Editor {
 public:
  explicit Editor(const Message& m) : m_(m) {}
  Editor(const Editor&) = delete;
  Editor& operator=(const Editor&) = delete;

  // Removes every value of a header (all lines).
  Editor& remove(HeaderId id);
  Editor& remove(std::string_view name);
  // Removes the first value of a header (e.g. the top Via of a response, RFC 3261 §16.7 step 3).
  Editor& remove_first(HeaderId id);
  // Replaces all values of a header by one new line at the position of the first (or appends it).
  Editor& replace(HeaderId id, std::string_view value);
  // Inserts a header line before the first header of the same id (before all headers if absent);
  // push_via adds our Via on top (RFC 3261 §16.6 step 8).
  Editor& prepend(HeaderId id, std::string_view value);
  Editor& push_via(std::string_view value) { return prepend(HeaderId::kVia, value); }
  Editor& pop_via() { return remove_first(HeaderId::kVia); }
  // Appends a header line after the last header (name as given, e.g. an extension header).
  Editor& append(std::string_view name, std::string_view value);
  Editor& append(HeaderId id, std::string_view value);
  Editor& set_request_uri(std::string_view uri);
  Editor& set_body(std::string_view body);

  // The new message. Content-Length is kept as written unless the body changed, then replaced.
  [[nodiscard]] std::string serialize() const;

 private:
  // A piece of text in the arena (offsets: the arena may move when it grows).
  struct Span {
    uint32_t offset = 0, size = 0;
  };
  struct Insert {
    uint32_t before = 0;   // index into message headers; headers().size() means at the end
    int32_t order = 0;     // among inserts at the same position: ascending (prepends negative)
    HeaderId id = HeaderId::kUnknown;
    bool dead = false;     // removed again
    std::string_view static_name;  // canonical name of id, or empty: then name_ is in the arena
    Span name_;
    Span value;
  };
  static constexpr size_t kInlineInserts = 8;
  static constexpr size_t kInlineArena = 640;

  Span store(std::string_view text, bool one_line);
  [[nodiscard]] std::string_view text(Span s) const { return {arena() + s.offset, s.size}; }
  [[nodiscard]] std::string_view name_of(const Insert& ins) const {
    return ins.static_name.empty() ? text(ins.name_) : ins.static_name;
  }
  [[nodiscard]] const char* arena() const { return big_ ? big_.get() : small_; }
  [[nodiscard]] size_t insert_count() const { return count_; }
  [[nodiscard]] Insert& insert_at(size_t i) { return i < kInlineInserts ? inline_[i] : more_[i - kInlineInserts]; }
  [[nodiscard]] const Insert& insert_at(size_t i) const {
    return i < kInlineInserts ? inline_[i] : more_[i - kInlineInserts];
  }
  void add_insert(const Insert& ins);
  // An insert of a header line with a known id (canonical name) and value at `before`.
  void insert_known(size_t before, int32_t order, HeaderId id, std::string_view value);
  void emit_line(std::string& out, std::string_view name, std::string_view value) const;

  const Message& m_;
  std::bitset<kMaxHeaders> removed_;  // per header field
  Insert inline_[kInlineInserts];
  std::vector<Insert> more_;
  size_t count_ = 0;
  int32_t prepends_ = 0, appends_ = 0;
  char small_[kInlineArena];
  std::unique_ptr<char[]> big_;
  size_t used_ = 0, capacity_ = kInlineArena;
  bool has_request_uri_ = false, has_body_ = false;
  Span request_uri_, body_;
};

}  // namespace vg::sip
