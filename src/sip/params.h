// Semicolon-separated parameters (URI parameters, header parameters) kept as one raw view and
// looked up on demand without allocation.
#pragma once

#include <optional>
#include <string_view>

namespace vg::sip {

// One "name[=value]" item. value is empty for a flag parameter (has_value false); quoted values keep
// their quotes.
struct Param {
  std::string_view name;
  std::string_view value;
  bool has_value = false;
};

class ParamList {
 public:
  ParamList() = default;
  // raw starts at the first parameter (after the first ';'), e.g. "tag=1;lr".
  explicit ParamList(std::string_view raw) : raw_(raw) {}

  [[nodiscard]] std::string_view raw() const { return raw_; }
  [[nodiscard]] bool empty() const { return raw_.empty(); }

  // Case-insensitive lookup by name; nullopt when absent. A flag parameter yields an empty view.
  [[nodiscard]] std::optional<std::string_view> get(std::string_view name) const;
  [[nodiscard]] bool has(std::string_view name) const { return get(name).has_value(); }
  [[nodiscard]] std::optional<Param> find(std::string_view name) const;

  // Iteration: call next() until it returns false.
  class Cursor {
   public:
    explicit Cursor(std::string_view raw) : rest_(raw) {}
    bool next(Param& out);

   private:
    std::string_view rest_;
  };
  [[nodiscard]] Cursor cursor() const { return Cursor(raw_); }

 private:
  std::string_view raw_;
};

// Checks "name[=value]" items separated by ';' (whitespace around '=' and ';' allowed, as in header
// params). quoted_values allows quoted-string values (header params), otherwise values must match
// value_ok. Returns false on an empty name, a bad character or an unterminated quote.
bool validate_params(std::string_view raw, bool header_params);

// validate_params and iteration in one pass: calls on_param(const Param&) for each item of a valid
// list (the same items a Cursor yields) and stops with false at the first syntax error or when
// on_param returns false. Parsers that need a few parameters' values use this instead of a second
// scan with a Cursor.
template <class F>
bool scan_params(std::string_view raw, bool header_params, F&& on_param);

namespace detail {
// One item of scan_params: reads "name[=value]" at p (LWS skipped around), fills out, advances p to
// the ';' or the end. False on a syntax error.
bool read_param(const char*& p, const char* end, bool header_params, Param& out);
}  // namespace detail

template <class F>
bool scan_params(std::string_view raw, bool header_params, F&& on_param) {
  const char* p = raw.data();
  const char* const end = p + raw.size();
  Param item;
  while (true) {
    if (!detail::read_param(p, end, header_params, item)) return false;
    if (!on_param(item)) return false;
    if (p == end) return true;
    ++p;  // the ';'
  }
}

}  // namespace vg::sip
