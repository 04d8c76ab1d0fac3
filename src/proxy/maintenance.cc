// Periodic maintenance of the proxy core: keepalives that hold NAT bindings of registered phones
// open (OPTIONS or CRLF, RFC 5626 §4.4.1 style), and OPTIONS health checks of the upstreams.
#include <cstdio>

#include "proxy/proxy.h"

namespace vg::proxy {

bool ProxyCore::upstream_healthy(const std::string& name) const {
  std::lock_guard lock(health_mu_);
  auto it = health_.find(name);
  return it == health_.end() || it->second.healthy;
}

std::string ProxyCore::build_ping(const net::Outbound& to, const Settings& s, std::string_view target_uri,
                                  const std::string& branch) {
  const ListenerInfo* l = s.listener_for(to);
  const std::string host = l ? l->advertised : std::string("invalid");
  std::string out = "OPTIONS ";
  out.append(target_uri);
  out.append(" SIP/2.0\r\nVia: ");
  out.append(our_via(to, s, branch));
  out.append("\r\nMax-Forwards: 70\r\nFrom: <sip:voipguard@");
  out.append(host);
  out.append(">;tag=");
  out.append(instance_ + random_.hex(4));
  out.append("\r\nTo: <");
  out.append(target_uri);
  out.append(">\r\nCall-ID: ");
  out.append(random_.hex(12));
  out.append("@voipguard\r\nCSeq: 1 OPTIONS\r\nUser-Agent: voipguard\r\nContent-Length: 0\r\n\r\n");
  return out;
}

void ProxyCore::send_keepalives(const Settings& s, net::Sender& out) {
  const auto mode = s.config.registrar.nat_keepalive;
  if (mode == config::NatKeepalive::kNone) return;
  std::vector<Binding> targets;
  location_.for_each([&](const Binding& b) {
    if (b.behind_nat) targets.push_back(b);
  });
  for (const auto& b : targets) {
    net::Outbound to{b.transport, b.source, b.connection, b.listener};
    if (mode == config::NatKeepalive::kCrlf) {
      // A CRLF ping keeps the NAT mapping open without a transaction (RFC 5626 §3.5.1).
      send(out, to, "\r\n\r\n");
      continue;
    }
    const std::string branch = "z9hG4bKvg" + instance_ + random_.hex(8);
    send_own_request(out, to, build_ping(to, s, b.contact, branch), branch, false);
  }
}

void ProxyCore::check_upstreams(const Settings& s, Clock::MonoTime now, net::Sender& out) {
  for (const auto& u : s.config.upstreams) {
    if (!u.health_check.enabled()) continue;
    auto it = s.upstreams.find(u.name);
    if (it == s.upstreams.end()) continue;
    {
      std::lock_guard lock(health_mu_);
      auto& h = health_[u.name];
      if (h.in_flight || now < h.next_check) continue;
      h.in_flight = true;
      h.next_check = now + u.health_check.interval;
    }
    net::Outbound to = it->second;
    size_t idx = 0;
    if (!s.listener_for(to, &idx)) continue;
    to.listener = idx;
    char uri[300];
    std::snprintf(uri, sizeof uri, "sip:%s", to.destination.to_string().c_str());
    const std::string branch = "z9hG4bKvg" + instance_ + random_.hex(8);
    const std::string name = u.name;
    // Any final response means the upstream is alive; only a timeout (408 from our own timer)
    // marks it down. Answers come back on a worker thread or the tick thread.
    ClientTxn t;
    t.own = true;
    t.to = to;
    t.request = build_ping(to, s, uri, branch);
    t.on_final = [this, name](int status) {
      std::lock_guard lock(health_mu_);
      auto& h = health_[name];
      h.in_flight = false;
      h.healthy = status != 408;
    };
    std::string bytes = t.request;
    const auto now_mono = clock_.mono();
    t.timeout = now_mono + u.health_check.timeout;  // no answer within this: down (408 via on_final)
    txns_.add_client(branch, std::move(t), now_mono);
    send(out, to, bytes);
  }
}

void ProxyCore::run_maintenance(Clock::MonoTime now, net::Sender& out) {
  SettingsPtr s = settings();
  check_upstreams(*s, now, out);
  if (now >= next_keepalive_) {
    next_keepalive_ = now + s->config.registrar.keepalive_interval;
    send_keepalives(*s, out);
  }
}

}  // namespace vg::proxy
