#include "geo/country.h"

namespace vg::geo {

std::optional<Country> Country::parse(std::string_view code) {
  if (code.size() != 2) return std::nullopt;
  uint16_t v = 0;
  for (char c : code) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') return std::nullopt;
    v = static_cast<uint16_t>((v << 8) | static_cast<uint8_t>(c));
  }
  return Country(v);
}

std::string Country::to_string() const {
  if (is_unknown()) return "unknown";
  if (is_local()) return "local";
  return std::string{static_cast<char>(value_ >> 8), static_cast<char>(value_ & 0xff)};
}

}  // namespace vg::geo
