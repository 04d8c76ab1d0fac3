// Readers for the `metrics:` and `alerts:` sections (see docs/observability.md).
#include <algorithm>
#include <set>

#include "config/names.h"
#include "config/observability.h"
#include "config/sections.h"

namespace vg::config::detail {

namespace {

using std::chrono::milliseconds;

constexpr EnumName<AlertChannelType> kChannelTypes[] = {
    {"webhook", AlertChannelType::kWebhook}, {"syslog", AlertChannelType::kSyslog}, {"email", AlertChannelType::kEmail}};
constexpr EnumName<WebhookFormat> kWebhookFormats[] = {{"json", WebhookFormat::kJson}, {"slack", WebhookFormat::kSlack}};
constexpr EnumName<events::Severity> kSeverities[] = {{"info", events::Severity::kInfo},
                                                     {"notice", events::Severity::kNotice},
                                                     {"warning", events::Severity::kWarning},
                                                     {"critical", events::Severity::kCritical}};
// RFC 5424 §6.2.1 facilities by name (the ones an operator would pick for an application).
constexpr EnumName<std::uint8_t> kFacilities[] = {
    {"user", 1},    {"daemon", 3},  {"auth", 4},    {"authpriv", 10}, {"local0", 16}, {"local1", 17},
    {"local2", 18}, {"local3", 19}, {"local4", 20}, {"local5", 21},   {"local6", 22}, {"local7", 23}};

bool has_prefix(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// A required non-empty string without control characters.
bool text_field(Diagnostics& d, MapReader& m, std::string_view key, std::string& out, bool required) {
  auto f = required ? m.require(key) : m.get(key);
  if (!f) return false;
  std::string v;
  if (!read_string(d, *f, v)) return false;
  if (v.empty() || std::any_of(v.begin(), v.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
    d.error(f->mark(), f->path, "must be non-empty text without control characters");
    return false;
  }
  out = std::move(v);
  return true;
}

void millis(Diagnostics& d, MapReader& m, std::string_view key, milliseconds min, milliseconds max, milliseconds& out) {
  auto f = m.get(key);
  if (!f) return;
  milliseconds v{};
  if (read_duration(d, *f, std::chrono::seconds(1), milliseconds(1), min, max, v)) out = v;
}

// The required `name` key: a name token, not used before in `names` (then added to it).
bool unique_name(Diagnostics& d, MapReader& m, std::string_view what, std::set<std::string>& names, std::string& out) {
  auto name = m.require("name");
  if (!name || !read_string(d, *name, out)) return false;
  if (!is_name_token(out)) {
    d.error(name->mark(), name->path, "must be 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit");
    return false;
  }
  if (!names.insert(out).second) {
    d.error(name->mark(), name->path, "duplicate " + std::string(what) + " name '" + out + "'");
    return false;
  }
  return true;
}

void read_retry(Diagnostics& d, const Field& f, RetryPolicy& out) {
  MapReader m(d, f);
  millis(d, m, "initial", milliseconds(10), milliseconds(3'600'000), out.initial);
  millis(d, m, "max", milliseconds(10), milliseconds(86'400'000), out.max);
  if (auto a = m.get("attempts")) (void)read_uint(d, *a, 1, 1000, out.attempts);
  if (out.initial > out.max) d.error(f.mark(), f.path, "initial must not be greater than max");
  m.finish();
}

void read_channel(Diagnostics& d, const Field& item, std::set<std::string>& names, std::vector<AlertChannel>& out) {
  MapReader m(d, item);
  if (!m.is_map()) return;
  AlertChannel c;
  bool ok = unique_name(d, m, "channel", names, c.name);
  auto type = m.require("type");
  ok = type && read_enum(d, *type, kChannelTypes, c.type) && ok;
  millis(d, m, "timeout", milliseconds(100), milliseconds(300'000), c.timeout);
  if (auto r = m.get("retry")) read_retry(d, *r, c.retry);
  if (ok && c.type == AlertChannelType::kWebhook) {
    if (auto url = m.require("url"); url && read_string(d, *url, c.url)) {
      if (!has_prefix(c.url, "http://") && !has_prefix(c.url, "https://")) {
        d.error(url->mark(), url->path, "must be an http:// or https:// URL");
      }
    }
    if (auto fmt = m.get("format")) (void)read_enum(d, *fmt, kWebhookFormats, c.format);
  } else if (ok && c.type == AlertChannelType::kSyslog) {
    if (auto host = m.require("host")) {
      std::string h;
      if (read_string(d, *host, h)) {
        auto ip = IpAddress::parse(h);
        if (!ip) {
          d.error(host->mark(), host->path, "must be an IPv4 or IPv6 literal");
        } else {
          c.syslog_to.address = *ip;
        }
      }
    }
    c.syslog_to.port = 514;
    if (auto port = m.get("port")) (void)read_uint(d, *port, 1, 65535, c.syslog_to.port);
    if (auto fac = m.get("facility")) (void)read_enum(d, *fac, kFacilities, c.facility);
  } else if (ok && c.type == AlertChannelType::kEmail) {
    if (auto url = m.require("smtp_url"); url && read_string(d, *url, c.smtp_url)) {
      if (!has_prefix(c.smtp_url, "smtp://") && !has_prefix(c.smtp_url, "smtps://")) {
        d.error(url->mark(), url->path, "must be an smtp:// or smtps:// URL");
      }
    }
    text_field(d, m, "from", c.mail_from, true);
    if (auto to = m.require("to")) {
      for (const Field& t : read_sequence(d, *to)) {
        std::string addr;
        if (!read_string(d, t, addr)) continue;
        if (addr.find('@') == std::string::npos ||
            std::any_of(addr.begin(), addr.end(), [](char ch) { return static_cast<unsigned char>(ch) <= 0x20 || ch == '<' || ch == '>'; })) {
          d.error(t.mark(), t.path, "must be an e-mail address (user@domain)");
          continue;
        }
        c.mail_to.push_back(std::move(addr));
      }
      if (c.mail_to.empty() && to->value.IsSequence()) d.error(to->mark(), to->path, "must list at least one address");
    }
    text_field(d, m, "username", c.smtp_user, false);
    if (auto pw = m.get("password")) {
      Field secret = *pw;
      secret.secret = true;
      (void)read_string(d, secret, c.smtp_password);
    }
  }
  m.finish();
  if (ok) out.push_back(std::move(c));
}

void read_rule(Diagnostics& d, const Field& item, const std::set<std::string>& channels, std::set<std::string>& names,
               std::vector<AlertRule>& out) {
  MapReader m(d, item);
  if (!m.is_map()) return;
  AlertRule r;
  bool ok = unique_name(d, m, "rule", names, r.name);
  if (auto kind = m.get("kind")) {
    // One kind or a list of kinds.
    std::vector<Field> items = kind->value.IsSequence() ? read_sequence(d, *kind) : std::vector<Field>{*kind};
    for (const Field& k : items) {
      std::string v;
      if (read_string(d, k, v) && !v.empty()) r.kinds.push_back(std::move(v));
    }
  }
  if (auto s = m.get("min_severity")) ok = read_enum(d, *s, kSeverities, r.min_severity) && ok;
  if (auto w = m.get("where")) {
    MapReader wm(d, *w);
    if (wm.is_map()) {
      for (auto it = w->value.begin(); it != w->value.end(); ++it) {
        const std::string k = it->first.Scalar();
        auto f = wm.get(k);
        std::string v;
        if (f && read_string(d, *f, v)) r.where.emplace_back(k, std::move(v));
      }
    }
    wm.finish();
  }
  if (auto a = m.get("above")) {
    MapReader am(d, *a);
    if (am.is_map()) {
      for (auto it = a->value.begin(); it != a->value.end(); ++it) {
        const std::string k = it->first.Scalar();
        auto f = am.get(k);
        std::int64_t v = 0;
        if (f && read_int(d, *f, -1'000'000'000'000LL, 1'000'000'000'000LL, v)) {
          r.above.emplace_back(k, static_cast<double>(v));
        }
      }
    }
    am.finish();
  }
  if (auto t = m.get("threshold")) {
    MapReader tm(d, *t);
    if (auto c = tm.get("count")) (void)read_uint(d, *c, 1, 1'000'000, r.count);
    millis(d, tm, "window", milliseconds(1000), milliseconds(7LL * 86'400'000), r.window);
    if (auto p = tm.get("per")) (void)read_string(d, *p, r.per);
    tm.finish();
  }
  if (auto s = m.get("severity")) {
    events::Severity sev{};
    if (read_enum(d, *s, kSeverities, sev)) r.severity = sev;
  }
  millis(d, m, "dedupe", milliseconds(0), milliseconds(7LL * 86'400'000), r.dedupe);
  if (auto mx = m.get("max_per_minute")) (void)read_uint(d, *mx, 1, 100'000, r.max_per_minute);
  if (auto ch = m.get("channels")) {
    for (const Field& c : read_sequence(d, *ch)) {
      std::string v;
      if (!read_string(d, c, v)) continue;
      if (!channels.count(v)) {
        d.error(c.mark(), c.path, "unknown channel '" + v + "' (not in alerts.channels)");
        continue;
      }
      r.channels.push_back(std::move(v));
    }
  }
  m.finish();
  if (ok) out.push_back(std::move(r));
}

}  // namespace

void read_metrics(Diagnostics& d, const Field& f, MetricsConfig& out) {
  MapReader m(d, f);
  if (auto l = m.get("listen")) {
    std::string text;
    if (read_string(d, *l, text) && !text.empty()) {
      auto ep = Endpoint::parse(text);
      if (!ep || ep->port == 0) {
        d.error(l->mark(), l->path, "must be ADDRESS:PORT, e.g. 127.0.0.1:9090 or [::1]:9090");
      } else if (!ep->address.is_loopback()) {
        d.error(l->mark(), l->path,
                "must be a loopback address (127.0.0.0/8 or ::1): /metrics has no authentication");
      } else {
        out.listen = *ep;
      }
    }
  }
  m.finish();
}

void read_alerts(Diagnostics& d, const Field& f, AlertsConfig& out) {
  MapReader m(d, f);
  if (auto q = m.get("queue_size")) (void)read_uint(d, *q, 16, 10'000'000, out.queue_size);
  std::set<std::string> channel_names, rule_names;
  if (auto ch = m.get("channels")) {
    for (const Field& item : read_sequence(d, *ch)) read_channel(d, item, channel_names, out.channels);
  }
  if (auto rules = m.get("rules")) {
    for (const Field& item : read_sequence(d, *rules)) read_rule(d, item, channel_names, rule_names, out.rules);
  }
  m.finish();
}

}  // namespace vg::config::detail
