// Readers for the general sections: node, log, listeners, limits, tcp, registrar, auth, dialogs,
// transactions (storage: storage.cc). Ranges are documented in docs/config.md.
#include "config/sections.h"

#include <algorithm>
#include <limits>

#include "config/names.h"

namespace vg::config::detail {

namespace {

using std::chrono::milliseconds;
constexpr Seconds kOneDay{86400};

constexpr EnumName<Mode> kModes[] = {{"registrar", Mode::kRegistrar}, {"edge", Mode::kEdge}};
constexpr EnumName<LogLevel> kLogLevels[] = {{"trace", LogLevel::kTrace},
                                             {"debug", LogLevel::kDebug},
                                             {"info", LogLevel::kInfo},
                                             {"warn", LogLevel::kWarn},
                                             {"error", LogLevel::kError}};
constexpr EnumName<LogFormat> kLogFormats[] = {{"text", LogFormat::kText}, {"json", LogFormat::kJson}};
constexpr EnumName<NatKeepalive> kKeepalives[] = {
    {"options", NatKeepalive::kOptions}, {"crlf", NatKeepalive::kCrlf}, {"none", NatKeepalive::kNone}};
constexpr EnumName<DigestAlgorithm> kAlgorithms[] = {{"SHA-256", DigestAlgorithm::kSha256},
                                                     {"MD5", DigestAlgorithm::kMd5}};

// A field that was written but could not be read: relations involving it are not checked.
bool unreadable(const MapReader& m, std::string_view key, const std::optional<Field>& f) { return m.has(key) && !f; }

std::optional<Field> millis_field(Diagnostics& d, MapReader& m, std::string_view key, Milliseconds min,
                                  Milliseconds max, Milliseconds& out) {
  auto f = m.get(key);
  if (!f) return std::nullopt;
  Milliseconds v{};
  if (!read_duration(d, *f, milliseconds(1), milliseconds(1), min, max, v)) return std::nullopt;
  out = v;
  return f;
}

template <class T>
std::optional<Field> uint_field(Diagnostics& d, MapReader& m, std::string_view key, std::int64_t min, std::int64_t max,
                                T& out) {
  auto f = m.get(key);
  if (!f || !read_uint(d, *f, min, max, out)) return std::nullopt;
  return f;
}

}  // namespace

// A path-like string: non-empty, no control characters.
void path_field(Diagnostics& d, MapReader& m, std::string_view key, std::string& out) {
  auto f = m.get(key);
  std::string v;
  if (!f || !read_string(d, *f, v)) return;
  if (v.empty()) {
    d.error(f->mark(), f->path, "must not be empty");
    return;
  }
  if (std::any_of(v.begin(), v.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
    d.error(f->mark(), f->path, "must not contain control characters");
    return;
  }
  out = std::move(v);
}

namespace {

std::string secs(Seconds s) { return format_duration(s); }

}  // namespace

bool read_transport(Diagnostics& d, const Field& f, Transport& out) {
  constexpr EnumName<Transport> kTransports[] = {
      {"udp", Transport::kUdp}, {"tcp", Transport::kTcp}, {"tls", Transport::kTls}};
  return read_enum(d, f, kTransports, out);
}

bool read_mode(Diagnostics& d, const Field& f, Mode& out) { return read_enum(d, f, kModes, out); }

std::optional<Field> seconds_field(Diagnostics& d, MapReader& m, std::string_view key, Seconds min, Seconds max,
                                   Seconds& out) {
  auto f = m.get(key);
  if (!f) return std::nullopt;
  Milliseconds v{};
  if (!read_duration(d, *f, Seconds(1), Seconds(1), min, max, v)) return std::nullopt;
  out = std::chrono::duration_cast<Seconds>(v);
  return f;
}

void check_order(Diagnostics& d, const MapReader& m, const std::optional<Field>& lo, std::string_view lo_name,
                 const std::string& lo_value, const std::optional<Field>& hi, std::string_view hi_name,
                 const std::string& hi_value) {
  if (lo) {
    d.error(lo->mark(), lo->path, "must not be greater than " + std::string(hi_name) + " (" + hi_value + ")");
  } else if (hi) {
    d.error(hi->mark(), hi->path, "must not be less than " + std::string(lo_name) + " (" + lo_value + ")");
  } else {
    d.error(m.field().mark(), m.field().path,
            std::string(lo_name) + " must not be greater than " + std::string(hi_name));
  }
}

void read_node(Diagnostics& d, const Field& f, NodeConfig& out) {
  MapReader m(d, f);
  uint_field(d, m, "workers", 0, 1024, out.workers);
  if (auto v = m.get("udp_consolidation")) (void)read_bool(d, *v, out.udp_consolidation);
  path_field(d, m, "var_dir", out.var_dir);
  m.finish();
}

void read_log(Diagnostics& d, const Field& f, LogConfig& out) {
  MapReader m(d, f);
  if (auto v = m.get("level")) (void)read_enum(d, *v, kLogLevels, out.level);
  if (auto v = m.get("format")) (void)read_enum(d, *v, kLogFormats, out.format);
  path_field(d, m, "file", out.file);
  m.finish();
}

void read_listeners(Diagnostics& d, const Field& f, std::vector<Listener>& out) {
  struct Seen {
    YAML::Mark mark;
    std::string path;
  };
  std::vector<Seen> seen;  // parallel to `out`
  for (const Field& item : read_sequence(d, f)) {
    MapReader m(d, item);
    if (!m.is_map()) continue;
    Listener l;
    bool ok = true;
    auto name = m.require("name");
    if (name && read_string(d, *name, l.name)) {
      if (!is_name_token(l.name)) {
        d.error(name->mark(), name->path,
                "must be 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit");
        ok = false;
      } else {
        for (size_t i = 0; i < out.size(); ++i) {
          if (out[i].name == l.name) {
            d.error(name->mark(), name->path,
                    "duplicate listener name '" + l.name + "' (first at line " + std::to_string(line_of(seen[i].mark)) +
                        ")");
            ok = false;
          }
        }
      }
    } else {
      ok = false;
    }
    auto transport = m.require("transport");
    ok = transport && read_transport(d, *transport, l.transport) && ok;
    auto address = m.require("address");
    std::string text;
    if (address && read_string(d, *address, text)) {
      if (auto ip = IpAddress::parse(text)) {
        l.address = *ip;
      } else {
        d.error(address->mark(), address->path,
                "must be an IPv4 or IPv6 address literal (no host names, brackets or ports), got " + quote(text));
        ok = false;
      }
    } else {
      ok = false;
    }
    if (auto port = m.get("port")) {
      ok = read_uint(d, *port, 1, 65535, l.port) && ok;
    } else {
      l.port = l.transport == Transport::kTls ? 5061 : 5060;  // RFC 3261 §19.1.2 default ports
    }
    if (!read_listener_tls_field(d, m, l)) ok = false;
    m.finish();
    if (!ok) continue;
    for (size_t i = 0; i < out.size(); ++i) {
      if (out[i].transport == l.transport && out[i].address == l.address && out[i].port == l.port) {
        d.error(item.mark(), item.path,
                "same transport, address and port as " + seen[i].path + " (line " +
                    std::to_string(line_of(seen[i].mark)) + ")");
        ok = false;
      }
    }
    if (!ok) continue;
    out.push_back(std::move(l));
    seen.push_back(Seen{item.mark(), item.path});
  }
}

void read_limits(Diagnostics& d, const Field& f, Limits& out) {
  MapReader m(d, f);
  auto size =
      uint_field(d, m, "max_message_size", 1024, static_cast<std::int64_t>(sip::kMaxMessageSize), out.max_message_size);
  uint_field(d, m, "max_headers", 16, static_cast<std::int64_t>(sip::kMaxHeaders), out.max_headers);
  auto line = uint_field(d, m, "max_header_line", 256, static_cast<std::int64_t>(sip::kMaxHeaderLineLength),
                         out.max_header_line);
  auto uri = uint_field(d, m, "max_uri_length", 256, static_cast<std::int64_t>(sip::kMaxUriLength), out.max_uri_length);
  // A URI must fit on a header line, and a header line in a message.
  if (out.max_uri_length > out.max_header_line && !unreadable(m, "max_uri_length", uri) &&
      !unreadable(m, "max_header_line", line)) {
    check_order(d, m, uri, "max_uri_length", std::to_string(out.max_uri_length), line, "max_header_line",
                std::to_string(out.max_header_line));
  }
  if (out.max_header_line > out.max_message_size && !unreadable(m, "max_header_line", line) &&
      !unreadable(m, "max_message_size", size)) {
    check_order(d, m, line, "max_header_line", std::to_string(out.max_header_line), size, "max_message_size",
                std::to_string(out.max_message_size));
  }
  m.finish();
}

void read_tcp(Diagnostics& d, const Field& f, const Limits& limits, TcpConfig& out) {
  MapReader m(d, f);
  auto total = uint_field(d, m, "max_connections", 1, 1'000'000, out.max_connections);
  auto per_ip = uint_field(d, m, "max_connections_per_ip", 1, 1'000'000, out.max_connections_per_ip);
  auto idle = seconds_field(d, m, "idle_timeout", Seconds(1), kOneDay, out.idle_timeout);
  auto header = seconds_field(d, m, "header_timeout", Seconds(1), Seconds(3600), out.header_timeout);
  auto partial = uint_field(d, m, "max_partial_bytes", 1024, 1 << 20, out.max_partial_bytes);
  if (out.max_connections_per_ip > out.max_connections && !unreadable(m, "max_connections_per_ip", per_ip) &&
      !unreadable(m, "max_connections", total)) {
    check_order(d, m, per_ip, "max_connections_per_ip", std::to_string(out.max_connections_per_ip), total,
                "max_connections", std::to_string(out.max_connections));
  }
  if (out.header_timeout > out.idle_timeout && !unreadable(m, "header_timeout", header) &&
      !unreadable(m, "idle_timeout", idle)) {
    check_order(d, m, header, "header_timeout", secs(out.header_timeout), idle, "idle_timeout", secs(out.idle_timeout));
  }
  // A complete message of the largest allowed size must fit in the partial-message buffer.
  if (out.max_partial_bytes < limits.max_message_size && partial) {
    d.error(partial->mark(), partial->path,
            "must be at least limits.max_message_size (" + std::to_string(limits.max_message_size) + ")");
  }
  m.finish();
}

void read_registrar(Diagnostics& d, const Field& f, RegistrarConfig& out) {
  MapReader m(d, f);
  auto min = seconds_field(d, m, "min_expires", Seconds(1), kOneDay, out.min_expires);
  auto max = seconds_field(d, m, "max_expires", Seconds(1), kOneDay, out.max_expires);
  auto def = seconds_field(d, m, "default_expires", Seconds(1), kOneDay, out.default_expires);
  uint_field(d, m, "max_contacts", 1, 100, out.max_contacts);
  if (auto v = m.get("nat_keepalive")) (void)read_enum(d, *v, kKeepalives, out.nat_keepalive);
  auto interval = seconds_field(d, m, "keepalive_interval", Seconds(0), Seconds(3600), out.keepalive_interval);
  const bool min_ok = !unreadable(m, "min_expires", min);
  const bool max_ok = !unreadable(m, "max_expires", max);
  const bool def_ok = !unreadable(m, "default_expires", def);
  if (min_ok && max_ok && out.min_expires > out.max_expires) {
    check_order(d, m, min, "min_expires", secs(out.min_expires), max, "max_expires", secs(out.max_expires));
  } else {
    if (min_ok && def_ok && out.min_expires > out.default_expires) {
      check_order(d, m, def ? std::nullopt : min, "min_expires", secs(out.min_expires), def, "default_expires",
                  secs(out.default_expires));
    }
    if (def_ok && max_ok && out.default_expires > out.max_expires) {
      check_order(d, m, def, "default_expires", secs(out.default_expires), def ? std::nullopt : max, "max_expires",
                  secs(out.max_expires));
    }
  }
  if (out.nat_keepalive != NatKeepalive::kNone && out.keepalive_interval.count() == 0 && interval) {
    d.error(interval->mark(), interval->path, "must be at least 1s unless nat_keepalive is none");
  }
  m.finish();
}

void read_auth(Diagnostics& d, const Field& f, AuthConfig& out) {
  MapReader m(d, f);
  if (auto algorithms = m.get("algorithms")) {
    std::vector<DigestAlgorithm> list;
    bool ok = true;
    auto items = read_sequence(d, *algorithms);
    for (const Field& item : items) {
      DigestAlgorithm a{};
      if (!read_enum(d, item, kAlgorithms, a)) {
        ok = false;
      } else if (std::find(list.begin(), list.end(), a) != list.end()) {
        d.error(item.mark(), item.path, "duplicate algorithm " + std::string(to_string(a)));
        ok = false;
      } else {
        list.push_back(a);
      }
    }
    if (ok && list.empty() && (algorithms->is_null() || algorithms->value.IsSequence())) {
      d.error(algorithms->mark(), algorithms->path, "must list at least one of SHA-256, MD5");
    } else if (ok && !list.empty()) {
      out.algorithms = std::move(list);
    }
  }
  seconds_field(d, m, "nonce_lifetime", Seconds(10), kOneDay, out.nonce_lifetime);
  if (auto p = m.get("password_policy")) read_password_policy(d, *p, out.password_policy);
  if (auto p = m.get("pin_policy")) read_pin_policy(d, *p, out.pin_policy);
  m.finish();
}

void read_dialogs(Diagnostics& d, const Field& f, DialogConfig& out) {
  MapReader m(d, f);
  auto early = seconds_field(d, m, "early_timeout", Seconds(1), kOneDay, out.early_timeout);
  auto max = seconds_field(d, m, "max_duration", Seconds(1), Seconds(7 * 86400), out.max_duration);
  if (out.early_timeout > out.max_duration && !unreadable(m, "early_timeout", early) &&
      !unreadable(m, "max_duration", max)) {
    check_order(d, m, early, "early_timeout", secs(out.early_timeout), max, "max_duration", secs(out.max_duration));
  }
  m.finish();
}

void read_transactions(Diagnostics& d, const Field& f, TransactionConfig& out) {
  MapReader m(d, f);
  auto t1 = millis_field(d, m, "timer_t1_ms", Milliseconds(50), Milliseconds(10'000), out.timer_t1);
  auto t2 = millis_field(d, m, "timer_t2_ms", Milliseconds(50), Milliseconds(60'000), out.timer_t2);
  millis_field(d, m, "timer_t4_ms", Milliseconds(50), Milliseconds(60'000), out.timer_t4);
  millis_field(d, m, "trying_delay_ms", Milliseconds(0), Milliseconds(200), out.trying_delay);
  // RFC 3261 §17.1.2.2: retransmissions double from T1 up to T2.
  if (out.timer_t1 > out.timer_t2 && !unreadable(m, "timer_t1_ms", t1) && !unreadable(m, "timer_t2_ms", t2)) {
    check_order(d, m, t1, "timer_t1_ms", format_duration(out.timer_t1), t2, "timer_t2_ms",
                format_duration(out.timer_t2));
  }
  m.finish();
}

}  // namespace vg::config::detail
