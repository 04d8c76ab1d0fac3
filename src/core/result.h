// vg::Result<T, E>: a value or an error from a closed enum, shaped like C++23 std::expected
// (which g++ 12's library lacks). Used on every data path instead of exceptions.
#pragma once

#include <type_traits>
#include <utility>
#include <variant>

namespace vg {

template <class E>
struct Unexpected {
  E error;
};

template <class E>
constexpr Unexpected<E> unexpected(E e) {
  return Unexpected<E>{e};
}

template <class T, class E>
class [[nodiscard]] Result {
 public:
  using value_type = T;
  using error_type = E;

  constexpr Result(const T& v) : v_(std::in_place_index<0>, v) {}  // NOLINT: implicit by design
  constexpr Result(T&& v) : v_(std::in_place_index<0>, std::move(v)) {}  // NOLINT
  constexpr Result(Unexpected<E> e) : v_(std::in_place_index<1>, e.error) {}  // NOLINT

  [[nodiscard]] constexpr bool has_value() const { return v_.index() == 0; }
  constexpr explicit operator bool() const { return has_value(); }

  constexpr T& value() & { return std::get<0>(v_); }
  constexpr const T& value() const& { return std::get<0>(v_); }
  constexpr T&& value() && { return std::get<0>(std::move(v_)); }
  constexpr T& operator*() & { return value(); }
  constexpr const T& operator*() const& { return value(); }
  constexpr T* operator->() { return &value(); }
  constexpr const T* operator->() const { return &value(); }

  [[nodiscard]] constexpr E error() const { return std::get<1>(v_); }

  template <class U>
  constexpr T value_or(U&& fallback) const& {
    return has_value() ? value() : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  std::variant<T, E> v_;
};

template <class E>
class [[nodiscard]] Result<void, E> {
 public:
  constexpr Result() = default;
  constexpr Result(Unexpected<E> e) : ok_(false), e_(e.error) {}  // NOLINT
  [[nodiscard]] constexpr bool has_value() const { return ok_; }
  constexpr explicit operator bool() const { return ok_; }
  [[nodiscard]] constexpr E error() const { return e_; }

 private:
  bool ok_ = true;
  E e_{};
};

}  // namespace vg
