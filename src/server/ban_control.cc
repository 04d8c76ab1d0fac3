#include "server/ban_control.h"

#include <charconv>
#include <vector>

namespace vg::server {

namespace {

std::vector<std::string_view> split(std::string_view s, size_t max_parts) {
  std::vector<std::string_view> out;
  while (!s.empty() && out.size() + 1 < max_parts) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    if (s.empty()) break;
    const size_t n = s.find(' ');
    out.push_back(s.substr(0, n));
    s = n == std::string_view::npos ? std::string_view() : s.substr(n + 1);
  }
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  if (!s.empty()) out.push_back(s);
  return out;
}

// One line of text for the list: no tabs or line breaks inside a field.
std::string field(std::string_view s) {
  std::string r(s.substr(0, 256));
  for (auto& c : r) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return r;
}

void emit(events::EventSink& sink, const Clock& clock, std::string kind, const Cidr& net, std::string evidence) {
  events::Event e;
  e.time_ms = std::chrono::duration_cast<std::chrono::milliseconds>(clock.wall().time_since_epoch()).count();
  e.kind = std::move(kind);
  e.severity = events::Severity::kNotice;
  e.filter = "ban";
  e.rule = "cli";
  e.action = e.kind == "ban.added" ? "ban" : "unban";
  e.evidence = std::move(evidence);
  e.fields.emplace_back("network", net.to_string());
  sink.emit(std::move(e));
}

}  // namespace

void BanPersistence::on_ban_added(const filters::BanEntry& e) {
  repo_.save(store::BanRecord{e.network.to_string(), e.created_unix, e.until_unix, e.reason, e.rule});
}

void BanPersistence::on_ban_removed(const Cidr& network) { repo_.remove(network.to_string()); }

Result<size_t, std::string> BanPersistence::restore(filters::BanList& bans, int64_t now_unix) {
  auto rows = repo_.load(now_unix);
  if (!rows) return unexpected("bans: " + rows.error());
  std::vector<filters::BanEntry> entries;
  for (const auto& r : *rows) {
    auto net = Cidr::parse(r.network);
    if (!net) continue;
    entries.push_back(filters::BanEntry{*net, r.created_at, r.expires_at, r.reason, r.rule, true});
  }
  bans.restore(entries);
  return entries.size();
}

std::string handle_control_command(std::string_view line, filters::BanList& bans, events::EventSink& events,
                                   const Clock& clock) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
  auto parts = split(line, 5);
  if (parts.size() < 2 || parts[0] != "ban") return "error: unknown command\n";
  if (parts[1] == "list" && parts.size() == 2) {
    std::string out = "ok\n";
    for (const auto& b : bans.list()) {
      out += b.network.to_string() + "\t" + std::to_string(b.until_unix) + "\t" + field(b.rule) + "\t" +
             field(b.reason) + "\n";
    }
    return out;
  }
  if (parts.size() < 3) return "error: missing address\n";
  auto net = Cidr::parse(parts[2]);
  if (!net) return "error: not an IP address or CIDR: " + field(parts[2].substr(0, 64)) + "\n";
  if (parts[1] == "remove" && parts.size() == 3) {
    if (!bans.remove(*net)) return "error: no ban on " + net->to_string() + "\n";
    emit(events, clock, "ban.removed", *net, "removed by the operator");
    return "ok\n";
  }
  if (parts[1] == "add" && parts.size() >= 4) {
    int64_t secs = -1;
    auto [p, ec] = std::from_chars(parts[3].data(), parts[3].data() + parts[3].size(), secs);
    if (ec != std::errc() || p != parts[3].data() + parts[3].size() || secs < 0) return "error: bad duration\n";
    // A bare IPv6 address bans its configured prefix, as the filters do.
    const bool host = net->prefix() == (net->is_v4() ? 32U : 128U);
    filters::BanEntry e;
    e.network = host ? bans.host_network(net->network()) : *net;
    e.created_unix = clock.unix_seconds();
    e.until_unix = secs > 0 ? e.created_unix + secs : 0;
    e.reason = parts.size() > 4 ? std::string(parts[4].substr(0, 256)) : "added by the operator";
    e.rule = "cli";
    auto stored = bans.add(e);
    emit(events, clock, "ban.added", stored.network, e.reason);
    return "ok\n" + stored.network.to_string() + "\t" + std::to_string(stored.until_unix) + "\n";
  }
  return "error: usage: ban list | ban add <ip> <seconds> [reason] | ban remove <ip>\n";
}

}  // namespace vg::server
