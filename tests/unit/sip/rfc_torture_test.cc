// Table-driven check of the RFC 4475 (SIP torture tests) and RFC 5118 (IPv6 torture tests)
// messages in tests/data/rfc4475 and tests/data/rfc5118. Each cases.tsv line names a fixture, its
// expected outcome (valid / invalid with the ParseError name / flagged with a header name) and
// key=value checks of parsed fields.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "sip/message.h"
#include "sip/scan.h"

namespace vg::sip {
namespace {

struct Case {
  std::string dir;
  std::string file;
  std::string outcome;
  std::string detail;
  std::vector<std::pair<std::string, std::string>> checks;
};

// gtest prints a failing parameter with this instead of a byte dump.
void PrintTo(const Case& c, std::ostream* os) { *os << c.dir << "/" << c.file; }

std::vector<Case> load_cases(const std::string& dir) {
  std::vector<Case> out;
  std::ifstream in(std::string(VG_TEST_DATA_DIR) + "/" + dir + "/cases.tsv");
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    if (cols.size() < 3) continue;
    Case c{dir, cols[0], cols[1], cols[2], {}};
    for (size_t i = 3; i < cols.size(); ++i) {
      if (cols[i].empty()) continue;
      auto eq = cols[i].find('=');
      c.checks.emplace_back(cols[i].substr(0, eq), eq == std::string::npos ? "" : cols[i].substr(eq + 1));
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string str(std::string_view v) { return std::string(v); }

// Index inside "name[i].rest" keys.
bool split_indexed(const std::string& key, const std::string& prefix, size_t& index, std::string& rest) {
  if (key.rfind(prefix + "[", 0) != 0) return false;
  auto close = key.find(']');
  if (close == std::string::npos) return false;
  index = std::stoul(key.substr(prefix.size() + 1, close - prefix.size() - 1));
  rest = close + 1 < key.size() ? key.substr(close + 2) : "";
  return true;
}

std::optional<std::string> uri_field(const Uri& u, const std::string& f) {
  if (f == "scheme") {
    switch (u.scheme) {
      case UriScheme::kSip: return "sip";
      case UriScheme::kSips: return "sips";
      case UriScheme::kTel: return "tel";
      case UriScheme::kOther: return str(u.scheme_name);
    }
  }
  if (f == "user") return str(u.user);
  if (f == "host") return str(u.host);
  if (f == "port") return std::to_string(u.port);
  if (f.rfind("param.", 0) == 0) {
    auto v = u.params.get(f.substr(6));
    if (!v) return std::nullopt;
    return str(*v);
  }
  return std::nullopt;
}

std::optional<std::string> name_addr_field(const NameAddr& na, const std::string& f) {
  if (f == "display") return str(na.display_name);
  if (f == "uri") return str(na.uri.raw);
  if (f == "tag") {
    auto t = na.tag();
    if (!t) return std::nullopt;
    return str(*t);
  }
  if (f == "star") return na.star ? "1" : "0";
  if (f == "expires" || f == "q") {
    auto v = na.params.get(f);
    if (!v) return std::nullopt;
    return str(*v);
  }
  if (f.rfind("uri.", 0) == 0) return uri_field(na.uri, f.substr(4));
  return std::nullopt;
}

// The actual value of a check key, or nullopt (absent / unparseable / unknown key).
std::optional<std::string> field(const Message& m, const std::string& key) {
  if (key == "kind") return m.is_request() ? "request" : "response";
  if (key == "method") return str(m.method_name());
  if (key == "status") return std::to_string(m.status_code());
  if (key == "reason") return str(m.reason());
  if (key == "ruri") return str(m.request_uri_text());
  if (key.rfind("ruri.", 0) == 0) {
    auto u = m.request_uri();
    if (!u) return std::nullopt;
    return uri_field(**u, key.substr(5));
  }
  size_t idx = 0;
  std::string rest;
  if (key == "via.count") {
    return std::to_string(m.header_count(HeaderId::kVia));
  }
  if (split_indexed(key, "via", idx, rest)) {
    auto vias = m.vias();
    if (!vias || idx >= vias->size()) return std::nullopt;
    const Via& v = (*vias)[idx];
    if (rest == "transport") return str(v.transport);
    if (rest == "host") return str(v.host);
    if (rest == "port") return std::to_string(v.port);
    if (rest == "branch") return str(v.branch);
    if (rest == "received") return str(v.received);
    if (rest == "maddr") return str(v.maddr);
    if (rest == "ttl") return v.ttl ? std::to_string(*v.ttl) : std::string();
    if (rest == "rport") {
      if (!v.has_rport) return std::nullopt;
      return v.rport ? std::to_string(*v.rport) : std::string();
    }
    return std::nullopt;
  }
  if (key.rfind("from.", 0) == 0 || key.rfind("to.", 0) == 0) {
    bool is_from = key[0] == 'f';
    auto na = is_from ? m.from() : m.to();
    if (!na) return std::nullopt;
    return name_addr_field(**na, key.substr(is_from ? 5 : 3));
  }
  if (key == "call-id") {
    auto c = m.call_id();
    if (!c) return std::nullopt;
    return str(*c);
  }
  if (key == "cseq.num" || key == "cseq.method") {
    auto c = m.cseq();
    if (!c) return std::nullopt;
    return key == "cseq.num" ? std::to_string(c->number) : str(c->method_name);
  }
  if (key == "max-forwards") {
    auto v = m.max_forwards();
    if (!v) return std::nullopt;
    return std::to_string(*v);
  }
  if (key == "content-length") {
    if (!m.content_length()) return std::nullopt;
    return std::to_string(*m.content_length());
  }
  if (key == "body.size") return std::to_string(m.body().size());
  if (key == "contact.count") return std::to_string(m.header_count(HeaderId::kContact));
  if (split_indexed(key, "contact", idx, rest)) {
    auto cs = m.contacts();
    if (!cs || idx >= cs->size()) return std::nullopt;
    return name_addr_field((*cs)[idx], rest);
  }
  if (key.rfind("header[", 0) == 0) {
    auto close = key.find(']');
    std::string name = key.substr(7, close - 7);
    std::string sub = close + 1 < key.size() ? key.substr(close + 1) : "";
    HeaderId id = lookup_header(name);
    if (sub == ".count") {
      if (id != HeaderId::kUnknown) return std::to_string(m.header_count(id));
      size_t n = 0;
      for (const auto& h : m.headers()) n += scan::iequals(h.name, name) ? 1 : 0;
      return std::to_string(n);
    }
    const HeaderField* h = m.header(name);
    if (!h) return std::nullopt;
    // The first occurrence's whole value (all elements of its line when it was a comma list).
    std::string joined;
    for (const auto& f : m.headers()) {
      if (f.line_begin != h->line_begin) continue;
      if (!joined.empty()) joined += ", ";
      joined += str(f.value);
    }
    return joined;
  }
  return std::nullopt;
}

// Typed check of one named header, for "flagged" cases.
bool header_parses(const Message& m, const std::string& name) {
  HeaderId id = lookup_header(name);
  const HeaderField* h = m.header(name);
  if (!h) return false;
  switch (id) {
    case HeaderId::kDate: {
      // RFC 3261 §20.17: Date uses RFC 1123 format and the time zone MUST be "GMT".
      auto v = scan::trim(h->value);
      return v.size() >= 4 && v.substr(v.size() - 4) == " GMT";
    }
    case HeaderId::kExpires: return m.expires().has_value();
    case HeaderId::kContact: return m.contacts().has_value();
    case HeaderId::kAuthorization:
    case HeaderId::kProxyAuthorization:
    case HeaderId::kWwwAuthenticate:
    case HeaderId::kProxyAuthenticate: return m.auth(id).has_value();
    case HeaderId::kRoute:
    case HeaderId::kRecordRoute: return m.routes(id).has_value();
    default: return true;
  }
}

class TortureTest : public ::testing::TestWithParam<Case> {};

TEST_P(TortureTest, ClassifiedAsTheRfcSays) {
  const Case& c = GetParam();
  const std::string bytes = read_file(std::string(VG_TEST_DATA_DIR) + "/" + c.dir + "/" + c.file);
  ASSERT_FALSE(bytes.empty()) << "fixture missing or empty: " << c.file;
  auto m = Message::parse(bytes);
  ParseError error = ParseError::kNone;
  if (!m) {
    error = m.error();
  } else if (auto v = m->validate(); !v) {
    error = v.error();
  }

  if (c.outcome == "invalid") {
    EXPECT_EQ(error_name(error), c.detail) << c.file << " should be rejected with " << c.detail;
    return;
  }
  ASSERT_EQ(error, ParseError::kNone) << c.file << " rejected with " << error_name(error) << ": "
                                      << describe(error);
  if (c.outcome == "flagged") {
    EXPECT_FALSE(header_parses(*m, c.detail)) << c.file << ": header " << c.detail << " should be flagged";
  } else {
    EXPECT_EQ(c.outcome, "valid") << "unknown outcome in cases.tsv";
  }
  for (const auto& [key, want] : c.checks) {
    auto got = field(*m, key);
    ASSERT_TRUE(got.has_value()) << c.file << ": no value for " << key;
    EXPECT_EQ(*got, want) << c.file << ": " << key;
  }
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string n = info.param.dir + "_" + info.param.file;
  for (auto& ch : n) {
    if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return n;
}

std::vector<Case> all_cases() {
  auto a = load_cases("rfc4475");
  auto b = load_cases("rfc5118");
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

INSTANTIATE_TEST_SUITE_P(Rfc, TortureTest, ::testing::ValuesIn(all_cases()), case_name);

TEST(TortureFixtures, EveryFixtureHasACase) {
  for (const char* dir : {"rfc4475", "rfc5118"}) {
    auto cases = load_cases(dir);
    std::set<std::string> named;
    for (const auto& c : cases) named.insert(c.file);
    size_t files = 0;
    for (const auto& e : std::filesystem::directory_iterator(std::string(VG_TEST_DATA_DIR) + "/" + dir)) {
      if (e.path().extension() != ".sip") continue;
      ++files;
      EXPECT_TRUE(named.count(e.path().filename().string())) << dir << "/" << e.path().filename() << " has no case";
    }
    EXPECT_GT(files, 0u) << dir;
    EXPECT_EQ(files, cases.size()) << dir;
  }
}

}  // namespace
}  // namespace vg::sip
