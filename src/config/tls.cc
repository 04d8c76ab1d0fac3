// Readers for TLS settings (docs/tls.md): the top-level `tls` section, the `tls` map of a TLS
// listener (certificate files or a generated self-signed certificate, client-certificate
// verification) and of an upstream reached over TLS (expected name, CA bundle, client certificate).
// Files are only named here; the transport reads them at start and on reload.
#include "config/names.h"
#include "config/sections.h"

namespace vg::config::detail {

namespace {

constexpr EnumName<TlsVerify> kVerify[] = {
    {"none", TlsVerify::kNone}, {"optional", TlsVerify::kOptional}, {"required", TlsVerify::kRequired}};

}  // namespace

void read_tls(Diagnostics& d, const Field& f, TlsConfig& out) {
  MapReader m(d, f);
  if (auto v = m.get("handshake_timeout")) {
    Milliseconds t{};
    if (read_duration(d, *v, Seconds(1), Milliseconds(1), Milliseconds(100), Milliseconds(60'000), t)) {
      out.handshake_timeout = t;
    }
  }
  if (auto v = m.get("max_handshakes_per_second")) (void)read_uint(d, *v, 1, 1'000'000, out.max_handshakes_per_second);
  path_field(d, m, "ca_file", out.ca_file);
  m.finish();
}

bool read_listener_tls_field(Diagnostics& d, MapReader& listener, Listener& l) {
  auto f = listener.get("tls");
  if (l.transport != Transport::kTls) {
    if (!f) return true;
    d.error(f->key_mark, f->path, "is only for listeners with transport tls");
    return false;
  }
  if (!f) {
    d.error(listener.field().mark(), join_path(listener.field().path, "tls"),
            "is required for transport tls (certificate and private_key, or self_signed: true)");
    return false;
  }
  MapReader m(d, *f);
  if (!m.is_map()) return false;
  ListenerTls& t = l.tls;
  bool ok = true;
  auto self_signed = m.get("self_signed");
  if (self_signed && !read_bool(d, *self_signed, t.self_signed)) ok = false;
  auto certificate = m.get("certificate");
  auto key = m.get("private_key");
  path_field(d, m, "certificate", t.certificate);
  path_field(d, m, "private_key", t.private_key);
  path_field(d, m, "ca_file", t.ca_file);
  auto verify = m.get("verify_client");
  if (verify && !read_enum(d, *verify, kVerify, t.verify_client)) ok = false;
  if (t.self_signed && (certificate || key)) {
    const Field& at = certificate ? *certificate : *key;
    d.error(at.key_mark, at.path, "conflicts with self_signed: true (give certificate files or self_signed)");
    ok = false;
  } else if (!t.self_signed && (!certificate || !key)) {
    d.error(f->mark(), f->path, "needs certificate and private_key (or self_signed: true)");
    ok = false;
  }
  if (t.verify_client != TlsVerify::kNone && !m.has("ca_file") && verify) {
    d.error(verify->mark(), verify->path, "needs ca_file (the CA bundle client certificates must chain to)");
    ok = false;
  }
  m.finish();
  return ok;
}

void read_upstream_tls_field(Diagnostics& d, MapReader& upstream, Upstream& u) {
  auto f = upstream.get("tls");
  if (!f) return;
  if (u.transport != Transport::kTls) {
    d.error(f->key_mark, f->path, "is only for upstreams with transport tls");
    return;
  }
  MapReader m(d, *f);
  if (auto name = m.get("server_name")) {
    std::string text;
    if (read_string(d, *name, text)) {
      if (is_hostname(text)) {
        u.tls_server_name = to_lower(text);
      } else {
        d.error(name->mark(), name->path, "must be a host name (the SIP domain in the certificate), got " + quote(text));
      }
    }
  }
  path_field(d, m, "ca_file", u.tls_ca_file);
  auto certificate = m.get("certificate");
  auto key = m.get("private_key");
  path_field(d, m, "certificate", u.tls_certificate);
  path_field(d, m, "private_key", u.tls_private_key);
  if (static_cast<bool>(certificate) != static_cast<bool>(key)) {
    const Field& at = certificate ? *certificate : *key;
    d.error(at.key_mark, at.path, "certificate and private_key go together (a client certificate for mutual TLS)");
  }
  m.finish();
}

}  // namespace vg::config::detail
