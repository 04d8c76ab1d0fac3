#include "store/record_sql.h"

#include <algorithm>
#include <array>

namespace vg::store {
namespace {

constexpr std::array<std::string_view, 13> kEventColumns = {
    "time_ms", "kind",   "severity", "source_ip", "source_port", "transport", "tenant",
    "account", "filter", "rule",     "action",    "evidence",    "fields"};
constexpr std::array<std::string_view, 24> kCallColumns = {
    "call_id",  "tenant",      "account",    "caller_raw", "caller",      "callee_raw",
    "callee",   "dest_class",  "country",    "source_ip",  "source_port", "user_agent",
    "start_ms", "answer_ms",   "end_ms",     "duration_ms", "billable_s", "cost",
    "disposition", "sip_status", "hangup_side", "decision", "score",      "rules"};
constexpr std::array<std::string_view, 12> kDeviceColumns = {
    "tenant",     "account", "contact", "source_ip", "source_port",   "transport",
    "user_agent", "vendor",  "model",   "firmware",  "first_seen_ms", "last_seen_ms"};
constexpr std::array<std::string_view, 10> kAlertColumns = {
    "time_ms", "rule", "alert_key", "severity", "channel", "status", "attempts", "event_kind", "summary", "error"};

// A device seen again keeps its first_seen_ms; the rest describes its latest registration.
constexpr std::string_view kDeviceUpsert =
    " ON CONFLICT (tenant, account, contact) DO UPDATE SET source_ip = excluded.source_ip,"
    " source_port = excluded.source_port, transport = excluded.transport, user_agent = excluded.user_agent,"
    " vendor = excluded.vendor, model = excluded.model, firmware = excluded.firmware,"
    " last_seen_ms = excluded.last_seen_ms";

// Length of the valid UTF-8 sequence starting at s[i] (RFC 3629 §4: no overlongs, no surrogates,
// nothing above U+10FFFF), or 0 when the byte there does not start one. NUL counts as invalid.
size_t utf8_sequence(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c >= 0x01 && c <= 0x7f) return 1;
  size_t n = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) {
    n = 2;
  } else if (c >= 0xe0 && c <= 0xef) {
    n = 3;
    if (c == 0xe0) lo = 0xa0;
    if (c == 0xed) hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4;
    if (c == 0xf0) lo = 0x90;
    if (c == 0xf4) hi = 0x8f;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k) {
    if (b(i + k) < 0x80 || b(i + k) > 0xbf) return 0;
  }
  return n;
}

std::string_view view(const std::string& s) { return s; }

// A quoted JSON string (written here rather than with nlohmann::json: building a json object per
// event cost the writer thread an allocation per field, ~6 % of its time): the two-character escapes of RFC 8259 §7, \u00xx for the other control
// characters, everything else (UTF-8 included) as it is.
void append_json_string(std::string_view s, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (const char ch : s) {
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(ch) < 0x20) {
          out += "\\u00";
          out += kHex[static_cast<unsigned char>(ch) >> 4];
          out += kHex[static_cast<unsigned char>(ch) & 15];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

}  // namespace

const TableSpec& events_table() {
  static const TableSpec spec{"security_events", kEventColumns, {}};
  return spec;
}
const TableSpec& calls_table() {
  static const TableSpec spec{"calls", kCallColumns, {}};
  return spec;
}
const TableSpec& devices_table() {
  static const TableSpec spec{"devices", kDeviceColumns, kDeviceUpsert};
  return spec;
}
const TableSpec& alerts_table() {
  static const TableSpec spec{"alerts", kAlertColumns, {}};
  return spec;
}

std::string insert_sql(const TableSpec& spec, size_t rows) {
  std::string sql = "INSERT INTO ";
  sql += spec.table;
  sql += " (";
  for (size_t c = 0; c < spec.columns.size(); ++c) {
    if (c != 0) sql += ", ";
    sql += spec.columns[c];
  }
  sql += ") VALUES ";
  size_t n = 1;
  for (size_t r = 0; r < rows; ++r) {
    sql += r == 0 ? "(" : ", (";
    for (size_t c = 0; c < spec.columns.size(); ++c, ++n) {
      if (c != 0) sql += ", ";
      sql += '$';
      sql += std::to_string(n);
    }
    sql += ')';
  }
  sql += spec.suffix;
  return sql;
}

void make_storable(std::string& text) {
  // Fast path: plain ASCII without NUL is the common case.
  if (std::all_of(text.begin(), text.end(), [](char ch) { return ch > 0; })) return;
  std::string out;
  out.reserve(text.size() + 8);
  const std::string_view s = text;
  for (size_t i = 0; i < s.size();) {
    const size_t n = utf8_sequence(s, i);
    if (n == 0) {
      out += "\xef\xbf\xbd";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  text = std::move(out);
}

std::string fields_json(const std::vector<std::pair<std::string, std::string>>& fields) {
  using Field = std::pair<std::string, std::string>;
  std::vector<const Field*> order;
  order.reserve(fields.size());
  for (const Field& f : fields) order.push_back(&f);
  // Stable: among equal keys the last one added stays last, and that is the one kept.
  std::stable_sort(order.begin(), order.end(), [](const Field* a, const Field* b) { return a->first < b->first; });
  std::string out = "{";
  for (size_t i = 0; i < order.size(); ++i) {
    if (i + 1 < order.size() && order[i + 1]->first == order[i]->first) continue;
    if (out.size() > 1) out += ',';
    append_json_string(order[i]->first, out);
    out += ':';
    append_json_string(order[i]->second, out);
  }
  out += '}';
  return out;
}

void append_params(events::Event& e, std::vector<SqlParam>& out, std::deque<std::string>& scratch) {
  events::for_each_text(e, [](std::string& s) { make_storable(s); });
  for (auto& [k, v] : e.fields) {
    make_storable(k);
    make_storable(v);
  }
  const std::string& source_ip = scratch.emplace_back(e.source ? e.source->address.to_string() : std::string());
  const std::string& json = scratch.emplace_back(fields_json(e.fields));
  out.insert(out.end(), {SqlParam(int64_t{e.time_ms}), view(e.kind), events::to_string(e.severity), view(source_ip),
                         SqlParam(int64_t{e.source ? e.source->port : 0}), view(e.transport), view(e.tenant),
                         view(e.account), view(e.filter), view(e.rule), view(e.action), view(e.evidence),
                         view(json)});
}

void append_params(CdrRecord& r, std::vector<SqlParam>& out) {
  for (std::string* s : {&r.call_id, &r.tenant, &r.account, &r.caller_raw, &r.caller, &r.callee_raw, &r.callee,
                         &r.dest_class, &r.country, &r.source_ip, &r.user_agent, &r.disposition, &r.hangup_side,
                         &r.decision, &r.rules}) {
    make_storable(*s);
  }
  const SqlParam answer = r.answer_ms != 0 ? SqlParam(r.answer_ms) : SqlParam(nullptr);
  out.insert(out.end(), {view(r.call_id), view(r.tenant), view(r.account), view(r.caller_raw), view(r.caller),
                         view(r.callee_raw), view(r.callee), view(r.dest_class), view(r.country), view(r.source_ip),
                         r.source_port, view(r.user_agent), r.start_ms, answer, r.end_ms, r.duration_ms,
                         r.billable_s, r.cost, view(r.disposition), r.sip_status, view(r.hangup_side),
                         view(r.decision), r.score, view(r.rules)});
}

void append_params(DeviceRecord& r, std::vector<SqlParam>& out) {
  for (std::string* s : {&r.tenant, &r.account, &r.contact, &r.source_ip, &r.transport, &r.user_agent, &r.vendor,
                         &r.model, &r.firmware}) {
    make_storable(*s);
  }
  out.insert(out.end(), {view(r.tenant), view(r.account), view(r.contact), view(r.source_ip), r.source_port,
                         view(r.transport), view(r.user_agent), view(r.vendor), view(r.model), view(r.firmware),
                         r.first_seen_ms, r.last_seen_ms});
}

void append_params(AlertRecord& r, std::vector<SqlParam>& out) {
  for (std::string* s : {&r.rule, &r.alert_key, &r.severity, &r.channel, &r.status, &r.event_kind, &r.summary,
                         &r.error}) {
    make_storable(*s);
  }
  out.insert(out.end(), {r.time_ms, view(r.rule), view(r.alert_key), view(r.severity), view(r.channel),
                         view(r.status), r.attempts, view(r.event_kind), view(r.summary), view(r.error)});
}

}  // namespace vg::store
