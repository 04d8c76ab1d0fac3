// The line table of a parsed description and allocation-free ranges over it: all a= lines, the
// a= lines with one name, or the typed values of those (rtpmap, crypto, candidate, ...).
#pragma once

#include <cstddef>
#include <iterator>
#include <optional>
#include <span>
#include <string_view>

#include "core/result.h"
#include "sdp/attribute.h"
#include "sdp/error.h"
#include "sdp/scan.h"

namespace vg::sdp {

// One line: the type letter and the text after "<type>=", without the line ending.
struct Line {
  char type = 0;
  std::string_view value;
};

// Attribute names compare case-insensitively (RFC 8866 does not say, and a gateway that strips
// "crypto" must also strip "CRYPTO"); a pattern ending in '*' matches a prefix ("ice-*").
inline bool attribute_name_matches(std::string_view name, std::string_view pattern) {
  if (!pattern.empty() && pattern.back() == '*') return scan::istarts_with(name, pattern.substr(0, pattern.size() - 1));
  return scan::iequals(name, pattern);
}

// The a= lines of a span of lines, all of them or those whose name matches a pattern.
class AttributeRange {
 public:
  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Attribute;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = Attribute;

    Iterator() = default;
    Iterator(const Line* cur, const Line* end, std::string_view pattern) : cur_(cur), end_(end), pattern_(pattern) {
      skip();
    }
    Attribute operator*() const { return split_attribute(cur_->value); }
    Iterator& operator++() {
      ++cur_;
      skip();
      return *this;
    }
    Iterator operator++(int) {
      Iterator old = *this;
      ++*this;
      return old;
    }
    bool operator==(const Iterator& o) const { return cur_ == o.cur_; }

   private:
    void skip() {
      while (cur_ != end_ && !matches(*cur_)) ++cur_;
    }
    bool matches(const Line& line) const {
      if (line.type != 'a') return false;
      return pattern_.empty() || attribute_name_matches(split_attribute(line.value).name, pattern_);
    }
    const Line* cur_ = nullptr;
    const Line* end_ = nullptr;
    std::string_view pattern_;
  };

  AttributeRange() = default;
  explicit AttributeRange(std::span<const Line> lines, std::string_view pattern = {})
      : lines_(lines), pattern_(pattern) {}

  [[nodiscard]] Iterator begin() const { return {lines_.data(), lines_.data() + lines_.size(), pattern_}; }
  [[nodiscard]] Iterator end() const {
    return {lines_.data() + lines_.size(), lines_.data() + lines_.size(), pattern_};
  }
  [[nodiscard]] bool empty() const { return begin() == end(); }
  [[nodiscard]] std::optional<Attribute> first() const {
    auto it = begin();
    if (it == end()) return std::nullopt;
    return *it;
  }

 private:
  std::span<const Line> lines_;
  std::string_view pattern_;
};

// The typed values of the attributes named `name` (exact, case-insensitive). The parser has
// already validated every known attribute, so Parse succeeds here; a default T stands in if it
// ever did not.
template <class T, Result<T, Error> (*Parse)(std::string_view)>
class TypedRange {
 public:
  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = T;

    Iterator() = default;
    explicit Iterator(AttributeRange::Iterator it) : it_(it) {}
    T operator*() const {
      auto r = Parse((*it_).value);
      return r ? *r : T{};
    }
    Iterator& operator++() {
      ++it_;
      return *this;
    }
    Iterator operator++(int) {
      Iterator old = *this;
      ++it_;
      return old;
    }
    bool operator==(const Iterator& o) const { return it_ == o.it_; }

   private:
    AttributeRange::Iterator it_;
  };

  TypedRange() = default;
  explicit TypedRange(AttributeRange attributes) : attributes_(attributes) {}
  [[nodiscard]] Iterator begin() const { return Iterator(attributes_.begin()); }
  [[nodiscard]] Iterator end() const { return Iterator(attributes_.end()); }
  [[nodiscard]] bool empty() const { return attributes_.empty(); }
  [[nodiscard]] std::optional<T> first() const {
    auto it = begin();
    if (it == end()) return std::nullopt;
    return *it;
  }

 private:
  AttributeRange attributes_;
};

// Space-separated tokens of a field, e.g. the fmt list of an m= line.
class TokenRange {
 public:
  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = std::string_view;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = std::string_view;

    Iterator() = default;
    explicit Iterator(std::string_view rest) : rest_(rest) { advance(); }
    std::string_view operator*() const { return cur_; }
    Iterator& operator++() {
      advance();
      return *this;
    }
    Iterator operator++(int) {
      Iterator old = *this;
      advance();
      return old;
    }
    bool operator==(const Iterator& o) const { return done_ == o.done_ && (done_ || cur_.data() == o.cur_.data()); }

   private:
    void advance() {
      while (!rest_.empty() && rest_.front() == ' ') rest_.remove_prefix(1);
      if (rest_.empty()) {
        done_ = true;
        cur_ = {};
        return;
      }
      done_ = false;
      cur_ = scan::next_field(rest_, ' ');
    }
    std::string_view rest_;
    std::string_view cur_;
    bool done_ = true;
  };

  TokenRange() = default;
  explicit TokenRange(std::string_view text) : text_(text) {}
  [[nodiscard]] Iterator begin() const { return Iterator(text_); }
  [[nodiscard]] Iterator end() const { return Iterator(); }

 private:
  std::string_view text_;
};

}  // namespace vg::sdp
