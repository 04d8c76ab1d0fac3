#include "auth/pin_policy.h"

#include <algorithm>

#include "auth/wordlists.h"

namespace vg::auth {

namespace {

int num(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

bool all_same(std::string_view p) { return std::all_of(p.begin(), p.end(), [&](char c) { return c == p[0]; }); }

// Each digit one more (or one less) than the previous, modulo 10 so that 890123 counts.
bool is_sequence(std::string_view p) {
  if (p.size() < 3) return false;
  for (int step : {1, 9}) {
    bool ok = true;
    for (size_t i = 1; i < p.size() && ok; ++i) ok = (p[i] - '0') == ((p[i - 1] - '0') + step) % 10;
    if (ok) return true;
  }
  return false;
}

// A shorter block repeated (1212, 123123), or runs of one digit of equal length (112233, 111222).
bool is_repeated_group(std::string_view p) {
  const size_t n = p.size();
  for (size_t len = 1; len <= n / 2; ++len) {
    if (n % len != 0) continue;
    bool ok = true;
    for (size_t i = len; i < n && ok; ++i) ok = p[i] == p[i - len];
    if (ok) return true;
  }
  for (size_t run = 2; run <= n / 2; ++run) {
    if (n % run != 0) continue;
    bool ok = true;
    for (size_t i = 0; i < n && ok; i += run) ok = all_same(p.substr(i, run));
    if (ok) return true;
  }
  return false;
}

bool month(int m) { return m >= 1 && m <= 12; }
bool day(int d) { return d >= 1 && d <= 31; }
bool year4(int y) { return y >= 1900 && y <= 2099; }

// Birthdays, anniversaries and years are the first guesses after the keypad patterns.
bool is_date(std::string_view p) {
  switch (p.size()) {
    case 4: {
      const int a = num(p.substr(0, 2)), b = num(p.substr(2, 2));
      return (month(a) && day(b)) || (day(a) && month(b)) || year4(num(p)) || month(a);  // MMDD DDMM YYYY MMYY
    }
    case 6: {
      const int a = num(p.substr(0, 2)), b = num(p.substr(2, 2)), c = num(p.substr(4, 2));
      return (day(a) && month(b)) || (month(a) && day(b)) || (month(b) && day(c)) ||  // DDMMYY MMDDYY YYMMDD
             (month(a) && year4(num(p.substr(2, 4))));                                // MMYYYY
    }
    case 8: {
      const int a = num(p.substr(0, 2)), b = num(p.substr(2, 2));
      const int y = num(p.substr(0, 4)), m = num(p.substr(4, 2)), d = num(p.substr(6, 2));
      return (((day(a) && month(b)) || (month(a) && day(b))) && year4(num(p.substr(4, 4)))) ||  // DDMMYYYY MMDDYYYY
             (year4(y) && month(m) && day(d));                                                // YYYYMMDD
    }
    default:
      return false;
  }
}

}  // namespace

std::string_view to_string(PinRule r) {
  switch (r) {
    case PinRule::kTooShort: return "too_short";
    case PinRule::kTooLong: return "too_long";
    case PinRule::kNotDigits: return "not_digits";
    case PinRule::kAllSame: return "all_same";
    case PinRule::kSequence: return "sequence";
    case PinRule::kExtension: return "extension";
    case PinRule::kExtensionReversed: return "extension_reversed";
    case PinRule::kRepeatedGroup: return "repeated_group";
    case PinRule::kDate: return "date";
    case PinRule::kCommon: return "common";
  }
  return "unknown";
}

std::vector<PinViolation> check_pin(std::string_view pin, std::string_view extension, const PinPolicy& policy) {
  std::vector<PinViolation> out;
  auto fail = [&](PinRule r, std::string message) { out.push_back({r, std::move(message)}); };
  if (pin.size() < policy.min_length) {
    fail(PinRule::kTooShort, "must be at least " + std::to_string(policy.min_length) + " digits");
  }
  if (pin.size() > policy.max_length) {
    fail(PinRule::kTooLong, "must be at most " + std::to_string(policy.max_length) + " digits");
  }
  if (pin.empty() || !std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    fail(PinRule::kNotDigits, "must be digits only (a keypad enters nothing else)");
    return out;  // the pattern rules read digits
  }
  if (all_same(pin)) fail(PinRule::kAllSame, "must not be one digit repeated");
  if (is_sequence(pin)) fail(PinRule::kSequence, "must not be an ascending or descending sequence");
  if (!extension.empty()) {
    const std::string back(extension.rbegin(), extension.rend());
    if (pin.find(extension) != std::string_view::npos) fail(PinRule::kExtension, "must not contain the extension");
    if (back != extension && pin.find(back) != std::string_view::npos) {
      fail(PinRule::kExtensionReversed, "must not contain the extension reversed");
    }
  }
  if (!all_same(pin) && is_repeated_group(pin)) {
    fail(PinRule::kRepeatedGroup, "must not repeat a group of digits (1212, 123123, 112233)");
  }
  if (is_date(pin)) fail(PinRule::kDate, "must not be a date or a year (MMDD, DDMM, YYYY, MMYY, DDMMYY, ...)");
  if (common_pins().contains(pin)) fail(PinRule::kCommon, "is one of the most common PINs");
  return out;
}

}  // namespace vg::auth
