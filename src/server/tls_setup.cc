#include "server/tls_setup.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

#include "net/tls_certs.h"

namespace vg::server {

namespace {

namespace fs = std::filesystem;

net::TlsVerify to_net(config::TlsVerify v) {
  switch (v) {
    case config::TlsVerify::kNone: return net::TlsVerify::kNone;
    case config::TlsVerify::kOptional: return net::TlsVerify::kOptional;
    case config::TlsVerify::kRequired: return net::TlsVerify::kRequired;
  }
  return net::TlsVerify::kRequired;
}

// The self-signed certificate names every tenant domain, localhost and the TLS listeners' addresses,
// so a client pinning it can verify any of them. Generated once; kept across restarts (clients that
// pinned it keep working) until an operator deletes it.
Result<void, std::string> ensure_self_signed(const config::Config& cfg, const std::string& var_dir) {
  const std::string cert = self_signed_certificate_path(var_dir), key = self_signed_key_path(var_dir);
  std::error_code ec;
  if (fs::exists(cert, ec) && fs::exists(key, ec)) return {};
  fs::create_directories(fs::path(var_dir) / "tls", ec);
  if (ec) return unexpected(var_dir + "/tls: " + ec.message());
  ::chmod((fs::path(var_dir) / "tls").c_str(), 0700);
  net::CertificateRequest r;
  r.common_name = cfg.tenants.empty() ? std::string("voipguard") : cfg.tenants.front().domain;
  for (const auto& t : cfg.tenants) r.dns_names.push_back(t.domain);
  r.dns_names.push_back("localhost");
  for (const auto& l : cfg.listeners) {
    if (l.transport != config::Transport::kTls || l.address.is_unspecified()) continue;
    if (std::find(r.ip_addresses.begin(), r.ip_addresses.end(), l.address) == r.ip_addresses.end()) {
      r.ip_addresses.push_back(l.address);
    }
  }
  auto pair = net::make_certificate(r);
  if (!pair) return unexpected("self-signed certificate: " + pair.error());
  return net::write_pem_pair(*pair, cert, key);
}

}  // namespace

std::string self_signed_certificate_path(const std::string& var_dir) { return var_dir + "/tls/self-signed.crt"; }
std::string self_signed_key_path(const std::string& var_dir) { return var_dir + "/tls/self-signed.key"; }

Result<net::TlsSetup, std::string> build_tls_setup(const config::Config& cfg, const proxy::Settings& settings,
                                                   const std::string& var_dir) {
  net::TlsSetup setup;
  setup.default_ca_file = cfg.tls.ca_file;
  for (const auto& l : cfg.listeners) {
    if (l.transport != config::Transport::kTls) {
      setup.listeners.emplace_back();
      continue;
    }
    net::TlsServerSettings s;
    if (l.tls.self_signed) {
      if (auto r = ensure_self_signed(cfg, var_dir); !r) return unexpected(r.error());
      s.certificate = self_signed_certificate_path(var_dir);
      s.private_key = self_signed_key_path(var_dir);
    } else {
      s.certificate = l.tls.certificate;
      s.private_key = l.tls.private_key;
    }
    s.ca_file = l.tls.ca_file;
    s.verify_client = to_net(l.tls.verify_client);
    setup.listeners.push_back(std::move(s));
  }
  for (const auto& u : cfg.upstreams) {
    if (u.transport != config::Transport::kTls) continue;
    auto it = settings.upstreams.find(u.name);
    if (it == settings.upstreams.end()) continue;
    net::TlsPeerSettings p;
    p.destination = it->second.destination;
    // RFC 5922 §7.1: the certificate must name the SIP domain we meant to reach: the configured
    // server_name, else the host name we resolved; an IP literal is checked as an IP address.
    p.server_name = !u.tls_server_name.empty() ? u.tls_server_name : (u.host_is_ip ? std::string() : u.host);
    p.ca_file = u.tls_ca_file;
    p.certificate = u.tls_certificate;
    p.private_key = u.tls_private_key;
    setup.peers.push_back(std::move(p));
  }
  return setup;
}

}  // namespace vg::server
