#include "fraud/classify.h"

#include <algorithm>
#include <array>

namespace vg::fraud {

namespace {
constexpr std::array<std::string_view, kClassCount> kClassNames = {
    "emergency", "short_code", "service",    "invalid",      "national",       "mobile",
    "international", "toll_free", "premium", "shared_cost", "satellite",     "intl_network",
    "nanp_premium", "nanp_caribbean", "high_risk"};

// Splits one data line into tab-separated fields; comments (#) and blank lines give none.
std::vector<std::string_view> fields_of(std::string_view line) {
  std::vector<std::string_view> out;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.empty() || line.front() == '#') return out;
  std::size_t start = 0;
  while (true) {
    auto tab = line.find('\t', start);
    out.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return out;
}

// Calls fn(fields, line_number) for each data line; fn returns an error text or empty.
template <class Fn>
std::string each_line(std::string_view text, std::string_view name, Fn fn) {
  std::size_t line_no = 0, pos = 0;
  while (pos <= text.size()) {
    auto nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    ++line_no;
    auto f = fields_of(line);
    if (!f.empty()) {
      std::string err = fn(f);
      if (!err.empty()) return std::string(name) + ":" + std::to_string(line_no) + ": " + err;
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return {};
}
}  // namespace

std::string_view to_string(DestClass c) {
  auto i = static_cast<std::size_t>(c);
  return i < kClassCount ? kClassNames[i] : "unknown";
}

bool class_from_string(std::string_view s, DestClass& out) {
  for (std::size_t i = 0; i < kClassCount; ++i) {
    if (kClassNames[i] == s) {
      out = static_cast<DestClass>(i);
      return true;
    }
  }
  return false;
}

std::string classes_text(ClassSet s) {
  std::string out;
  for (std::size_t i = 0; i < kClassCount; ++i) {
    if (!(s & (ClassSet{1} << i))) continue;
    if (!out.empty()) out.push_back(',');
    out.append(kClassNames[i]);
  }
  return out;
}

Result<std::shared_ptr<const NumberingData>, std::string> NumberingData::load(std::string_view countries,
                                                                              std::string_view classes,
                                                                              std::string_view high_risk) {
  auto d = std::make_shared<NumberingData>();
  std::string err = each_line(countries, "country_codes.tsv", [&](const std::vector<std::string_view>& f) -> std::string {
    if (f.size() < 2) return "expected <prefix> TAB <ISO 3166 code> TAB <name>";
    if (f[1].size() != 2 || !std::all_of(f[1].begin(), f[1].end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
      return "country code '" + std::string(f[1]) + "' is not two upper-case letters";
    }
    auto it = std::find(d->iso_.begin(), d->iso_.end(), f[1]);
    if (it == d->iso_.end()) it = d->iso_.insert(d->iso_.end(), std::string(f[1]));
    if (!d->countries_.add(f[0], static_cast<uint32_t>(it - d->iso_.begin()))) return "bad prefix '" + std::string(f[0]) + "'";
    return {};
  });
  if (err.empty()) {
    err = each_line(classes, "number_classes.tsv", [&](const std::vector<std::string_view>& f) -> std::string {
      if (f.size() < 2) return "expected <prefix> TAB <class>[,<class>...] TAB <note>";
      ClassSet set = 0;
      std::string_view list = f[1];
      while (!list.empty()) {
        auto comma = list.find(',');
        std::string_view name = list.substr(0, comma);
        DestClass c{};
        if (!class_from_string(name, c)) return "unknown class '" + std::string(name) + "'";
        set |= bit(c);
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
      }
      if (!d->classes_.add(f[0], set)) return "bad prefix '" + std::string(f[0]) + "'";
      return {};
    });
  }
  if (err.empty()) {
    err = each_line(high_risk, "irsf_high_risk.tsv", [&](const std::vector<std::string_view>& f) -> std::string {
      if (!d->high_risk_.add(f[0], 0)) return "bad prefix '" + std::string(f[0]) + "'";
      return {};
    });
  }
  if (!err.empty()) return unexpected(std::move(err));
  if (d->countries_.build() + d->classes_.build() + d->high_risk_.build() > 0) {
    return unexpected(std::string("duplicate prefix in the numbering data"));
  }
  return std::shared_ptr<const NumberingData>(std::move(d));
}

std::string_view NumberingData::country_of(std::string_view e164) const {
  auto m = countries_.longest(e164);
  return m ? std::string_view(iso_[m->value]) : std::string_view{};
}

bool NumberingData::is_known_country(std::string_view iso) const {
  return std::find(iso_.begin(), iso_.end(), iso) != iso_.end();
}

Classification NumberingData::classify(const Number& n, const DialPlan& plan) const {
  Classification c;
  switch (n.kind) {
    case NumberKind::kEmergency: c.classes = bit(DestClass::kEmergency); return c;
    case NumberKind::kShortCode: c.classes = bit(DestClass::kShortCode); return c;
    case NumberKind::kInvalid: c.classes = bit(DestClass::kInvalid); return c;
    case NumberKind::kService:
      c.classes = bit(DestClass::kService);
      if (n.e164.empty()) return c;
      break;
    case NumberKind::kE164: break;
  }
  c.country = country_of(n.e164);
  const std::string_view home = country_of(plan.country_code);
  const bool national = !c.country.empty() && c.country == home;
  c.classes |= national ? bit(DestClass::kNational) : bit(DestClass::kInternational);
  if (national && n.e164.size() > plan.country_code.size()) {
    std::string_view nsn = std::string_view(n.e164).substr(plan.country_code.size());
    for (const auto& p : plan.mobile_prefixes) {
      if (nsn.substr(0, p.size()) == p) c.classes |= bit(DestClass::kMobile);
    }
  }
  if (auto m = classes_.longest(n.e164)) c.classes |= m->value;
  if (high_risk_.longest(n.e164)) c.classes |= bit(DestClass::kHighRisk);
  return c;
}

Classification NumberingData::classify_without_plan(std::string_view dialled) const {
  static const DialPlan kNoPlan = [] {
    DialPlan p;
    p.country_code.clear();
    p.national_prefix.clear();
    p.international_prefixes.clear();  // '+' is always understood
    p.emergency_numbers = {"112", "911"};
    return p;
  }();
  const Number n = normalize(dialled, kNoPlan);
  if (n.kind == NumberKind::kE164 && !n.international) return {};
  if (n.kind == NumberKind::kService && !n.international) return Classification{bit(DestClass::kService), {}};
  Classification c = classify(n, kNoPlan);
  // These need the caller's home country.
  c.classes &= ~(bit(DestClass::kNational) | bit(DestClass::kInternational) | bit(DestClass::kMobile));
  return c;
}

}  // namespace vg::fraud
