// Character classes and small scanning helpers of the SDP grammar (RFC 8866 §9), shared by the
// parser, the typed attribute parsers and the rewriter. Internal to vg::sdp.
#pragma once

#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

namespace vg::sdp::scan {

inline constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline constexpr bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
inline constexpr bool is_ws(char c) { return c == ' ' || c == '\t'; }
// VCHAR: visible US-ASCII (RFC 5234 appendix B.1).
inline constexpr bool is_vchar(char c) { return c >= 0x21 && c <= 0x7e; }

// RFC 8866 §9: token-char = %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E
inline constexpr bool is_token_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u == 0x21 || (u >= 0x23 && u <= 0x27) || (u >= 0x2a && u <= 0x2b) || (u >= 0x2d && u <= 0x2e) ||
         (u >= 0x30 && u <= 0x39) || (u >= 0x41 && u <= 0x5a) || (u >= 0x5e && u <= 0x7e);
}

// RFC 8839 §5.1: ice-char = ALPHA / DIGIT / "+" / "/"
inline constexpr bool is_ice_char(char c) { return is_alpha(c) || is_digit(c) || c == '+' || c == '/'; }

template <class Pred>
constexpr bool all_of(std::string_view s, Pred pred) {
  for (char c : s) {
    if (!pred(c)) return false;
  }
  return true;
}

inline constexpr bool is_token(std::string_view s) { return !s.empty() && all_of(s, is_token_char); }
// An address as text: IP literal or host name. RFC 8866 §9 builds those from token characters,
// plus ':' for IPv6.
inline constexpr bool is_address_text(std::string_view s) {
  return !s.empty() && all_of(s, [](char c) { return is_token_char(c) || c == ':'; });
}
inline constexpr bool is_digits(std::string_view s) { return !s.empty() && all_of(s, is_digit); }

inline constexpr char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

inline constexpr bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

inline constexpr bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// Unsigned decimal made only of digits (no sign, no spaces), at most `max_digits` long and not
// above `max`. std::from_chars does the conversion (CONVENTIONS: numbers via from_chars).
template <class T>
std::optional<T> parse_uint(std::string_view s, T max = std::numeric_limits<T>::max(), size_t max_digits = 20) {
  if (s.empty() || s.size() > max_digits || !is_digits(s)) return std::nullopt;
  T v{};
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || ptr != s.data() + s.size() || v > max) return std::nullopt;
  return v;
}

// Takes the next field of `rest` up to (not including) `sep` and drops that separator. A field may
// be empty (two separators in a row); callers that need a value check for that.
inline constexpr std::string_view next_field(std::string_view& rest, char sep) {
  const size_t pos = rest.find(sep);
  std::string_view field = rest.substr(0, pos);
  rest = pos == std::string_view::npos ? std::string_view{} : rest.substr(pos + 1);
  return field;
}

// Like next_field, but fields are separated by runs of SP / HTAB (RFC 4568 uses 1*WSP).
inline constexpr std::string_view next_word(std::string_view& rest) {
  size_t i = 0;
  while (i < rest.size() && !is_ws(rest[i])) ++i;
  std::string_view word = rest.substr(0, i);
  while (i < rest.size() && is_ws(rest[i])) ++i;
  rest = rest.substr(i);
  return word;
}

// Iterates over the fields of `s` separated by `sep`: "a;b" gives "a", "b"; "a;" gives "a", "";
// "" gives one empty field. done() turns true once the last field has been returned.
class Splitter {
 public:
  constexpr Splitter(std::string_view s, char sep) : rest_(s), sep_(sep) {}
  [[nodiscard]] constexpr bool done() const { return done_; }
  constexpr std::string_view next() {
    if (done_) return {};
    const size_t pos = rest_.find(sep_);
    if (pos == std::string_view::npos) {
      done_ = true;
      return rest_;
    }
    std::string_view field = rest_.substr(0, pos);
    rest_ = rest_.substr(pos + 1);
    return field;
  }

 private:
  std::string_view rest_;
  char sep_;
  bool done_ = false;
};

inline constexpr std::string_view trim_trailing_ws(std::string_view s) {
  while (!s.empty() && is_ws(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace vg::sdp::scan
