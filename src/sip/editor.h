// Builds a new message from a parsed one with headers added, removed or replaced, a Via pushed or
// popped, the Request-URI or body changed. Unchanged header lines are copied as spans of the
// original buffer without reparsing. Content-Length is rewritten whenever the body changes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sip/message.h"

namespace vg::sip {

class Editor {
 public:
  explicit Editor(const Message& m);

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
  Editor& append(HeaderId id, std::string_view value) { return append(canonical_name(id), value); }
  Editor& set_request_uri(std::string_view uri);
  Editor& set_body(std::string_view body);

  // The new message. Content-Length is kept as written unless the body changed, then replaced.
  [[nodiscard]] std::string serialize() const;

 private:
  struct Insert {
    size_t before;  // index into message headers; headers().size() means at the end
    std::string name;
    std::string value;
  };
  void emit_line(std::string& out, std::string_view name, std::string_view value) const;

  const Message& m_;
  std::vector<uint8_t> removed_;  // per header field
  std::vector<Insert> inserts_;
  std::optional<std::string> request_uri_;
  std::optional<std::string> body_;
};

}  // namespace vg::sip
