#include "fraud/policy.h"

#include <algorithm>
#include <charconv>

namespace vg::fraud {

namespace {
constexpr std::array<std::string_view, kRuleCount> kRuleNames = {
    "class_not_allowed", "country_not_allowed", "concurrent_calls", "calls_per_minute",
    "international_per_hour", "international_per_day", "same_number", "spend_per_day",
    "spend_per_month", "high_risk", "disguised_number", "suspended"};

bool parse_u32(std::string_view s, uint32_t& out) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return !s.empty() && r.ec == std::errc{} && r.ptr == s.data() + s.size();
}
}  // namespace

std::string_view to_string(Rule r) {
  auto i = static_cast<std::size_t>(r);
  return i < kRuleCount ? kRuleNames[i] : "unknown";
}

bool rule_from_string(std::string_view s, Rule& out) {
  for (std::size_t i = 0; i < kRuleCount; ++i) {
    if (kRuleNames[i] == s) {
      out = static_cast<Rule>(i);
      return true;
    }
  }
  return false;
}

bool Schedule::in_hours(const LocalTime& t) const {
  if (!enabled) return true;
  if (std::binary_search(holidays.begin(), holidays.end(), t.day_number)) return false;
  if (start_minute <= end_minute) {
    return (days >> t.weekday & 1) && t.minute_of_day >= start_minute && t.minute_of_day < end_minute;
  }
  // A window across midnight (22:00-06:00) belongs to the day it starts on.
  if (t.minute_of_day >= start_minute) return days >> t.weekday & 1;
  if (t.minute_of_day < end_minute) return days >> ((t.weekday + 6) % 7) & 1;
  return false;
}

Micros Rate::cost(int64_t seconds) const {
  if (seconds <= 0) return 0;
  int64_t billed = std::max<int64_t>(first_increment, 1);
  if (seconds > billed) {
    const int64_t step = std::max<uint32_t>(next_increment, 1);
    billed += (seconds - billed + step - 1) / step * step;
  }
  return setup + per_minute * billed / 60;
}

bool parse_money(std::string_view s, Micros& out) {
  if (s.empty() || s.size() > 18) return false;
  auto dot = s.find('.');
  std::string_view whole = s.substr(0, dot), frac = dot == std::string_view::npos ? "" : s.substr(dot + 1);
  if (whole.empty() || frac.size() > 6 || (dot != std::string_view::npos && frac.empty())) return false;
  int64_t w = 0;
  auto r = std::from_chars(whole.data(), whole.data() + whole.size(), w);
  if (r.ec != std::errc{} || r.ptr != whole.data() + whole.size() || w < 0 || w > 1'000'000'000'000) return false;
  int64_t f = 0;
  for (std::size_t i = 0; i < 6; ++i) {
    char c = i < frac.size() ? frac[i] : '0';
    if (c < '0' || c > '9') return false;
    f = f * 10 + (c - '0');
  }
  out = w * 1'000'000 + f;
  return true;
}

std::string money_text(Micros m) {
  std::string s = std::to_string(m / 1'000'000);
  int64_t f = m % 1'000'000;
  if (f == 0) return s;
  std::string frac = std::to_string(f);
  frac.insert(0, 6 - frac.size(), '0');
  while (frac.back() == '0') frac.pop_back();
  return s + "." + frac;
}

const Policy& TenantRules::policy_for(std::string_view account) const {
  if (!accounts.empty()) {
    if (auto it = accounts.find(std::string(account)); it != accounts.end()) return it->second;
  }
  return policy;
}

bool RateTable::add(std::string_view prefix, const Rate& r) {
  if (!index_.add(prefix, static_cast<uint32_t>(rates_.size()))) return false;
  rates_.push_back(r);
  return true;
}

const Rate* RateTable::find(std::string_view e164) const {
  auto m = index_.longest(e164);
  return m ? &rates_[m->value] : nullptr;
}

Result<std::shared_ptr<const RateTable>, std::string> RateTable::parse(std::string_view csv, std::string_view source) {
  auto t = std::make_shared<RateTable>();
  std::size_t line_no = 0, pos = 0;
  while (pos < csv.size()) {
    auto nl = csv.find('\n', pos);
    std::string_view line = csv.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? csv.size() : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    auto fail = [&](const std::string& why) {
      return unexpected(std::string(source) + ":" + std::to_string(line_no) + ": " + why);
    };
    std::string_view f[4];
    std::size_t n = 0;
    for (std::size_t start = 0; n < 4;) {
      auto comma = line.find(',', start);
      f[n++] = line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    if (n < 2) return fail("expected prefix,price_per_minute[,setup[,first/next]]");
    std::string_view prefix = f[0];
    if (!prefix.empty() && prefix.front() == '+') prefix.remove_prefix(1);
    Rate r;
    if (!parse_money(f[1], r.per_minute)) return fail("bad price per minute '" + std::string(f[1]) + "'");
    if (n > 2 && !f[2].empty() && !parse_money(f[2], r.setup)) return fail("bad setup charge '" + std::string(f[2]) + "'");
    if (n > 3 && !f[3].empty()) {
      auto slash = f[3].find('/');
      if (slash == std::string_view::npos || !parse_u32(f[3].substr(0, slash), r.first_increment) ||
          !parse_u32(f[3].substr(slash + 1), r.next_increment) || r.first_increment == 0 || r.next_increment == 0 ||
          r.first_increment > 3600 || r.next_increment > 3600) {
        return fail("billing increments must look like 60/60 or 1/1");
      }
    }
    if (!t->add(prefix, r)) return fail("bad prefix '" + std::string(f[0]) + "'");
  }
  t->build();
  return std::shared_ptr<const RateTable>(std::move(t));
}

}  // namespace vg::fraud
