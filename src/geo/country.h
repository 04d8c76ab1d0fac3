// ISO 3166-1 alpha-2 country codes packed in 16 bits (two upper-case ASCII letters), plus the two
// non-country answers a lookup can give: unknown (no data) and local (loopback, private, link-local).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vg::geo {

class Country {
 public:
  constexpr Country() = default;
  static constexpr Country unknown() { return Country(kUnknownValue); }
  static constexpr Country local() { return Country(kLocalValue); }
  // Two ASCII letters, case-insensitive ("us" is "US"); anything else is nullopt. Only the shape is
  // checked: user-assigned codes (XA..XZ, used in tests) and exceptional reservations (EU) pass.
  static std::optional<Country> parse(std::string_view code);
  // Raw packed value as stored in range tables (0 = unknown, 1 = local).
  static constexpr Country from_value(uint16_t v) { return Country(v); }

  [[nodiscard]] constexpr uint16_t value() const { return value_; }
  [[nodiscard]] constexpr bool is_unknown() const { return value_ == kUnknownValue; }
  [[nodiscard]] constexpr bool is_local() const { return value_ == kLocalValue; }
  [[nodiscard]] constexpr bool is_country() const { return value_ > kLocalValue; }
  // "US", "local" or "unknown".
  [[nodiscard]] std::string to_string() const;

  friend constexpr bool operator==(Country, Country) = default;

 private:
  static constexpr uint16_t kUnknownValue = 0;
  static constexpr uint16_t kLocalValue = 1;
  constexpr explicit Country(uint16_t v) : value_(v) {}
  uint16_t value_ = kUnknownValue;
};

}  // namespace vg::geo
