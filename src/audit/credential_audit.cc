#include "audit/credential_audit.h"

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "audit/checks.h"
#include "audit/conf_file.h"

namespace vg::audit {

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::kLow: return "low";
    case Severity::kMedium: return "medium";
    case Severity::kHigh: return "high";
  }
  return "unknown";
}

std::string_view to_string(Format f) {
  switch (f) {
    case Format::kAsteriskPjsip: return "asterisk-pjsip";
    case Format::kAsteriskSip: return "asterisk-sip";
    case Format::kFreeswitchXml: return "freeswitch-xml";
  }
  return "unknown";
}

Format detect_format(const Input& in) {
  const std::string_view n = in.name;
  if (n.size() >= 4 && n.substr(n.size() - 4) == ".xml") return Format::kFreeswitchXml;
  for (const auto& s : parse_conf(in.text)) {
    if (const auto* t = s.get("type")) {
      if (t->value == "endpoint" || t->value == "auth" || t->value == "aor" || t->value == "transport") {
        return Format::kAsteriskPjsip;
      }
    }
  }
  return Format::kAsteriskSip;
}

bool Report::has_high() const {
  return std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.severity == Severity::kHigh; });
}

std::string Report::to_text() const {
  size_t counts[3] = {0, 0, 0};
  for (const auto& f : findings) ++counts[static_cast<int>(f.severity)];
  std::string out = "credential audit: " + std::to_string(files.size()) + " file(s), " + std::to_string(accounts) +
                    " account(s), " + std::to_string(findings.size()) + " finding(s): " + std::to_string(counts[2]) +
                    " high, " + std::to_string(counts[1]) + " medium, " + std::to_string(counts[0]) + " low\n";
  for (const auto& f : findings) {
    std::string sev(to_string(f.severity));
    for (char& c : sev) c = static_cast<char>(c - 32);
    sev.resize(7, ' ');
    out += sev + f.file + ":" + std::to_string(f.line) + "  " + (f.account.empty() ? "-" : f.account) + "  " + f.rule +
           ": " + f.message + "\n";
  }
  return out;
}

std::string Report::to_json() const {
  nlohmann::json j;
  j["files"] = files;
  j["accounts"] = accounts;
  nlohmann::json summary = {{"high", 0}, {"medium", 0}, {"low", 0}};
  j["findings"] = nlohmann::json::array();
  for (const auto& f : findings) {
    summary[std::string(to_string(f.severity))] = summary[std::string(to_string(f.severity))].get<int>() + 1;
    j["findings"].push_back({{"file", f.file},
                             {"line", f.line},
                             {"account", f.account},
                             {"rule", f.rule},
                             {"severity", std::string(to_string(f.severity))},
                             {"message", f.message}});
  }
  j["summary"] = summary;
  j["high_risk"] = has_high();
  return j.dump(2) + "\n";
}

Result<Report, std::string> audit_files(const std::vector<Input>& inputs) {
  Collector c;
  for (const auto& in : inputs) {
    c.report.files.push_back(in.name);
    switch (detect_format(in)) {
      case Format::kAsteriskPjsip: audit_pjsip(in, c); break;
      case Format::kAsteriskSip: audit_chan_sip(in, c); break;
      case Format::kFreeswitchXml:
        if (auto r = audit_freeswitch(in, c); !r) return unexpected(r.error());
        break;
    }
  }
  c.finish();
  std::stable_sort(c.report.findings.begin(), c.report.findings.end(), [](const Finding& a, const Finding& b) {
    return a.file != b.file ? a.file < b.file : a.line < b.line;
  });
  return std::move(c.report);
}

}  // namespace vg::audit
