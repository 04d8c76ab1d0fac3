#include "geo/tor_format.h"

#include <charconv>
#include <filesystem>
#include <fstream>

#include "geo/country.h"

namespace vg::geo {
namespace {

// Line numbers of several files share one size_t: the file index in the high bits.
constexpr unsigned kFileShift = 40;

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// An address field: a decimal IPv4 integer or address text.
std::optional<IpAddress> parse_address(std::string_view s) {
  if (all_digits(s)) {
    uint32_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return IpAddress::v4(v);
  }
  auto a = IpAddress::parse(s);
  if (!a) return std::nullopt;
  return *a;
}

}  // namespace

Result<size_t, LoadError> parse_tor_geoip(std::string_view text, std::string_view source, RangeTableBuilder& out,
                                          size_t line_base) {
  size_t line_no = 0;
  size_t ranges = 0;
  auto fail = [&](std::string message) {
    return unexpected(LoadError{std::string(source), line_no, std::move(message)});
  };
  while (!text.empty()) {
    ++line_no;
    const size_t nl = text.find('\n');
    std::string_view line = trim(text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (line.empty() || line.front() == '#') continue;

    const size_t c1 = line.find(',');
    const size_t c2 = c1 == std::string_view::npos ? c1 : line.find(',', c1 + 1);
    if (c2 == std::string_view::npos || line.find(',', c2 + 1) != std::string_view::npos) {
      return fail("expected FIRST,LAST,COUNTRY");
    }
    auto first = parse_address(trim(line.substr(0, c1)));
    auto last = parse_address(trim(line.substr(c1 + 1, c2 - c1 - 1)));
    const std::string_view cc = trim(line.substr(c2 + 1));
    if (!first) return fail("bad first address");
    if (!last) return fail("bad last address");
    if (first->is_v4() != last->is_v4()) return fail("range mixes IPv4 and IPv6");
    if (*last < *first) return fail("range ends before it starts");
    if (cc == "??") continue;  // in the data, but assigned to no country: same as absent
    auto country = Country::parse(cc);
    if (!country) return fail("bad country code (expected two letters, or \"??\" for none)");
    // A few ranges of the IPFire data say UK, the United Kingdom's exceptionally reserved code; ISO
    // 3166 and every other source say GB, and so does the configuration (which refuses UK).
    if (*country == *Country::parse("UK")) country = Country::parse("GB");
    out.add(*first, *last, country->value(), line_base + line_no);
    ++ranges;
  }
  return ranges;
}

Result<std::string, LoadError> read_whole_file(const std::string& path, size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return unexpected(LoadError{path, 0, "cannot open"});
  std::string data;
  std::error_code ec;
  if (const auto size = std::filesystem::file_size(path, ec); !ec && size <= max_bytes) data.reserve(size);
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    data.append(buf, static_cast<size_t>(in.gcount()));
    if (data.size() > max_bytes) return unexpected(LoadError{path, 0, "larger than " + std::to_string(max_bytes) + " bytes"});
  }
  if (in.bad()) return unexpected(LoadError{path, 0, "read error"});
  return data;
}

Result<RangeTable, LoadError> load_tor_geoip_files(const std::vector<std::string>& paths, size_t* ranges_read) {
  RangeTableBuilder builder(RangeTableBuilder::Overlap::kReject);
  for (size_t i = 0; i < paths.size(); ++i) {
    auto text = read_whole_file(paths[i], kMaxGeoFileBytes);
    if (!text) return unexpected(text.error());
    auto n = parse_tor_geoip(*text, paths[i], builder, i << kFileShift);
    if (!n) return unexpected(n.error());
  }
  if (ranges_read) *ranges_read = builder.size();
  auto table = builder.build();
  if (!table) {
    const RangeError& e = table.error();
    const size_t file = e.line >> kFileShift;
    const size_t mask = (size_t{1} << kFileShift) - 1;
    std::string message = e.to_string();
    if (e.kind == RangeError::Kind::kOverlap) {
      const size_t other_file = e.other_line >> kFileShift;
      message = "range overlaps " + (other_file == file ? std::string() : paths[other_file] + " ") + "line " +
                std::to_string(e.other_line & mask);
    }
    return unexpected(LoadError{paths[file], e.line & mask, message});
  }
  return std::move(*table);
}

}  // namespace vg::geo
