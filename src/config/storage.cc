// Reader for the `storage:` section (config/storage.h). Ranges are documented in docs/storage.md.
#include "config/storage.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>

#include "config/names.h"
#include "config/sections.h"

namespace vg::config {

namespace detail {
namespace {

constexpr EnumName<StorageBackend> kBackends[] = {{"sqlite", StorageBackend::kSqlite},
                                                  {"postgresql", StorageBackend::kPostgresql}};

bool has_control(const std::string& v) {
  return std::any_of(v.begin(), v.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

// Non-empty text without control characters; false (reported) otherwise.
bool text_field(Diagnostics& d, MapReader& m, std::string_view key, std::string& out) {
  auto f = m.get(key);
  std::string v;
  if (!f || !read_string(d, *f, v)) return false;
  if (v.empty() || has_control(v)) {
    d.error(f->mark(), f->path, "must be non-empty text without control characters");
    return false;
  }
  out = std::move(v);
  return true;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// A password written into the connection string would end up wherever the config is copied.
bool carries_password(const std::string& conninfo) {
  const std::string s = lower(conninfo);
  if (s.find("password") != std::string::npos) return true;
  for (std::string_view scheme : {"postgresql://", "postgres://"}) {
    if (s.rfind(scheme, 0) != 0) continue;
    const std::string authority = s.substr(scheme.size(), s.find('/', scheme.size()) - scheme.size());
    const size_t at = authority.rfind('@');
    return at != std::string::npos && authority.substr(0, at).find(':') != std::string::npos;
  }
  return false;
}

void read_postgresql(Diagnostics& d, const Field& f, PostgresqlConfig& out) {
  MapReader m(d, f);
  const bool has_conninfo = text_field(d, m, "conninfo", out.conninfo);
  if (has_conninfo && carries_password(out.conninfo)) {
    auto c = m.get("conninfo");
    d.error(c->mark(), c->path, "must not contain a password: put it in password_file");
  }
  const bool parts = m.has("host") || m.has("port") || m.has("dbname") || m.has("user");
  text_field(d, m, "host", out.host);
  if (auto p = m.get("port")) read_uint(d, *p, 1, 65535, out.port);
  text_field(d, m, "dbname", out.dbname);
  text_field(d, m, "user", out.user);
  if (has_conninfo && parts) {
    d.error(f.mark(), f.path, "give either conninfo or host/port/dbname/user, not both");
  } else if (!m.has("conninfo") && !m.has("host")) {
    d.error(f.mark(), f.path, "needs conninfo or host");
  }
  if (text_field(d, m, "password_file", out.password_file)) {
    if (::access(out.password_file.c_str(), R_OK) != 0) {
      auto p = m.get("password_file");
      d.error(p->mark(), p->path, "cannot read " + out.password_file);
    }
  }
  if (auto t = m.get("connect_timeout")) {
    std::chrono::milliseconds v{};
    if (read_duration(d, *t, std::chrono::seconds(1), std::chrono::seconds(1), std::chrono::seconds(1),
                      std::chrono::seconds(300), v)) {
      out.connect_timeout = std::chrono::duration_cast<std::chrono::seconds>(v);
    }
  }
  m.finish();
}

void read_retention(Diagnostics& d, const Field& f, RetentionConfig& out) {
  MapReader m(d, f);
  constexpr std::int64_t kMaxDays = 36500;
  if (auto v = m.get("security_events")) read_uint(d, *v, 0, kMaxDays, out.security_events);
  if (auto v = m.get("calls")) read_uint(d, *v, 0, kMaxDays, out.calls);
  if (auto v = m.get("devices")) read_uint(d, *v, 0, kMaxDays, out.devices);
  if (auto v = m.get("alerts")) read_uint(d, *v, 0, kMaxDays, out.alerts);
  m.finish();
}

}  // namespace
}  // namespace detail

namespace {
// libpq keyword=value quoting: single quotes, backslash before ' and \.
std::string pg_quote(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

}  // namespace

std::string PostgresqlConfig::connection_string() const {
  if (!conninfo.empty()) return conninfo;
  return "host=" + pg_quote(host) + " port=" + std::to_string(port) + " dbname=" + pg_quote(dbname) +
         " user=" + pg_quote(user);
}

namespace detail {

void read_storage(Diagnostics& d, const Field& f, const NodeConfig& node, StorageConfig& out) {
  MapReader m(d, f);
  if (auto b = m.get("backend")) read_enum(d, *b, kBackends, out.backend);
  if (auto p = m.get("sqlite_path")) {
    std::string v;
    if (read_string(d, *p, v)) {
      if (v.empty() || has_control(v)) {
        d.error(p->mark(), p->path, "must be a non-empty path without control characters");
      } else {
        out.sqlite_path = std::move(v);
      }
    }
  }
  if (auto pg = m.get("postgresql")) {
    read_postgresql(d, *pg, out.postgresql);
  } else if (out.backend == StorageBackend::kPostgresql) {
    d.error(f.mark(), f.path, "backend postgresql needs a postgresql: section (conninfo or host)");
  }
  if (auto v = m.get("flush_interval")) {
    read_duration(d, *v, std::chrono::seconds(1), std::chrono::milliseconds(1), std::chrono::milliseconds(10),
                  std::chrono::milliseconds(60'000), out.flush_interval);
  }
  if (auto v = m.get("queue_capacity")) read_uint(d, *v, 16, 100'000'000, out.queue_capacity);
  if (auto v = m.get("buffer_limit")) read_uint(d, *v, 0, 1'000'000'000, out.buffer_limit);
  if (auto r = m.get("retention")) read_retention(d, *r, out.retention);
  m.finish();
  if (out.sqlite_path.empty()) out.sqlite_path = node.var_dir + "/voipguard.db";
}

}  // namespace detail
}  // namespace vg::config
