#include "fraud/number.h"

#include <algorithm>

namespace vg::fraud {

std::string_view to_string(NumberKind k) {
  switch (k) {
    case NumberKind::kE164: return "e164";
    case NumberKind::kEmergency: return "emergency";
    case NumberKind::kShortCode: return "short_code";
    case NumberKind::kService: return "service";
    case NumberKind::kInvalid: return "invalid";
  }
  return "invalid";
}

namespace {

// E.164 §6.1: at most 15 digits including the country code.
constexpr std::size_t kMaxE164Digits = 15;
constexpr std::size_t kMaxDialled = 128;  // anything longer is not a phone number

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// One round of %HH decoding (RFC 3986 §2.1). False on a malformed escape.
bool percent_decode(std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out.push_back(s[i]);
      continue;
    }
    if (i + 2 >= s.size()) return false;
    const int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  s.swap(out);
  return true;
}

bool starts_with(std::string_view s, std::string_view p) { return !p.empty() && s.substr(0, p.size()) == p; }

// Longest entry of `list` that `s` starts with, or empty.
std::string_view longest_prefix(std::string_view s, const std::vector<std::string>& list) {
  std::string_view best;
  for (const auto& p : list) {
    if (p.size() > best.size() && starts_with(s, p)) best = p;
  }
  return best;
}

bool is_emergency(std::string_view s, const DialPlan& plan) {
  auto listed = [&](std::string_view v) {
    return std::any_of(plan.emergency_numbers.begin(), plan.emergency_numbers.end(),
                       [&](const std::string& e) { return e == v; });
  };
  if (listed(s)) return true;
  // "9" + "911" from a PBX extension is still an emergency call.
  std::string_view outside = longest_prefix(s, plan.outside_line_prefixes);
  return !outside.empty() && listed(s.substr(outside.size()));
}

// Digits and '+' only (no * #): resolves prefixes into E.164.
Number resolve_digits(std::string_view v, const DialPlan& plan, uint32_t tricks) {
  Number n;
  n.tricks = tricks;
  bool intl = false, outside_done = false;
  for (int guard = 0; guard < 64 && !v.empty(); ++guard) {
    if (v.front() == '+') {
      if (intl) n.tricks |= kTrickRepeatedPrefix;
      intl = true;
      v.remove_prefix(1);
      continue;
    }
    if (!intl && !outside_done) {
      outside_done = true;
      std::string_view op = longest_prefix(v, plan.outside_line_prefixes);
      if (!op.empty() && v.size() > op.size()) {
        v.remove_prefix(op.size());
        continue;
      }
    }
    if (std::string_view ip = longest_prefix(v, plan.international_prefixes); !ip.empty()) {
      if (intl) n.tricks |= kTrickRepeatedPrefix;
      intl = true;
      v.remove_prefix(ip.size());
      continue;
    }
    if (!intl && starts_with(v, plan.national_prefix) && v.size() > plan.national_prefix.size() &&
        v[plan.national_prefix.size()] == '+') {
      n.tricks |= kTrickPrefixBeforePlus;
      v.remove_prefix(plan.national_prefix.size());
      continue;
    }
    if (intl && v.front() == '0') {
      // No country code starts with 0 (E.164 §6.2.1): zeros here only hide the real prefix.
      n.tricks |= kTrickLeadingZeros;
      while (!v.empty() && v.front() == '0') v.remove_prefix(1);
      continue;
    }
    break;
  }
  if (v.empty() || !std::all_of(v.begin(), v.end(), is_digit)) return n;  // stray '+' or nothing left
  n.international = intl;
  if (intl) {
    n.e164 = std::string(v);
  } else if (v.size() <= plan.max_short_code_length) {
    n.kind = NumberKind::kShortCode;
    n.e164 = std::string(v);
    return n;
  } else if (starts_with(v, plan.national_prefix)) {
    n.e164 = plan.country_code + std::string(v.substr(plan.national_prefix.size()));
  } else {
    n.e164 = plan.country_code + std::string(v);
  }
  if (n.e164.size() < 3 || n.e164.size() > kMaxE164Digits) {
    n.e164.clear();
    n.international = false;
    return n;
  }
  n.kind = NumberKind::kE164;
  return n;
}

}  // namespace

Number normalize(std::string_view dialled, const DialPlan& plan) {
  Number invalid;
  if (dialled.empty() || dialled.size() > kMaxDialled) return invalid;
  std::string s(dialled);
  uint32_t tricks = kTrickNone;
  // %2B44 and even %252B44: decode until no escape is left (bounded).
  for (int round = 0; round < 3 && s.find('%') != std::string::npos; ++round) {
    if (!percent_decode(s)) return invalid;
    tricks |= kTrickEscaped;
  }
  if (s.find('%') != std::string::npos) return invalid;
  // RFC 3966 parameters (";phone-context=", ";isub=", ";ext=") and a user part's parameters.
  if (auto semi = s.find(';'); semi != std::string::npos) s.resize(semi);
  // RFC 3966 §5.1.1 visual separators, plus whitespace.
  std::erase_if(s, [](char c) { return c == '-' || c == '.' || c == '(' || c == ')' || c == ' ' || c == '\t'; });
  if (s.empty()) return invalid;
  for (char c : s) {
    if (!is_digit(c) && c != '+' && c != '*' && c != '#') return invalid;
  }
  if (is_emergency(s, plan)) {
    Number n;
    n.kind = NumberKind::kEmergency;
    n.e164 = s;
    return n;
  }
  std::string_view v = s;
  // Feature codes the plan knows ("*67" withhold caller ID) are not part of the number.
  for (int guard = 0; guard < 4; ++guard) {
    std::string_view sp = longest_prefix(v, plan.service_prefixes);
    if (sp.empty() || sp.size() >= v.size()) break;
    v.remove_prefix(sp.size());
  }
  if (v.find_first_of("*#") == std::string_view::npos) return resolve_digits(v, plan, tricks);

  // A service code ("*21*0900123#" forwards calls): classify the longest number inside it.
  Number n;
  n.kind = NumberKind::kService;
  n.tricks = tricks | kTrickServiceCode;
  std::string_view best;
  for (std::size_t i = 0; i < v.size();) {
    std::size_t j = i;
    while (j < v.size() && v[j] != '*' && v[j] != '#') ++j;
    if (j - i > best.size()) best = v.substr(i, j - i);
    i = j + 1;
  }
  if (best.size() > plan.max_short_code_length) {
    Number inner = resolve_digits(best, plan, n.tricks);
    if (inner.kind == NumberKind::kE164) {
      n.e164 = inner.e164;
      n.international = inner.international;
      n.tricks = inner.tricks;
    }
  }
  return n;
}

std::string_view dialled_part(std::string_view uri) {
  auto lower_prefix = [&](std::string_view p) {
    if (uri.size() < p.size()) return false;
    for (std::size_t i = 0; i < p.size(); ++i) {
      char c = uri[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != p[i]) return false;
    }
    return true;
  };
  if (lower_prefix("tel:")) return uri.substr(4);
  std::string_view rest;
  if (lower_prefix("sip:")) {
    rest = uri.substr(4);
  } else if (lower_prefix("sips:")) {
    rest = uri.substr(5);
  } else {
    return {};
  }
  auto at = rest.find('@');
  if (at == std::string_view::npos) return {};
  return rest.substr(0, at);
}

}  // namespace vg::fraud
