// A string that keeps up to N bytes inline and only goes to the heap beyond that: for the keys and
// ids of the packet path (transaction keys, branches, dialog keys), which are a few dozen bytes and
// would otherwise cost a heap allocation each time one is stored or copied.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

namespace vg {

template <size_t N>
class SmallString {
 public:
  SmallString() = default;
  SmallString(std::string_view s) { assign(s); }  // NOLINT(google-explicit-constructor): a string
  SmallString(const char* s) : SmallString(std::string_view(s)) {}  // NOLINT(google-explicit-constructor)
  SmallString(const std::string& s) : SmallString(std::string_view(s)) {}  // NOLINT(google-explicit-constructor)
  SmallString(const SmallString& o) { assign(o.view()); }
  SmallString(SmallString&& o) noexcept { take(std::move(o)); }
  SmallString& operator=(const SmallString& o) {
    if (this != &o) assign(o.view());
    return *this;
  }
  SmallString& operator=(SmallString&& o) noexcept {
    if (this != &o) take(std::move(o));
    return *this;
  }
  SmallString& operator=(std::string_view s) {
    assign(s);
    return *this;
  }
  SmallString& operator=(const std::string& s) {
    assign(std::string_view(s));
    return *this;
  }
  SmallString& operator=(const char* s) {
    assign(std::string_view(s));
    return *this;
  }
  ~SmallString() = default;

  void assign(std::string_view s) {
    if (s.size() > N) {
      // s may point into our own heap buffer: copy before releasing it.
      auto fresh = std::make_unique_for_overwrite<char[]>(s.size());
      std::memcpy(fresh.get(), s.data(), s.size());
      heap_ = std::move(fresh);
    } else {
      if (!s.empty()) std::memmove(inline_, s.data(), s.size());
      heap_.reset();
    }
    size_ = static_cast<uint32_t>(s.size());
  }
  void clear() {
    heap_.reset();
    size_ = 0;
  }

  [[nodiscard]] std::string_view view() const { return {heap_ ? heap_.get() : inline_, size_}; }
  operator std::string_view() const { return view(); }  // NOLINT(google-explicit-constructor)
  [[nodiscard]] std::string str() const { return std::string(view()); }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] size_t size() const { return size_; }

  friend bool operator==(const SmallString& a, const SmallString& b) { return a.view() == b.view(); }
  friend bool operator==(const SmallString& a, std::string_view b) { return a.view() == b; }
  friend bool operator==(const SmallString& a, const char* b) { return a.view() == std::string_view(b); }
  friend bool operator==(const SmallString& a, const std::string& b) { return a.view() == std::string_view(b); }
  friend std::ostream& operator<<(std::ostream& os, const SmallString& s) { return os << s.view(); }

 private:
  void take(SmallString&& o) noexcept {
    if (o.heap_) {
      heap_ = std::move(o.heap_);
    } else {
      heap_.reset();
      std::memcpy(inline_, o.inline_, o.size_);
    }
    size_ = o.size_;
    o.size_ = 0;
  }

  uint32_t size_ = 0;
  char inline_[N];
  std::unique_ptr<char[]> heap_;
};

// Hash and equality over string views, for maps keyed by SmallString or std::string that are searched
// with views (heterogeneous lookup: no key is built to search).
struct ViewHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
struct ViewEq {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const { return a == b; }
};

}  // namespace vg
