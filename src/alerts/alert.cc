#include "alerts/alert.h"

#include <ctime>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace vg::alerts {

namespace {

// RFC 5424 §6.2.1 severity codes.
int syslog_severity(events::Severity s) {
  switch (s) {
    case events::Severity::kCritical: return 2;
    case events::Severity::kWarning: return 4;
    case events::Severity::kNotice: return 5;
    case events::Severity::kInfo: return 6;
  }
  return 5;
}

// RFC 5424 §6.3.3: inside PARAM-VALUE, '"', '\' and ']' are escaped with '\'. Control characters
// are replaced (attacker-influenced text must not break the record).
std::string sd_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\' || c == ']') out.push_back('\\');
    out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c);
  }
  return out;
}

// Header-safe text: no CR/LF (header injection), no other control characters.
std::string header_text(std::string_view s) {
  std::string out;
  for (char c : s) out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c);
  return out;
}

// HOSTNAME / APP-NAME: printable US-ASCII without spaces, or the NILVALUE "-".
std::string printable_token(std::string_view s, std::size_t max) {
  std::string out;
  for (char c : s) {
    if (c > 32 && c < 127) out.push_back(c);
    if (out.size() == max) break;
  }
  return out.empty() ? "-" : out;
}

nlohmann::json event_json(const events::Event& e) {
  nlohmann::json j = {{"time", rfc3339_ms(e.time_ms)},
                      {"kind", e.kind},
                      {"severity", std::string(events::to_string(e.severity))},
                      {"source", events::source_text(e)},
                      {"transport", e.transport},
                      {"tenant", e.tenant},
                      {"account", e.account},
                      {"filter", e.filter},
                      {"rule", e.rule},
                      {"action", e.action},
                      {"evidence", e.evidence}};
  nlohmann::json fields = nlohmann::json::object();
  for (const auto& [k, v] : e.fields) fields[k] = v;
  j["fields"] = std::move(fields);
  return j;
}

// JSON of text that may hold invalid UTF-8 (attacker bytes): replaced, never an exception.
std::string dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

}  // namespace

std::string rfc3339_ms(int64_t unix_ms) {
  const std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return fmt::format("{}.{:03}Z", buf, unix_ms % 1000);
}

std::string summary(const Alert& a) {
  const auto& e = a.event;
  std::string s = fmt::format("voipguard {} [{}] {}", events::to_string(a.severity), a.rule, e.kind);
  if (e.source) s += " from " + events::source_text(e);
  if (!e.account.empty()) s += " account " + e.account + (e.tenant.empty() ? "" : "@" + e.tenant);
  if (a.count > 1) s += fmt::format(": {} events in {} s", a.count, a.window_ms / 1000);
  if (!e.evidence.empty()) s += (a.count > 1 ? ", last: " : ": ") + e.evidence;
  if (a.suppressed) s += fmt::format(" ({} similar alerts suppressed)", a.suppressed);
  return header_text(s);
}

std::string to_json(const Alert& a) {
  nlohmann::json j = {{"rule", a.rule},
                      {"severity", std::string(events::to_string(a.severity))},
                      {"key", a.key},
                      {"time", rfc3339_ms(a.time_ms)},
                      {"count", a.count},
                      {"window_seconds", a.window_ms / 1000},
                      {"suppressed", a.suppressed},
                      {"summary", summary(a)},
                      {"event", event_json(a.event)}};
  return dump(j);
}

std::string to_slack_json(const Alert& a) { return dump(nlohmann::json{{"text", summary(a)}}); }

std::string to_syslog(const Alert& a, uint8_t facility, const std::string& hostname, int pid) {
  const auto& e = a.event;
  // RFC 5424 §6: <PRI>VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP SD [SP MSG]
  std::string out = fmt::format("<{}>1 {} {} voipguard {} alert ", facility * 8 + syslog_severity(a.severity),
                                rfc3339_ms(a.time_ms), printable_token(hostname, 255), pid);
  // SD-ID with the documentation enterprise number 32473 (RFC 5612) until voipguard has its own.
  out += fmt::format("[alert@32473 rule=\"{}\" severity=\"{}\" kind=\"{}\" key=\"{}\" count=\"{}\"", sd_escape(a.rule),
                     events::to_string(a.severity), sd_escape(e.kind), sd_escape(a.key), a.count);
  if (e.source) out += fmt::format(" source=\"{}\"", sd_escape(events::source_text(e)));
  if (!e.account.empty()) out += fmt::format(" account=\"{}\"", sd_escape(e.account));
  if (!e.tenant.empty()) out += fmt::format(" tenant=\"{}\"", sd_escape(e.tenant));
  out += "] ";
  out += summary(a);
  if (out.size() > 2048) out.resize(2048);
  return out;
}

std::string to_email(const Alert& a, const std::string& from, const std::string& to_header, int64_t now_unix) {
  std::time_t t = static_cast<std::time_t>(now_unix);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char date[64];
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);  // RFC 5322 §3.3
  const auto& e = a.event;
  std::string body = summary(a) + "\r\n\r\n";
  auto line = [&](std::string_view k, const std::string& v) {
    if (!v.empty()) body += fmt::format("{}: {}\r\n", k, header_text(v));
  };
  line("Rule", a.rule);
  line("Severity", std::string(events::to_string(a.severity)));
  line("Time", rfc3339_ms(a.time_ms));
  line("Event", e.kind);
  line("Source", events::source_text(e));
  line("Tenant", e.tenant);
  line("Account", e.account);
  line("Decided by", e.filter + (e.rule.empty() ? "" : "/" + e.rule));
  line("Action", e.action);
  line("Evidence", e.evidence);
  for (const auto& [k, v] : e.fields) line(k, v);
  return fmt::format("Date: {}\r\nFrom: <{}>\r\nTo: {}\r\nSubject: {}\r\nMIME-Version: 1.0\r\n"
                     "Content-Type: text/plain; charset=utf-8\r\n\r\n{}",
                     date, header_text(from), header_text(to_header), summary(a), body);
}

}  // namespace vg::alerts
