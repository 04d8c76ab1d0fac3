#include "auth/password_policy.h"

#include <algorithm>
#include <array>

#include "auth/wordlists.h"

namespace vg::auth {

namespace {

bool is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_letter(unsigned char c) { return is_upper(c) || is_lower(c); }

std::string reversed(std::string_view s) { return std::string(s.rbegin(), s.rend()); }

// Case-insensitive containment of `name` or its reverse.
bool contains_name(const std::string& lower_password, std::string_view name) {
  if (name.size() < kMinNameLength) return false;
  const std::string n = ascii_lower(name);
  return lower_password.find(n) != std::string::npos || lower_password.find(reversed(n)) != std::string::npos;
}

// Labels of a domain that say who the tenant is ("acme" in sip.acme.example); generic labels are not
// names anyone would guess from.
bool contains_domain(const std::string& lower_password, std::string_view domain) {
  if (contains_name(lower_password, domain)) return true;
  static constexpr std::string_view kGeneric[] = {"local", "localdomain", "example", "voip", "com", "net", "org"};
  while (!domain.empty()) {
    size_t dot = domain.find('.');
    std::string_view label = domain.substr(0, dot);
    domain = dot == std::string_view::npos ? std::string_view{} : domain.substr(dot + 1);
    if (label.size() < kMinNameLength + 1) continue;
    const std::string l = ascii_lower(label);
    if (std::find(std::begin(kGeneric), std::end(kGeneric), l) != std::end(kGeneric)) continue;
    if (contains_name(lower_password, l)) return true;
  }
  return false;
}

bool has_repeated_run(std::string_view p, size_t max_run) {
  size_t run = 1;
  for (size_t i = 1; i < p.size(); ++i) {
    run = p[i] == p[i - 1] ? run + 1 : 1;
    if (run > max_run) return true;
  }
  return false;
}

// Ascending or descending letters (case-insensitive) or digits: "abcd", "4321", "XyZ"... and runs
// along a keyboard row ("qwer", "lkjh").
bool has_sequential_run(std::string_view p, size_t max_run) {
  const std::string lower = ascii_lower(p);
  int direction = 0;
  size_t run = 1;
  for (size_t i = 1; i < lower.size(); ++i) {
    const auto a = static_cast<unsigned char>(lower[i - 1]);
    const auto b = static_cast<unsigned char>(lower[i]);
    const bool same_class = (is_lower(a) && is_lower(b)) || (is_digit(a) && is_digit(b));
    const int d = same_class ? static_cast<int>(b) - static_cast<int>(a) : 0;
    if ((d == 1 || d == -1) && (run == 1 || d == direction)) {
      direction = d;
      ++run;
    } else if (d == 1 || d == -1) {
      direction = d;
      run = 2;
    } else {
      run = 1;
    }
    if (run > max_run) return true;
  }
  static constexpr std::string_view kRows[] = {"qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890"};
  const size_t n = max_run + 1;
  if (lower.size() < n) return false;
  for (std::string_view row : kRows) {
    const std::string back = reversed(row);
    for (size_t i = 0; i + n <= row.size(); ++i) {
      if (lower.find(row.substr(i, n)) != std::string::npos) return true;
      if (lower.find(std::string_view(back).substr(i, n)) != std::string::npos) return true;
    }
  }
  return false;
}

// "p@ssw0rd" -> "password": the substitutions people use to pass a "needs a digit" rule.
std::string undo_leet(std::string_view s, char one) {
  std::string out = ascii_lower(s);
  for (char& c : out) {
    switch (c) {
      case '0': c = 'o'; break;
      case '1': c = one; break;
      case '3': c = 'e'; break;
      case '4': case '@': c = 'a'; break;
      case '5': case '$': c = 's'; break;
      case '7': c = 't'; break;
      case '!': c = 'i'; break;
      default: break;
    }
  }
  return out;
}

// The password without the digits and symbols stuck before and after its letters ("Summer2024!").
std::string_view letters_core(std::string_view p) {
  size_t b = 0, e = p.size();
  while (b < e && !is_letter(static_cast<unsigned char>(p[b]))) ++b;
  while (e > b && !is_letter(static_cast<unsigned char>(p[e - 1]))) --e;
  return p.substr(b, e - b);
}

}  // namespace

std::string_view to_string(PasswordRule r) {
  switch (r) {
    case PasswordRule::kTooShort: return "too_short";
    case PasswordRule::kTooLong: return "too_long";
    case PasswordRule::kMissingUpper: return "missing_upper";
    case PasswordRule::kMissingLower: return "missing_lower";
    case PasswordRule::kMissingDigit: return "missing_digit";
    case PasswordRule::kMissingSymbol: return "missing_symbol";
    case PasswordRule::kControlCharacter: return "control_character";
    case PasswordRule::kContainsUsername: return "contains_username";
    case PasswordRule::kContainsExtension: return "contains_extension";
    case PasswordRule::kContainsDomain: return "contains_domain";
    case PasswordRule::kContainsTenant: return "contains_tenant";
    case PasswordRule::kCommon: return "common";
    case PasswordRule::kRepeatedRun: return "repeated_run";
    case PasswordRule::kSequentialRun: return "sequential_run";
  }
  return "unknown";
}

bool is_common_password(std::string_view password) {
  const WordList& list = common_passwords();
  if (list.contains(password)) return true;
  // Strip the decoration before undoing substitutions: "P@ssw0rd2024!" -> "P@ssw0rd" -> "password".
  const std::string_view core = letters_core(password);
  for (std::string_view candidate : {password, core}) {
    if (candidate.size() < 4) continue;
    if (list.contains(candidate)) return true;
    for (char one : {'i', 'l'}) {
      const std::string plain = undo_leet(candidate, one);
      if (list.contains(plain) || list.contains(letters_core(plain))) return true;
    }
  }
  return false;
}

std::vector<PasswordViolation> check_password(std::string_view password, const PasswordContext& ctx,
                                              const PasswordPolicy& policy) {
  std::vector<PasswordViolation> out;
  auto fail = [&](PasswordRule r, std::string message) { out.push_back({r, std::move(message)}); };
  if (password.size() < policy.min_length) {
    fail(PasswordRule::kTooShort, "must be at least " + std::to_string(policy.min_length) + " characters");
  }
  if (password.size() > policy.max_length) {
    fail(PasswordRule::kTooLong, "must be at most " + std::to_string(policy.max_length) + " characters");
  }
  bool upper = false, lower = false, digit = false, symbol = false, control = false;
  for (char ch : password) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_upper(c)) {
      upper = true;
    } else if (is_lower(c)) {
      lower = true;
    } else if (is_digit(c)) {
      digit = true;
    } else if (c < 0x20 || c == 0x7f) {
      control = true;
    } else {
      symbol = true;  // ASCII punctuation, space, or any non-ASCII character
    }
  }
  if (policy.require_upper && !upper) fail(PasswordRule::kMissingUpper, "must contain an upper-case letter");
  if (policy.require_lower && !lower) fail(PasswordRule::kMissingLower, "must contain a lower-case letter");
  if (policy.require_digit && !digit) fail(PasswordRule::kMissingDigit, "must contain a digit");
  if (policy.require_symbol && !symbol) fail(PasswordRule::kMissingSymbol, "must contain a symbol");
  if (control) fail(PasswordRule::kControlCharacter, "must not contain control characters");
  const std::string lower_password = ascii_lower(password);
  if (contains_name(lower_password, ctx.username)) {
    fail(PasswordRule::kContainsUsername, "must not contain the username (in any case or reversed)");
  }
  if (contains_name(lower_password, ctx.extension)) {
    fail(PasswordRule::kContainsExtension, "must not contain the extension (or its reverse)");
  }
  if (!ctx.domain.empty() && contains_domain(lower_password, ctx.domain)) {
    fail(PasswordRule::kContainsDomain, "must not contain the domain or its name (in any case or reversed)");
  }
  if (contains_name(lower_password, ctx.tenant)) {
    fail(PasswordRule::kContainsTenant, "must not contain the tenant name (in any case or reversed)");
  }
  if (policy.reject_common && is_common_password(password)) {
    fail(PasswordRule::kCommon, "is a common or vendor-default password (or one with digits or symbols added)");
  }
  if (has_repeated_run(password, policy.max_run)) {
    fail(PasswordRule::kRepeatedRun,
         "must not contain " + std::to_string(policy.max_run + 1) + " or more identical characters in a row");
  }
  if (has_sequential_run(password, policy.max_run)) {
    fail(PasswordRule::kSequentialRun, "must not contain " + std::to_string(policy.max_run + 1) +
                                           " or more sequential characters (abcd, 4321, qwer)");
  }
  return out;
}

std::string generate_password(Random& random, size_t length) {
  static constexpr std::string_view kUpper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
  static constexpr std::string_view kLower = "abcdefghijkmnopqrstuvwxyz";
  static constexpr std::string_view kDigit = "23456789";
  static constexpr std::string_view kSymbol = "!#%+-=?@^_~";
  static constexpr std::array<std::string_view, 4> kClasses = {kUpper, kLower, kDigit, kSymbol};
  length = std::max<size_t>(length, 12);
  while (true) {
    std::string p;
    for (size_t i = 0; i < length; ++i) {
      // The first four characters cover every class; the rest are drawn from all of them.
      std::string_view cls = i < 4 ? kClasses[i] : kClasses[random.uniform(4)];
      p.push_back(cls[random.uniform(cls.size())]);
    }
    // Shuffle (Fisher-Yates) so the class order is not predictable.
    for (size_t i = p.size() - 1; i > 0; --i) std::swap(p[i], p[random.uniform(i + 1)]);
    if (!has_repeated_run(p, 2) && !has_sequential_run(p, 2)) return p;
  }
}

}  // namespace vg::auth
