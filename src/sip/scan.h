// Character classes and small scanning helpers of the SIP grammar (RFC 3261 §25.1), table-driven.
#pragma once

#include <array>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace vg::sip::scan {

enum CharClass : uint8_t {
  kAlpha = 1 << 0,
  kDigit = 1 << 1,
  kToken = 1 << 2,     // token: alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~"
  kWord = 1 << 3,      // word (Call-ID): token chars plus ( ) < > : \ " / [ ] ? { }
  kHex = 1 << 4,
  kUserChar = 1 << 5,  // URI user part: unreserved / user-unreserved ("&=+$,;?/") / '%' (escape start)
  kParamChar = 1 << 6, // URI param: unreserved / param-unreserved ("[]/:&+$") / '%'
  kHostChar = 1 << 7,  // hostname and IPv4: alphanum / "-" / "." (plus '_' seen in the wild)
};

struct Table {
  std::array<uint8_t, 256> c{};
  constexpr Table() {
    auto set = [&](std::string_view chars, uint8_t cls) {
      for (char ch : chars) c[static_cast<unsigned char>(ch)] |= cls;
    };
    for (int i = 'a'; i <= 'z'; ++i) c[i] |= kAlpha | kToken | kWord | kUserChar | kParamChar | kHostChar;
    for (int i = 'A'; i <= 'Z'; ++i) c[i] |= kAlpha | kToken | kWord | kUserChar | kParamChar | kHostChar;
    for (int i = '0'; i <= '9'; ++i) c[i] |= kDigit | kToken | kWord | kUserChar | kParamChar | kHostChar | kHex;
    for (int i = 'a'; i <= 'f'; ++i) c[i] |= kHex;
    for (int i = 'A'; i <= 'F'; ++i) c[i] |= kHex;
    set("-.!%*_+`'~", kToken | kWord);
    set("()<>:\\\"/[]?{}", kWord);
    // unreserved = alphanum / mark; mark = - _ . ! ~ * ' ( )
    set("-_.!~*'()", kUserChar | kParamChar);
    set("&=+$,;?/%", kUserChar);
    set("[]/:&+$%", kParamChar);
    set("-._", kHostChar);
  }
};

inline constexpr Table kTable{};

inline bool is(char ch, uint8_t cls) { return (kTable.c[static_cast<unsigned char>(ch)] & cls) != 0; }
inline bool is_token(char ch) { return is(ch, kToken); }
inline bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }
inline bool is_ws(char ch) { return ch == ' ' || ch == '\t'; }
// LWS after unfolding: the parser turns folded CRLFs into spaces, but be liberal with stray CR/LF.
inline bool is_lws(char ch) { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n'; }

inline char lower(char ch) { return (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch + 32) : ch; }

inline bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

inline std::string_view trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && is_lws(s[b])) ++b;
  while (e > b && is_lws(s[e - 1])) --e;
  return s.substr(b, e - b);
}

inline std::string_view ltrim(std::string_view s) {
  size_t b = 0;
  while (b < s.size() && is_lws(s[b])) ++b;
  return s.substr(b);
}

inline bool all_of(std::string_view s, uint8_t cls) {
  for (char ch : s) {
    if (!is(ch, cls)) return false;
  }
  return true;
}

inline bool is_token_str(std::string_view s) { return !s.empty() && all_of(s, kToken); }

// Every '%' must start a %HH escape (RFC 3261 §25.1 escaped).
inline bool escapes_valid(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size()) return false;
      if (!is(s[i + 1], kHex) || !is(s[i + 2], kHex)) return false;
      i += 2;
    }
  }
  return true;
}

// Unsigned decimal with an upper bound; no sign, no spaces, at least one digit. By hand rather than
// std::from_chars: this runs for every port, CSeq, Max-Forwards and Content-Length, mostly 1-5 digits.
template <class T>
std::optional<T> parse_uint(std::string_view s, T max) {
  if (s.empty() || s.size() > 20) return std::nullopt;
  uint64_t v = 0;
  for (char ch : s) {
    if (!is_digit(ch)) return std::nullopt;
    const auto d = static_cast<uint64_t>(ch - '0');
    if (v > (UINT64_MAX - d) / 10) return std::nullopt;  // 20 digits may overflow 64 bits
    v = v * 10 + d;
  }
  if (v > static_cast<uint64_t>(max)) return std::nullopt;
  return static_cast<T>(v);
}

// Index of the end of a quoted-string starting at s[pos] == '"' (index just past the closing quote),
// honouring quoted-pair backslash escapes; npos when unterminated.
inline size_t skip_quoted(std::string_view s, size_t pos) {
  for (size_t i = pos + 1; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '"') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

// First occurrence of ch at nesting level zero: outside quoted strings and <...>; npos if none
// or if a quote is unterminated (then *unbalanced is set).
inline size_t find_top_level(std::string_view s, char ch, size_t from = 0, bool* unbalanced = nullptr) {
  bool in_angle = false;
  for (size_t i = from; i < s.size(); ++i) {
    char c = s[i];
    if (c == '"') {
      size_t end = skip_quoted(s, i);
      if (end == std::string_view::npos) {
        if (unbalanced) *unbalanced = true;
        return std::string_view::npos;
      }
      i = end - 1;
    } else if (c == ch && !in_angle) {
      return i;
    } else if (c == '<') {
      in_angle = true;
    } else if (c == '>') {
      in_angle = false;
    }
  }
  return std::string_view::npos;
}

// First of the bytes a or b at or after p (end when neither occurs), sixteen bytes a step: one scan
// instead of two memchr calls, for the short spans of a header line.
inline const char* find_either(const char* p, const char* end, char a, char b) {
#if defined(__SSE2__)
  const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b);
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const int mask = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)));
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  for (; p < end; ++p) {
    if (*p == a || *p == b) return p;
  }
  return end;
}

// Whether s holds CR, LF or NUL (text that would break a header line).
inline bool has_line_break_or_nul(std::string_view s) {
  const char* p = s.data();
  const char* const end = p + s.size();
#if defined(__SSE2__)
  const __m128i cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n'), nul = _mm_setzero_si128();
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf)), _mm_cmpeq_epi8(v, nul));
    if (_mm_movemask_epi8(hit) != 0) return true;
    p += 16;
  }
#endif
  for (; p < end; ++p) {
    if (*p == '\r' || *p == '\n' || *p == '\0') return true;
  }
  return false;
}

}  // namespace vg::sip::scan
