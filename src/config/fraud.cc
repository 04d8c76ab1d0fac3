// Readers of `tenants[].dial_plan` and `tenants[].policy` (docs/fraud.md).
#include "config/fraud.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include "fraud/classify.h"

namespace vg::config::detail {

namespace {

using std::chrono::milliseconds;

bool all_of_chars(std::string_view s, std::string_view allowed) {
  return std::all_of(s.begin(), s.end(), [&](char c) { return allowed.find(c) != std::string_view::npos; });
}

// A digit string (or, with `symbols`, digits * #) of 1..max characters; `allow_empty` for "".
bool read_code(Diagnostics& d, const Field& f, size_t max, bool allow_empty, bool symbols, std::string& out) {
  std::string s;
  if (!read_string(d, f, s)) return false;
  const std::string_view chars = symbols ? "0123456789*#" : "0123456789";
  if ((s.empty() && !allow_empty) || s.size() > max || !all_of_chars(s, chars)) {
    d.error(f.mark(), f.path,
            std::string("must be ") + (symbols ? "digits, * and #" : "digits") + " (at most " + std::to_string(max) +
                "), got " + quote(s));
    return false;
  }
  out = std::move(s);
  return true;
}

void read_codes(Diagnostics& d, const Field& f, size_t max, bool symbols, std::vector<std::string>& out) {
  out.clear();
  for (const auto& item : read_sequence(d, f)) {
    std::string s;
    if (read_code(d, item, max, false, symbols, s)) out.push_back(std::move(s));
  }
}

void read_dial_plan(Diagnostics& d, const Field& f, fraud::DialPlan& p) {
  MapReader m(d, f);
  if (auto v = m.require("country_code")) (void)read_code(d, *v, 3, false, false, p.country_code);
  if (auto v = m.get("national_prefix")) (void)read_code(d, *v, 2, true, false, p.national_prefix);
  if (auto v = m.get("international_prefixes")) read_codes(d, *v, 4, false, p.international_prefixes);
  if (auto v = m.get("outside_line_prefixes")) read_codes(d, *v, 3, true, p.outside_line_prefixes);
  if (auto v = m.get("emergency_numbers")) read_codes(d, *v, 6, false, p.emergency_numbers);
  if (auto v = m.get("mobile_prefixes")) read_codes(d, *v, 6, false, p.mobile_prefixes);
  if (auto v = m.get("service_prefixes")) read_codes(d, *v, 6, true, p.service_prefixes);
  if (auto v = m.get("max_short_code_length")) (void)read_uint(d, *v, 0, 8, p.max_short_code_length);
  m.finish();
}

void read_classes(Diagnostics& d, const Field& f, fraud::ClassSet& out) {
  fraud::ClassSet set = 0;
  for (const auto& item : read_sequence(d, f)) {
    std::string s;
    if (!read_string(d, item, s)) continue;
    fraud::DestClass c{};
    if (!fraud::class_from_string(s, c)) {
      d.error(item.mark(), item.path, "unknown destination class " + quote(s) + " (see docs/fraud.md)");
      continue;
    }
    set |= fraud::bit(c);
  }
  out = set;
}

void read_countries(Diagnostics& d, const Field& f, std::vector<std::string>& out) {
  out.clear();
  const auto data = fraud::NumberingData::embedded();
  for (const auto& item : read_sequence(d, f)) {
    std::string s;
    if (!read_string(d, item, s)) continue;
    if (!data->is_known_country(s)) {
      d.error(item.mark(), item.path, "unknown country " + quote(s) + " (ISO 3166 alpha-2, upper case, e.g. DE)");
      continue;
    }
    out.push_back(std::move(s));
  }
}

void read_money(Diagnostics& d, const Field& f, fraud::Micros& out) {
  std::string s;
  if (!read_string(d, f, s)) return;
  if (!fraud::parse_money(s, out)) d.error(f.mark(), f.path, "must be an amount such as 50 or 12.50, got " + quote(s));
}

// The limit keys, shared by the policy, its out_of_hours block and account overrides; each value
// read goes to every target.
void read_limits(Diagnostics& d, MapReader& m, std::initializer_list<fraud::Limits*> targets) {
  auto each = [&](auto&& fn) {
    for (auto* t : targets) fn(*t);
  };
  if (auto v = m.get("allowed_classes")) {
    fraud::ClassSet s = 0;
    read_classes(d, *v, s);
    each([&](fraud::Limits& l) { l.allowed_classes = s; });
  }
  for (auto key : {"allowed_countries", "blocked_countries"}) {
    if (auto v = m.get(key)) {
      std::vector<std::string> c;
      read_countries(d, *v, c);
      each([&](fraud::Limits& l) { (std::string_view(key) == "allowed_countries" ? l.allowed_countries : l.blocked_countries) = c; });
    }
  }
  const std::pair<const char*, uint32_t fraud::Limits::*> counts[] = {
      {"max_concurrent", &fraud::Limits::max_concurrent},
      {"calls_per_minute", &fraud::Limits::calls_per_minute},
      {"international_per_hour", &fraud::Limits::international_per_hour},
      {"international_per_day", &fraud::Limits::international_per_day},
      {"same_number_max", &fraud::Limits::same_number_max}};
  for (const auto& [key, member] : counts) {
    if (auto v = m.get(key)) {
      uint32_t n = 0;
      if (read_uint(d, *v, 0, 1'000'000, n)) each([&](fraud::Limits& l) { l.*member = n; });
    }
  }
  if (auto v = m.get("max_duration")) {
    milliseconds ms{0};
    if (read_duration(d, *v, std::chrono::seconds(1), std::chrono::seconds(1), milliseconds(0), std::chrono::hours(48), ms)) {
      each([&](fraud::Limits& l) { l.max_duration = std::chrono::duration_cast<std::chrono::seconds>(ms); });
    }
  }
  for (auto key : {"spend_per_day", "spend_per_month"}) {
    if (auto v = m.get(key)) {
      fraud::Micros amount = -1;
      read_money(d, *v, amount);
      if (amount >= 0) {
        each([&](fraud::Limits& l) { (std::string_view(key) == "spend_per_day" ? l.spend_per_day : l.spend_per_month) = amount; });
      }
    }
  }
}

// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil).
int64_t days_from_civil(int y, int m, int dd) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return int64_t{era} * 146097 + doe - 719468;
}

bool parse_hhmm(std::string_view s, int& minutes) {
  int h = 0, mi = 0;
  if (s.size() != 5 || s[2] != ':') return false;
  auto a = std::from_chars(s.data(), s.data() + 2, h);
  auto b = std::from_chars(s.data() + 3, s.data() + 5, mi);
  if (a.ec != std::errc{} || b.ec != std::errc{} || a.ptr != s.data() + 2 || b.ptr != s.data() + 5) return false;
  if (h > 24 || mi > 59 || (h == 24 && mi != 0)) return false;
  minutes = h * 60 + mi;
  return true;
}

void read_schedule(Diagnostics& d, const Field& f, fraud::Schedule& s) {
  MapReader m(d, f);
  s.enabled = true;
  if (auto v = m.require("time_zone")) {
    std::string name;
    if (read_string(d, *v, name)) {
      auto z = fraud::TimeZone::load(name);
      if (z) {
        s.zone = *z;
      } else {
        d.error(v->mark(), v->path, z.error());
      }
    }
  }
  if (auto v = m.get("days")) {
    static constexpr std::string_view kDays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
    uint8_t days = 0;
    for (const auto& item : read_sequence(d, *v)) {
      size_t i = 0;
      if (read_word(d, item, kDays, i)) days = static_cast<uint8_t>(days | (1u << i));
    }
    s.days = days;
  }
  if (auto v = m.get("hours")) {
    std::string text;
    if (read_string(d, *v, text)) {
      auto dash = text.find('-');
      if (dash == std::string::npos || !parse_hhmm(std::string_view(text).substr(0, dash), s.start_minute) ||
          !parse_hhmm(std::string_view(text).substr(dash + 1), s.end_minute) || s.start_minute == s.end_minute) {
        d.error(v->mark(), v->path, "must look like 08:00-18:00 (a window across midnight such as 22:00-06:00 is allowed), got " + quote(text));
      }
    }
  }
  if (auto v = m.get("holidays")) {
    s.holidays.clear();
    for (const auto& item : read_sequence(d, *v)) {
      std::string text;
      if (!read_string(d, item, text)) continue;
      int y = 0, mo = 0, dd = 0;
      const bool shape = text.size() == 10 && text[4] == '-' && text[7] == '-';
      const bool ok = shape && std::from_chars(text.data(), text.data() + 4, y).ec == std::errc{} &&
                      std::from_chars(text.data() + 5, text.data() + 7, mo).ec == std::errc{} &&
                      std::from_chars(text.data() + 8, text.data() + 10, dd).ec == std::errc{} && mo >= 1 &&
                      mo <= 12 && dd >= 1 && dd <= 31;
      if (!ok) {
        d.error(item.mark(), item.path, "must be a date such as 2026-12-25, got " + quote(text));
        continue;
      }
      s.holidays.push_back(days_from_civil(y, mo, dd));
    }
    std::sort(s.holidays.begin(), s.holidays.end());
  }
  m.finish();
}

void read_scoring(Diagnostics& d, const Field& f, fraud::Scoring& s) {
  MapReader m(d, f);
  if (auto v = m.get("warn")) (void)read_uint(d, *v, 1, 1'000'000, s.warn);
  if (auto v = m.get("block")) (void)read_uint(d, *v, 1, 1'000'000, s.block);
  if (auto v = m.get("suspend")) (void)read_uint(d, *v, 0, 1'000'000, s.suspend);
  if (auto v = m.get("window")) {
    milliseconds ms{0};
    if (read_duration(d, *v, std::chrono::seconds(1), std::chrono::seconds(1), std::chrono::minutes(1), std::chrono::hours(24 * 7), ms)) {
      s.window = std::chrono::duration_cast<std::chrono::seconds>(ms);
    }
  }
  if (auto v = m.get("weights")) {
    MapReader w(d, *v);
    for (size_t i = 0; i < fraud::kRuleCount; ++i) {
      if (auto x = w.get(fraud::to_string(static_cast<fraud::Rule>(i)))) (void)read_uint(d, *x, 0, 1'000'000, s.weights[i]);
    }
    w.finish();
  }
  m.finish();
}

void read_rates(Diagnostics& d, const Field& f, fraud::TenantRules& t) {
  if (!read_string(d, f, t.rates_file)) return;
  std::ifstream in(t.rates_file);
  if (!in) {
    d.error(f.mark(), f.path, "cannot read rate table " + quote(t.rates_file));
    return;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  auto r = fraud::RateTable::parse(ss.str(), t.rates_file);
  if (!r) {
    d.error(f.mark(), f.path, "rate table: " + r.error());
    return;
  }
  t.rates = *r;
}

void read_policy(Diagnostics& d, const Field& f, const Tenant& tenant, fraud::TenantRules& t) {
  MapReader m(d, f);
  fraud::Policy& p = t.policy;
  if (auto v = m.get("enabled")) (void)read_bool(d, *v, p.enabled);
  read_limits(d, m, {&p.in_hours});
  p.out_of_hours = p.in_hours;
  if (auto v = m.get("schedule")) read_schedule(d, *v, p.schedule);
  if (auto v = m.get("out_of_hours")) {
    MapReader o(d, *v);
    read_limits(d, o, {&p.out_of_hours});
    o.finish();
  }
  if (auto v = m.get("scoring")) read_scoring(d, *v, p.scoring);
  if (auto v = m.get("rates")) read_rates(d, *v, t);
  if (auto v = m.get("accounts")) {
    MapReader accounts(d, *v);
    if (accounts.is_map()) {
      for (YAML::const_iterator it = v->value.begin(); it != v->value.end(); ++it) {
        const std::string name = it->first.Scalar();
        auto af = accounts.get(name);
        if (!af) continue;
        if (tenant.mode == Mode::kRegistrar && !tenant.find_account(name)) {
          d.error(af->key_mark, af->path, "no account " + quote(name) + " in this tenant");
        }
        fraud::Policy acc = p;
        MapReader am(d, *af);
        read_limits(d, am, {&acc.in_hours, &acc.out_of_hours});
        if (auto o = am.get("out_of_hours")) {
          MapReader om(d, *o);
          read_limits(d, om, {&acc.out_of_hours});
          om.finish();
        }
        am.finish();
        t.accounts.insert_or_assign(name, std::move(acc));
      }
    }
    accounts.finish();
  }
  m.finish();
}

}  // namespace

void read_tenant_fraud(Diagnostics& d, MapReader& tenant_map, Tenant& t) {
  fraud::TenantRules rules;
  auto plan = tenant_map.get("dial_plan");
  if (plan) read_dial_plan(d, *plan, rules.plan);
  auto policy = tenant_map.get("policy");
  if (!policy) {
    if (plan) d.error(plan->key_mark, plan->path, "has no effect without a `policy:` for the tenant (docs/fraud.md)");
    return;
  }
  if (!plan) d.error(policy->key_mark, policy->path, "needs the tenant's `dial_plan:` (how its users dial)");
  read_policy(d, *policy, t, rules);
  t.fraud = std::move(rules);
}

}  // namespace vg::config::detail
