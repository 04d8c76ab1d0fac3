#include "filters/flood/flood_filter.h"

#include <algorithm>

namespace vg::filters::flood {

namespace {

int64_t ns(Clock::MonoTime t) { return t.time_since_epoch().count(); }

std::string describe(const Rate& r, uint32_t factor, std::string_view what) {
  return "more than " + std::to_string(static_cast<uint64_t>(r.requests) * factor) + " " + std::string(what) +
         " in " + std::to_string(r.per.count()) + " s";
}

}  // namespace

FloodFilter::FloodFilter(const FloodConfig& c)
    : Filter(c.mode),
      cfg_(c),
      per_ip_(gcra_params(c.per_ip)),
      invite_(gcra_params(c.invite_per_ip)),
      register_(gcra_params(c.register_per_ip)),
      per_ip_known_(gcra_params(c.per_ip, c.known_network_factor)),
      invite_known_(gcra_params(c.invite_per_ip, c.known_network_factor)),
      register_known_(gcra_params(c.register_per_ip, c.known_network_factor)),
      account_(gcra_params(c.per_account)),
      global_(gcra_params(c.global)),
      sources_(c.max_sources),
      accounts_(std::max<size_t>(c.max_sources / 10, 1000)) {}

bool FloodFilter::known(const IpAddress& a) const {
  return std::any_of(cfg_.known_networks.begin(), cfg_.known_networks.end(), [&](const Cidr& n) { return n.contains(a); });
}

// One bucket set per IPv4 address or IPv6 /64: an attacker cannot multiply its budget by rotating
// addresses within its own subnet.
IpAddress FloodFilter::key_of(const IpAddress& a) const { return a.is_v4() ? a : a.masked(64); }

Verdict FloodFilter::check_source(const SourceInfo& s) {
  const bool k = !cfg_.known_networks.empty() && known(s.source.address);
  if (sources_.admit(key_of(s.source.address), kAll, ns(s.now), k ? per_ip_known_ : per_ip_)) return Verdict::pass();
  return Verdict::drop("per_ip", describe(cfg_.per_ip, k ? cfg_.known_network_factor : 1, "messages"));
}

Verdict FloodFilter::check(const Context& c, const sip::Message& m) {
  const int64_t now = ns(c.now);
  const sip::Method method = m.method();
  if (method == sip::Method::kInvite || method == sip::Method::kRegister) {
    const bool invite = method == sip::Method::kInvite;
    const GcraParams& base = invite ? invite_ : register_;
    if (base.enabled()) {
      const bool k = !cfg_.known_networks.empty() && known(c.source.address);
      const GcraParams& p = k ? (invite ? invite_known_ : register_known_) : base;
      if (!sources_.admit(key_of(c.source.address), invite ? kInvite : kRegister, now, p)) {
        return Verdict::drop(invite ? "invite_per_ip" : "register_per_ip",
                             describe(invite ? cfg_.invite_per_ip : cfg_.register_per_ip,
                                      k ? cfg_.known_network_factor : 1, invite ? "INVITE" : "REGISTER"));
      }
    }
  }
  // Per account, for requests that carry credentials (an office's phones share one address but
  // not one account). The account is the one claimed; the digest check comes later.
  if (account_.enabled() && !c.account.empty() && c.tenant) {
    std::string key(c.account);
    key += '@';
    key += c.tenant->domain;
    if (!accounts_.admit(key, 0, now, account_)) {
      return Verdict::reply(503, "Service Unavailable", "per_account",
                            describe(cfg_.per_account, 1, "requests by account " + std::string(c.account.substr(0, 64))),
                            static_cast<uint32_t>(cfg_.retry_after.count()));
    }
  }
  // Global admission last: only requests every per-source limit let through use its budget, so a
  // flood from one source cannot get everyone else refused.
  if (global_.enabled() && !gcra_admit(global_tat_, now, global_)) {
    return Verdict::reply(503, "Service Unavailable", "global", describe(cfg_.global, 1, "requests in total"),
                          static_cast<uint32_t>(cfg_.retry_after.count()));
  }
  return Verdict::pass();
}

void FloodFilter::on_tick(Clock::MonoTime now) {
  // One shard per tick: the whole table is visited every few seconds at a bounded cost per tick.
  sources_.sweep(sweep_cursor_, ns(now));
  accounts_.sweep(sweep_cursor_, ns(now));
  ++sweep_cursor_;
}

}  // namespace vg::filters::flood
