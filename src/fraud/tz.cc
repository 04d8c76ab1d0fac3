#include "fraud/tz.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

namespace vg::fraud {

namespace {

int64_t read_be(std::string_view b, std::size_t pos, std::size_t n) {
  uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<uint8_t>(b[pos + i]);
  if (n == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
  return static_cast<int64_t>(v);
}

// "+02:00", "-0530", "+5": seconds east of UTC, or false.
bool parse_offset(std::string_view s, int32_t& out) {
  if (s.empty() || (s[0] != '+' && s[0] != '-')) return false;
  const int sign = s[0] == '-' ? -1 : 1;
  s.remove_prefix(1);
  int h = 0, m = 0;
  std::string_view hh = s, mm;
  if (auto colon = s.find(':'); colon != std::string_view::npos) {
    hh = s.substr(0, colon);
    mm = s.substr(colon + 1);
  } else if (s.size() == 4) {
    hh = s.substr(0, 2);
    mm = s.substr(2);
  }
  auto num = [](std::string_view t, int& v) {
    auto r = std::from_chars(t.data(), t.data() + t.size(), v);
    return !t.empty() && t.size() <= 2 && r.ec == std::errc{} && r.ptr == t.data() + t.size();
  };
  if (!num(hh, h) || (!mm.empty() && !num(mm, m)) || (mm.empty() && s.find(':') != std::string_view::npos)) return false;
  if (h > 14 || m > 59) return false;
  out = sign * (h * 3600 + m * 60);
  return true;
}

}  // namespace

void civil_from_days(int64_t z, int& year, int& month, int& day) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
}

std::shared_ptr<const TimeZone> TimeZone::utc() {
  auto z = std::make_shared<TimeZone>();
  z->name_ = "UTC";
  return z;
}

Result<std::shared_ptr<const TimeZone>, std::string> TimeZone::load(std::string_view name,
                                                                    const std::string& zoneinfo_dir) {
  if (name == "UTC" || name == "Z" || name == "Etc/UTC") return utc();
  std::string_view off = name;
  if (off.substr(0, 3) == "UTC") off.remove_prefix(3);
  if (!off.empty() && (off[0] == '+' || off[0] == '-')) {
    auto z = std::make_shared<TimeZone>();
    z->name_ = std::string(name);
    if (!parse_offset(off, z->initial_offset_)) {
      return unexpected("'" + std::string(name) + "' is not a UTC offset like UTC+02:00");
    }
    return std::shared_ptr<const TimeZone>(std::move(z));
  }
  // An IANA name: letters, digits, '/', '_', '-', '+' only (never a path that climbs out).
  for (char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' ||
                    c == '_' || c == '-' || c == '+';
    if (!ok) return unexpected("'" + std::string(name) + "' is not a time zone name");
  }
  if (name.empty() || name.find("..") != std::string_view::npos || name.front() == '/') {
    return unexpected("'" + std::string(name) + "' is not a time zone name");
  }
  std::ifstream in(zoneinfo_dir + "/" + std::string(name), std::ios::binary);
  if (!in) return unexpected("unknown time zone '" + std::string(name) + "' (no " + zoneinfo_dir + "/" + std::string(name) + "; is tzdata installed?)");
  std::ostringstream ss;
  ss << in.rdbuf();
  return from_tzif(name, ss.str());
}

Result<std::shared_ptr<const TimeZone>, std::string> TimeZone::from_tzif(std::string_view name,
                                                                         std::string_view b) {
  const std::string bad = "time zone file for '" + std::string(name) + "' is not a valid TZif file";
  // RFC 8536 §3.1 header: magic, version, 15 reserved, six 32-bit counts.
  auto header = [&](std::size_t at, int64_t (&c)[6]) {
    if (b.size() < at + 44 || b.substr(at, 4) != "TZif") return false;
    for (int i = 0; i < 6; ++i) c[i] = read_be(b, at + 20 + 4 * static_cast<std::size_t>(i), 4);
    for (auto v : c) {
      if (v < 0 || v > 100000) return false;
    }
    return true;
  };
  int64_t c[6];  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  if (!header(0, c)) return unexpected(bad);
  std::size_t pos = 44;
  std::size_t tsize = 4;
  if (b[4] >= '2') {
    // Skip the version 1 block; use the 64-bit block that follows (RFC 8536 §3.2).
    pos += static_cast<std::size_t>(c[3] * 4 + c[3] + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0]);
    if (!header(pos, c)) return unexpected(bad);
    pos += 44;
    tsize = 8;
  }
  const auto timecnt = static_cast<std::size_t>(c[3]), typecnt = static_cast<std::size_t>(c[4]);
  if (typecnt == 0 || b.size() < pos + timecnt * (tsize + 1) + typecnt * 6) return unexpected(bad);
  auto z = std::make_shared<TimeZone>();
  z->name_ = std::string(name);
  std::vector<int32_t> type_offsets(typecnt);
  const std::size_t types_at = pos + timecnt * (tsize + 1);
  for (std::size_t i = 0; i < typecnt; ++i) type_offsets[i] = static_cast<int32_t>(read_be(b, types_at + i * 6, 4));
  z->initial_offset_ = type_offsets[0];
  for (std::size_t i = 0; i < timecnt; ++i) {
    const auto idx = static_cast<uint8_t>(b[pos + timecnt * tsize + i]);
    if (idx >= typecnt) return unexpected(bad);
    z->transitions_.push_back(read_be(b, pos + i * tsize, tsize));
    z->offsets_.push_back(type_offsets[idx]);
  }
  return std::shared_ptr<const TimeZone>(std::move(z));
}

int32_t TimeZone::offset_at(int64_t t) const {
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), t);
  if (it == transitions_.begin()) return initial_offset_;
  return offsets_[static_cast<std::size_t>(it - transitions_.begin() - 1)];
}

LocalTime TimeZone::local(int64_t t) const {
  const int64_t lt = t + offset_at(t);
  LocalTime l;
  l.day_number = lt >= 0 ? lt / 86400 : (lt - 86399) / 86400;
  l.minute_of_day = static_cast<int>((lt - l.day_number * 86400) / 60);
  l.weekday = static_cast<int>(((l.day_number % 7) + 11) % 7);  // 1970-01-01 was a Thursday (4)
  civil_from_days(l.day_number, l.year, l.month, l.day);
  l.month_number = int64_t{l.year} * 12 + l.month - 1;
  return l;
}

}  // namespace vg::fraud
