// Internal to vg_config: readers for each top-level section of the file. Each fills its struct
// from a Field, reporting every problem to Diagnostics; later sections may look at earlier ones
// for cross-checks (tcp reads limits, tenants read upstreams and auth).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "config/yaml_reader.h"

namespace vg::config::detail {

void read_node(Diagnostics& d, const Field& f, NodeConfig& out);
void read_log(Diagnostics& d, const Field& f, LogConfig& out);
void read_listeners(Diagnostics& d, const Field& f, std::vector<Listener>& out);
void read_limits(Diagnostics& d, const Field& f, Limits& out);
void read_tcp(Diagnostics& d, const Field& f, const Limits& limits, TcpConfig& out);
void read_registrar(Diagnostics& d, const Field& f, RegistrarConfig& out);
void read_auth(Diagnostics& d, const Field& f, AuthConfig& out);
void read_password_policy(Diagnostics& d, const Field& f, auth::PasswordPolicy& out);
void read_pin_policy(Diagnostics& d, const Field& f, auth::PinPolicy& out);
void read_dialogs(Diagnostics& d, const Field& f, DialogConfig& out);
void read_media(Diagnostics& d, const Field& f, MediaConfig& out);  // media.cc
// srtp / require_srtp keys of a tenant or account map (media.cc).
void read_srtp_policy(Diagnostics& d, MapReader& m, SrtpPolicy& out);
void read_transactions(Diagnostics& d, const Field& f, TransactionConfig& out);
void read_storage(Diagnostics& d, const Field& f, const NodeConfig& node, StorageConfig& out);
void read_metrics(Diagnostics& d, const Field& f, MetricsConfig& out);
void read_alerts(Diagnostics& d, const Field& f, AlertsConfig& out);
void read_upstreams(Diagnostics& d, const Field& f, std::vector<Upstream>& out);
// Needs cfg.mode, cfg.upstreams and cfg.auth already read.
void read_tenants(Diagnostics& d, const Field& f, const Config& cfg, std::vector<Tenant>& out);

// TLS (tls.cc): the top-level section, a listener's `tls` map (required exactly for transport tls;
// returns false on errors), an upstream's `tls` map.
void read_tls(Diagnostics& d, const Field& f, TlsConfig& out);
bool read_listener_tls_field(Diagnostics& d, MapReader& listener, Listener& l);
void read_upstream_tls_field(Diagnostics& d, MapReader& upstream, Upstream& u);

// Shared helpers for section readers.
// A path-like string: non-empty, no control characters (left alone when absent or invalid).
void path_field(Diagnostics& d, MapReader& m, std::string_view key, std::string& out);
// A list of IP addresses or CIDR prefixes (strict: no bits set beyond the prefix length).
void read_allow_from(Diagnostics& d, const Field& f, std::vector<Cidr>& out);
bool read_transport(Diagnostics& d, const Field& f, Transport& out);
bool read_mode(Diagnostics& d, const Field& f, Mode& out);
// Present-and-valid seconds field (integer seconds or "30s"/"5m"/"1h" text) in [min, max].
std::optional<Field> seconds_field(Diagnostics& d, MapReader& m, std::string_view key, Seconds min, Seconds max,
                                   Seconds& out);
// Reports `lo <= hi` violations: at lo's field when written, else at hi's, else at the map.
void check_order(Diagnostics& d, const MapReader& m, const std::optional<Field>& lo, std::string_view lo_name,
                 const std::string& lo_value, const std::optional<Field>& hi, std::string_view hi_name,
                 const std::string& hi_value);

}  // namespace vg::config::detail
