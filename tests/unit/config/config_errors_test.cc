// Table-driven tests of configuration errors: each bad snippet must produce exactly the expected
// errors, each with its key path, 1-based line:column and message.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"

namespace vg::config {
namespace {

struct Expected {
  std::string_view path;
  int line;
  int column;
  std::string_view message;  // a substring of the message
};

struct BadCase {
  std::string_view name;
  std::string_view yaml;  // a leading newline is dropped so that line 1 is the first line of text
  std::vector<Expected> errors;
};

// Shared fragments: an upstream and a registrar tenant the cases can extend.
#define UPSTREAM_PBX "upstreams:\n  - name: pbx\n    host: 127.0.0.1\n"

const std::vector<BadCase>& cases() {
  static const std::vector<BadCase> kCases = {
      // --- document and structure ---
      {"yaml_syntax", "\nmode: [registrar\nlog: {}\n", {{"", 2, 4, "YAML syntax error"}}},
      {"top_level_list", "\n- mode\n", {{"", 1, 1, "must be a map"}}},
      {"two_documents", "\nmode: edge\n---\nmode: registrar\n", {{"", 3, 1, "only one YAML document"}}},
      {"unknown_top_key", "\nmdoe: edge\n", {{"mdoe", 1, 1, "unknown key (did you mean 'mode'?)"}}},
      {"unknown_far_key", "\nfirewall: {}\n", {{"firewall", 1, 1, "unknown key"}}},
      {"duplicate_key", "\nmode: edge\nmode: registrar\n", {{"mode", 2, 1, "duplicate key (first at line 1)"}}},
      {"section_not_map", "\ntcp: 5\n", {{"tcp", 1, 6, "must be a map of key: value entries, got a scalar"}}},
      {"list_not_list", "\nlisteners: {name: x}\n", {{"listeners", 1, 12, "must be a list, got a map"}}},
      {"unknown_nested_key", "\ntcp:\n  idle_timeot: 5\n", {{"tcp.idle_timeot", 2, 3, "did you mean 'idle_timeout'?"}}},
      {"mode_word", "\nmode: proxy\n", {{"mode", 1, 7, "must be registrar or edge, got 'proxy'"}}},
      {"log_level", "\nlog:\n  level: verbose\n", {{"log.level", 2, 10, "must be trace, debug, info, warn or error"}}},
      {"log_format", "\nlog:\n  format: [json]\n", {{"log.format", 2, 11, "must be text or json, got a list"}}},

      // --- scalars ---
      {"int_word", "\nnode:\n  workers: many\n", {{"node.workers", 2, 12, "must be an integer, got 'many'"}}},
      {"int_quoted",
       "\nnode:\n  workers: \"4\"\n",
       {{"node.workers", 2, 12, "must be an integer, got a quoted string"}}},
      {"int_float", "\nnode:\n  workers: 1.5\n", {{"node.workers", 2, 12, "must be an integer"}}},
      {"int_null", "\nnode:\n  workers:\n", {{"node.workers", 2, 3, "must be an integer, got nothing"}}},
      {"udp_consolidation_not_bool", "\nnode:\n  udp_consolidation: sometimes\n",
       {{"node.udp_consolidation", 2, 22, "must be true or false"}}},
      {"int_range", "\nnode:\n  workers: 5000\n", {{"node.workers", 2, 12, "must be between 0 and 1024"}}},
      {"path_empty", "\nnode:\n  var_dir: \"\"\n", {{"node.var_dir", 2, 12, "must not be empty"}}},
      {"path_list", "\nnode:\n  var_dir: [a]\n", {{"node.var_dir", 2, 12, "must be a string, got a list"}}},
      {"sqlite_empty", "\nstorage:\n  sqlite_path: ''\n", {{"storage.sqlite_path", 2, 16, "must be a non-empty path"}}},

      // --- listeners ---
      {"port_zero",
       "\nlisteners:\n  - name: u\n    transport: udp\n    address: 127.0.0.1\n    port: 0\n",
       {{"listeners[0].port", 5, 11, "must be between 1 and 65535, got '0'"}}},
      {"port_too_big",
       "\nlisteners:\n  - {name: u, transport: udp, address: 127.0.0.1, port: 65536}\n",
       {{"listeners[0].port", 2, 57, "must be between 1 and 65535"}}},
      {"port_negative",
       "\nlisteners:\n  - {name: u, transport: udp, address: 127.0.0.1, port: -1}\n",
       {{"listeners[0].port", 2, 57, "must be between 1 and 65535"}}},
      {"listener_missing_keys",
       "\nlisteners:\n  - name: u\n",
       {{"listeners[0].transport", 2, 5, "is required"}, {"listeners[0].address", 2, 5, "is required"}}},
      {"listener_bad_ip",
       "\nlisteners:\n  - name: u\n    transport: udp\n    address: 127.0.0.256\n",
       {{"listeners[0].address", 4, 14, "must be an IPv4 or IPv6 address literal"}}},
      {"listener_hostname",
       "\nlisteners:\n  - name: u\n    transport: udp\n    address: localhost\n",
       {{"listeners[0].address", 4, 14, "got 'localhost'"}}},
      {"listener_tls_without_tls_map",
       "\nlisteners:\n  - name: t\n    transport: tls\n    address: 127.0.0.1\n",
       {{"listeners[0].tls", 2, 5, "is required for transport tls"}}},
      {"listener_tls_without_key",
       "\nlisteners:\n  - name: t\n    transport: tls\n    address: 127.0.0.1\n    tls: {certificate: a.pem}\n",
       {{"listeners[0].tls", 5, 10, "needs certificate and private_key (or self_signed: true)"}}},
      {"listener_tls_self_signed_and_files",
       "\nlisteners:\n  - name: t\n    transport: tls\n    address: 127.0.0.1\n"
       "    tls: {self_signed: true, certificate: a.pem}\n",
       {{"listeners[0].tls.certificate", 5, 30, "conflicts with self_signed: true"}}},
      {"listener_tls_verify_without_ca",
       "\nlisteners:\n  - name: t\n    transport: tls\n    address: 127.0.0.1\n"
       "    tls: {self_signed: true, verify_client: required}\n",
       {{"listeners[0].tls.verify_client", 5, 45, "needs ca_file"}}},
      {"listener_tls_verify_word",
       "\nlisteners:\n  - name: t\n    transport: tls\n    address: 127.0.0.1\n"
       "    tls: {self_signed: true, verify_client: always}\n",
       {{"listeners[0].tls.verify_client", 5, 45, "must be none, optional or required"}}},
      {"listener_tls_map_on_udp",
       "\nlisteners:\n  - name: u\n    transport: udp\n    address: 127.0.0.1\n    tls: {self_signed: true}\n",
       {{"listeners[0].tls", 5, 5, "only for listeners with transport tls"}}},
      {"tls_handshake_timeout_range",
       "\ntls:\n  handshake_timeout: 5m\n",
       {{"tls.handshake_timeout", 2, 22, "must be between"}}},
      {"tls_rate_zero",
       "\ntls:\n  max_handshakes_per_second: 0\n",
       {{"tls.max_handshakes_per_second", 2, 30, "must be between 1 and 1000000"}}},
      {"require_tls_not_bool",
       "\ntenants:\n  - domain: a.test\n    require_tls: maybe\n",
       {{"tenants[0].require_tls", 3, 18, "must be true or false"}}},
      {"listener_sctp",
       "\nlisteners:\n  - name: t\n    transport: sctp\n    address: 127.0.0.1\n",
       {{"listeners[0].transport", 3, 16, "must be udp, tcp or tls, got 'sctp'"}}},
      {"listener_bad_name",
       "\nlisteners:\n  - name: \"my listener\"\n    transport: udp\n    address: ::1\n",
       {{"listeners[0].name", 2, 11, "must be 1-64 letters"}}},
      {"listener_duplicate_name",
       "\nlisteners:\n  - {name: a, transport: udp, address: 127.0.0.1}\n  - {name: a, transport: tcp, address: "
       "127.0.0.1}\n",
       {{"listeners[1].name", 3, 12, "duplicate listener name 'a' (first at line 2)"}}},
      {"listener_duplicate_endpoint",
       "\nlisteners:\n  - {name: a, transport: udp, address: ::1, port: 5060}\n  - {name: b, transport: udp, "
       "address: '0:0::1'}\n",
       {{"listeners[1]", 3, 5, "same transport, address and port as listeners[0] (line 2)"}}},
      {"listener_unknown_key",
       "\nlisteners:\n  - {name: a, transport: udp, address: ::1, interface: eth0}\n",
       {{"listeners[0].interface", 2, 45, "unknown key"}}},

      // --- limits and tcp ---
      {"limits_message_size",
       "\nlimits:\n  max_message_size: 70000\n",
       {{"limits.max_message_size", 2, 21, "must be between 1024 and 65535"}}},
      {"limits_headers", "\nlimits:\n  max_headers: 300\n", {{"limits.max_headers", 2, 16, "between 16 and 256"}}},
      {"limits_uri_over_line",
       "\nlimits:\n  max_header_line: 1024\n  max_uri_length: 2048\n",
       {{"limits.max_uri_length", 3, 19, "must not be greater than max_header_line (1024)"}}},
      {"limits_line_over_message",
       "\nlimits:\n  max_message_size: 2000\n",
       {{"limits.max_message_size", 2, 21, "must not be less than max_header_line (8192)"}}},
      {"tcp_per_ip_over_total",
       "\ntcp:\n  max_connections: 10\n  max_connections_per_ip: 20\n",
       {{"tcp.max_connections_per_ip", 3, 27, "must not be greater than max_connections (10)"}}},
      {"tcp_header_over_idle",
       "\ntcp:\n  idle_timeout: 30\n  header_timeout: 1m\n",
       {{"tcp.header_timeout", 3, 19, "must not be greater than idle_timeout (30s)"}}},
      {"tcp_negative", "\ntcp:\n  idle_timeout: -5\n", {{"tcp.idle_timeout", 2, 17, "must not be negative"}}},
      {"tcp_negative_text", "\ntcp:\n  idle_timeout: \"-5m\"\n", {{"tcp.idle_timeout", 2, 17, "must not be negative"}}},
      {"tcp_bad_duration",
       "\ntcp:\n  idle_timeout: 5 minutes\n",
       {{"tcp.idle_timeout", 2, 17, "must be a duration: a number of seconds or a string such as"}}},
      {"tcp_fraction_of_second",
       "\ntcp:\n  idle_timeout: 1500ms\n",
       {{"tcp.idle_timeout", 2, 17, "must be a whole number of seconds"}}},
      {"tcp_duration_range",
       "\ntcp:\n  header_timeout: 2h\n",
       {{"tcp.header_timeout", 2, 19, "must be between 1s and 1h, got '2h'"}}},
      {"tcp_zero_timeout", "\ntcp:\n  idle_timeout: 0\n", {{"tcp.idle_timeout", 2, 17, "must be between 1s and 1d"}}},
      {"tcp_partial_below_message",
       "\ntcp:\n  max_partial_bytes: 4096\n",
       {{"tcp.max_partial_bytes", 2, 22, "must be at least limits.max_message_size (65535)"}}},

      // --- registrar, auth, dialogs, transactions ---
      {"registrar_min_over_max",
       "\nregistrar:\n  min_expires: 2h\n  max_expires: 1h\n",
       {{"registrar.min_expires", 2, 16, "must not be greater than max_expires (1h)"}}},
      {"registrar_default_below_min",
       "\nregistrar:\n  min_expires: 60\n  default_expires: 30\n",
       {{"registrar.default_expires", 3, 20, "must not be less than min_expires (1m)"}}},
      {"registrar_default_over_max",
       "\nregistrar:\n  default_expires: 7200\n",
       {{"registrar.default_expires", 2, 20, "must not be greater than max_expires (1h)"}}},
      {"registrar_contacts",
       "\nregistrar:\n  max_contacts: 0\n",
       {{"registrar.max_contacts", 2, 17, "must be between 1 and 100"}}},
      {"registrar_keepalive_word",
       "\nregistrar:\n  nat_keepalive: stun\n",
       {{"registrar.nat_keepalive", 2, 18, "must be options, crlf or none"}}},
      {"registrar_keepalive_zero",
       "\nregistrar:\n  keepalive_interval: 0\n",
       {{"registrar.keepalive_interval", 2, 23, "must be at least 1s unless nat_keepalive is none"}}},
      {"auth_unknown_algorithm",
       "\nauth:\n  algorithms: [SHA-256, SHA-512]\n",
       {{"auth.algorithms[1]", 2, 25, "must be SHA-256 or MD5, got 'SHA-512'"}}},
      {"auth_duplicate_algorithm",
       "\nauth:\n  algorithms: [MD5, MD5]\n",
       {{"auth.algorithms[1]", 2, 21, "duplicate algorithm MD5"}}},
      {"auth_empty_algorithms",
       "\nauth:\n  algorithms: []\n",
       {{"auth.algorithms", 2, 15, "must list at least one of SHA-256, MD5"}}},
      {"auth_algorithms_scalar", "\nauth:\n  algorithms: MD5\n", {{"auth.algorithms", 2, 15, "must be a list"}}},
      {"auth_nonce_short",
       "\nauth:\n  nonce_lifetime: 5\n",
       {{"auth.nonce_lifetime", 2, 19, "must be between 10s and 1d"}}},
      {"dialogs_early_over_max",
       "\ndialogs:\n  early_timeout: 1h\n  max_duration: 10m\n",
       {{"dialogs.early_timeout", 2, 18, "must not be greater than max_duration (10m)"}}},
      {"transactions_t1_low",
       "\ntransactions:\n  timer_t1_ms: 20\n",
       {{"transactions.timer_t1_ms", 2, 16, "must be between 50ms and 10s"}}},
      {"transactions_t1_over_t2",
       "\ntransactions:\n  timer_t1_ms: 5000\n  timer_t2_ms: 4000\n",
       {{"transactions.timer_t1_ms", 2, 16, "must not be greater than timer_t2_ms (4s)"}}},

      // --- upstreams ---
      {"upstream_missing_host", "\nupstreams:\n  - name: pbx\n", {{"upstreams[0].host", 2, 5, "is required"}}},
      {"upstream_bad_host",
       "\nupstreams:\n  - name: pbx\n    host: pbx_1.example.com\n",
       {{"upstreams[0].host", 3, 11, "must be an IP address literal or a host name"}}},
      {"upstream_bracketed_ipv6",
       "\nupstreams:\n  - name: pbx\n    host: \"[::1]\"\n",
       {{"upstreams[0].host", 3, 11, "must be an IP address literal or a host name"}}},
      {"upstream_port",
       "\n" UPSTREAM_PBX "    port: 99999\n",
       {{"upstreams[0].port", 4, 11, "must be between 1 and 65535"}}},
      {"upstream_tls_map_on_udp",
       "\n" UPSTREAM_PBX "    tls: {server_name: pbx.example.com}\n",
       {{"upstreams[0].tls", 4, 5, "only for upstreams with transport tls"}}},
      {"upstream_tls_bad_name",
       "\n" UPSTREAM_PBX "    transport: tls\n    tls: {server_name: \"bad name\"}\n",
       {{"upstreams[0].tls.server_name", 5, 24, "must be a host name"}}},
      {"upstream_tls_cert_without_key",
       "\n" UPSTREAM_PBX "    transport: tls\n    tls: {certificate: c.pem}\n",
       {{"upstreams[0].tls.certificate", 5, 11, "certificate and private_key go together"}}},
      {"upstream_duplicate",
       "\n" UPSTREAM_PBX "  - name: pbx\n    host: 127.0.0.2\n",
       {{"upstreams[1].name", 4, 11, "duplicate upstream name 'pbx' (first at line 2)"}}},
      {"health_timeout_over_interval",
       "\n" UPSTREAM_PBX "    health_check: {interval: 10, timeout: 10}\n",
       {{"upstreams[0].health_check.timeout", 4, 43, "must be shorter than interval (10s)"}}},
      {"health_negative",
       "\n" UPSTREAM_PBX "    health_check:\n      interval: -30\n",
       {{"upstreams[0].health_check.interval", 5, 17, "must not be negative"}}},

      // --- tenants and routes ---
      {"tenant_missing_domain", "\ntenants:\n  - mode: registrar\n", {{"tenants[0].domain", 2, 5, "is required"}}},
      {"tenant_bad_domain",
       "\ntenants:\n  - domain: demo..local\n",
       {{"tenants[0].domain", 2, 13, "must be a host name such as example.com"}}},
      {"tenant_duplicate_domain",
       "\ntenants:\n  - domain: a.example\n  - domain: A.Example\n",
       {{"tenants[1].domain", 3, 13, "duplicate tenant domain 'a.example' (first at line 2)"}}},
      {"tenant_undefined_default_upstream",
       "\n" UPSTREAM_PBX "tenants:\n  - domain: a.example\n    default_upstream: pxb\n",
       {{"tenants[0].default_upstream", 6, 23, "upstream 'pxb' is not defined in upstreams"}}},
      {"tenant_no_upstreams_at_all",
       "\ntenants:\n  - domain: a.example\n    default_upstream: pbx\n",
       {{"tenants[0].default_upstream", 3, 23, "upstream 'pbx' is not defined"}}},
      {"route_undefined_upstream",
       "\n" UPSTREAM_PBX
       "tenants:\n  - domain: a.example\n    routes:\n      - prefix: \"+44\"\n        upstream: trunk\n",
       {{"tenants[0].routes[0].upstream", 8, 19, "upstream 'trunk' is not defined"}}},
      {"route_duplicate_prefix",
       "\n" UPSTREAM_PBX
       "tenants:\n  - domain: a.example\n    routes:\n      - {prefix: '0', upstream: pbx}\n      - {prefix: '0', "
       "upstream: pbx}\n",
       {{"tenants[0].routes[1].prefix", 8, 18, "duplicate prefix '0' (first at line 7)"}}},
      {"route_bad_prefix",
       "\n" UPSTREAM_PBX "tenants:\n  - domain: a.example\n    routes:\n      - {prefix: '', upstream: pbx}\n",
       {{"tenants[0].routes[0].prefix", 7, 18, "SIP user part"}}},
      {"route_missing_upstream",
       "\ntenants:\n  - domain: a.example\n    routes:\n      - prefix: '1'\n",
       {{"tenants[0].routes[0].upstream", 4, 9, "is required"}}},
      {"tenant_mode_word",
       "\ntenants:\n  - domain: a.example\n    mode: firewall\n",
       {{"tenants[0].mode", 3, 11, "must be registrar or edge"}}},
      {"edge_with_accounts",
       "\n" UPSTREAM_PBX
       "tenants:\n  - domain: a.example\n    mode: edge\n    default_upstream: pbx\n    accounts:\n      - username: "
       "bob\n        generate_password: true\n",
       {{"tenants[0].accounts", 8, 5, "must be empty in edge mode"}}},
      {"edge_without_upstream",
       "\nmode: edge\ntenants:\n  - domain: a.example\n",
       {{"tenants[0].default_upstream", 3, 5, "is required in edge mode"}}},

      // --- accounts ---
      {"account_bad_username",
       "\ntenants:\n  - domain: a.example\n    accounts:\n      - username: \"alice smith\"\n        "
       "generate_password: true\n",
       {{"tenants[0].accounts[0].username", 4, 19, "SIP user part"}}},
      {"account_escaped_username",
       "\ntenants:\n  - domain: a.example\n    accounts:\n      - username: \"al%69ce\"\n        generate_password: "
       "true\n",
       {{"tenants[0].accounts[0].username", 4, 19, "SIP user part"}}},
      {"account_duplicate_username",
       "\ntenants:\n  - domain: a.example\n    accounts:\n      - username: \"1001\"\n        generate_password: true\n"
       "      - username: \"1001\"\n        generate_password: true\n",
       {{"tenants[0].accounts[1].username", 6, 19, "duplicate username '1001' (first at line 4)"}}},
      {"account_no_credential",
       "\ntenants:\n  - domain: a.example\n    accounts:\n      - username: bob\n",
       {{"tenants[0].accounts[0]", 4, 9,
         "needs exactly one of password, ha1_md5/ha1_sha256 or generate_password: true"}}},
      {"account_generate_false",
       "\ntenants:\n  - domain: a.example\n    accounts:\n      - username: bob\n        generate_password: false\n",
       {{"tenants[0].accounts[0]", 4, 9, "needs exactly one of"}}},
      {"account_generate_not_bool",
       "\ntenants:\n  - domain: a.example\n    accounts:\n      - username: bob\n        generate_password: \"yes\"\n",
       {{"tenants[0].accounts[0].generate_password", 5, 28, "must be true or false"}}},
      {"account_two_credentials",
       "\ntenants:\n  - domain: a.example\n    accounts:\n      - username: bob\n        password: "
       "\"Gr8!Secret#2024\"\n        generate_password: true\n",
       {{"tenants[0].accounts[0].generate_password", 6, 9, "conflicts with password"}}},
      {"account_ha1_and_password",
       "\ntenants:\n  - domain: a.example\n    accounts:\n      - username: bob\n        ha1_md5: "
       "0123456789abcdef0123456789abcdef\n        password: \"Gr8!Secret#2024\"\n",
       {{"tenants[0].accounts[0].password", 6, 9, "conflicts with ha1_md5"}}},
      {"account_ha1_md5_short",
       "\ntenants:\n  - domain: a.example\n    accounts:\n      - username: bob\n        ha1_md5: 0123abcd\n",
       {{"tenants[0].accounts[0].ha1_md5", 5, 18, "must be 32 hexadecimal digits"}}},
      {"account_ha1_sha256_not_hex",
       "\ntenants:\n  - domain: a.example\n    accounts:\n      - username: bob\n        ha1_sha256: "
       "zz23456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n",
       {{"tenants[0].accounts[0].ha1_sha256", 5, 21, "must be 64 hexadecimal digits"}}},
      {"account_ha1_algorithm_not_offered",
       "\nauth:\n  algorithms: [MD5]\ntenants:\n  - domain: a.example\n    accounts:\n      - username: bob\n"
       "        ha1_sha256: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n",
       {{"tenants[0].accounts[0].ha1_sha256", 7, 9, "cannot be used: auth.algorithms does not offer SHA-256"}}},
      {"account_allow_from_bad",
       "\ntenants:\n  - domain: a.example\n    accounts:\n      - username: bob\n        generate_password: true\n"
       "        allow_from: [10.0.0.0/8, 10.0.0.1/8, 10.0.0.0/33, not-an-ip]\n",
       {{"tenants[0].accounts[0].allow_from[1]", 6, 34, "has bits set beyond its prefix length"},
        {"tenants[0].accounts[0].allow_from[2]", 6, 46, "bad prefix length"},
        {"tenants[0].accounts[0].allow_from[3]", 6, 59, "must be an IP address or CIDR"}}},
      {"account_unknown_key",
       "\ntenants:\n  - domain: a.example\n    accounts:\n      - username: bob\n        pasword: x\n",
       {{"tenants[0].accounts[0]", 4, 9, "needs exactly one of"},
        {"tenants[0].accounts[0].pasword", 5, 9, "unknown key (did you mean 'password'?)"}}},

      // --- several errors at once, reported in file order ---
      {"many_errors",
       "\nlisteners:\n  - {name: a, transport: sctp, address: 1.2.3, port: 0}\nlog:\n  level: loud\nmode: both\n",
       {{"listeners[0].transport", 2, 26, "must be udp, tcp or tls"},
        {"listeners[0].address", 2, 41, "must be an IPv4 or IPv6 address literal"},
        {"listeners[0].port", 2, 54, "must be between 1 and 65535"},
        {"log.level", 4, 10, "must be trace"},
        {"mode", 5, 7, "must be registrar or edge"}}},
  };
  return kCases;
}

class ConfigErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(ConfigErrors, ReportsPathAndPosition) {
  const BadCase& c = GetParam();
  std::string_view yaml = c.yaml;
  if (!yaml.empty() && yaml.front() == '\n') yaml.remove_prefix(1);
  auto r = load_config_string(yaml, "bad.yaml");
  ASSERT_FALSE(r.has_value()) << "loaded without errors:\n" << yaml;
  const std::vector<ConfigError> errors = r.error();
  std::string all;
  for (const auto& e : errors) all += "  " + e.to_string() + "\n";
  ASSERT_EQ(errors.size(), c.errors.size()) << all;
  for (size_t i = 0; i < errors.size(); ++i) {
    const ConfigError& e = errors[i];
    const Expected& x = c.errors[i];
    EXPECT_EQ(e.file, "bad.yaml");
    EXPECT_EQ(e.path, x.path) << all;
    EXPECT_EQ(e.line, x.line) << all;
    EXPECT_EQ(e.column, x.column) << all;
    EXPECT_NE(e.message.find(x.message), std::string::npos) << "expected '" << x.message << "' in\n" << all;
  }
}

INSTANTIATE_TEST_SUITE_P(Table, ConfigErrors, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<BadCase>& p) { return std::string(p.param.name); });

// --- passwords: policy, and never echoed ---

struct PasswordCase {
  std::string_view name;
  std::string_view password;
  std::vector<std::string_view> messages;  // substrings, one per expected error, in order
};

class PasswordPolicy : public ::testing::TestWithParam<PasswordCase> {};

TEST_P(PasswordPolicy, RejectsWeakPasswordsWithoutEchoingThem) {
  const PasswordCase& c = GetParam();
  const std::string yaml =
      "tenants:\n  - domain: pbx.example.com\n    accounts:\n      - username: alice\n"
      "        password: \"" +
      std::string(c.password) + "\"\n";
  auto r = load_config_string(yaml, "pw.yaml");
  ASSERT_FALSE(r.has_value());
  const std::vector<ConfigError> errors = r.error();
  std::string all;
  for (const auto& e : errors) all += "  " + e.to_string() + "\n";
  ASSERT_EQ(errors.size(), c.messages.size()) << all;
  for (size_t i = 0; i < errors.size(); ++i) {
    EXPECT_EQ(errors[i].path, "tenants[0].accounts[0].password");
    EXPECT_EQ(errors[i].line, 5);
    EXPECT_EQ(errors[i].column, 19);
    EXPECT_NE(errors[i].message.find(c.messages[i]), std::string::npos) << all;
    EXPECT_EQ(errors[i].to_string().find(c.password), std::string::npos) << "password echoed: " << all;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, PasswordPolicy,
    ::testing::Values(
        PasswordCase{"short", "Ab1!xyz", {"must be at least 12 characters"}},
        PasswordCase{"only_lower", "correcthorsebattery", {"upper-case letter", "a digit", "a symbol"}},
        PasswordCase{"no_symbol", "Correct1Horse2Battery", {"must contain a symbol"}},
        PasswordCase{"no_digit", "Correct!Horse#Battery", {"must contain a digit"}},
        PasswordCase{"contains_username", "xX!ALICE!Xx99", {"must not contain the username"}},
        PasswordCase{"contains_domain", "Pbx.Example.Com#2024", {"must not contain the domain"}},
        PasswordCase{"short_and_plain", "abc", {"at least 12", "upper-case letter", "a digit", "a symbol", "common"}},
        PasswordCase{"control_character", "Zebra-Horse1!\\tjk", {"control characters"}},
        PasswordCase{
            "too_long",
            "Aa1!aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            {"at most 128", "identical characters in a row"}}),
    [](const ::testing::TestParamInfo<PasswordCase>& p) { return std::string(p.param.name); });

TEST(PasswordPolicy, AcceptsStrongPassword) {
  auto r = load_config_string(
      "tenants:\n  - domain: pbx.example.com\n    accounts:\n      - username: alice\n        password: "
      "\"Tr0ub4dor&3-horse\"\n",
      "pw.yaml");
  ASSERT_TRUE(r.has_value()) << r.error().front().to_string();
}

TEST(Secrets, NeverInAnyMessage) {
  // Secrets in wrong places or wrong shapes must not leak either.
  const std::string_view secret = "S3cr3t!Value#42";
  const std::string yaml = std::string("tenants:\n  - domain: a.example\n    accounts:\n      - username: bob\n") +
                           "        password: \"" + std::string(secret) + "\"\n" + "        ha1_md5: \"" +
                           std::string(secret) + "\"\n" + "        ha1_sha256: \"" + std::string(secret) + "\"\n" +
                           "        pasword: \"" + std::string(secret) + "\"\n";
  auto r = load_config_string(yaml, "s.yaml");
  ASSERT_FALSE(r.has_value());
  for (const auto& e : r.error()) {
    EXPECT_EQ(e.to_string().find(secret), std::string::npos) << e.to_string();
  }
}

}  // namespace
}  // namespace vg::config
