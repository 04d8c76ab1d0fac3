// Tests for src/config/loader.cc, sections.cc, tenants.cc and lookup.cc: a complete valid file,
// defaults, normalisation, HA1 hashing and the lookups the server uses.
#include "config/config.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace vg::config {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kFull = R"(mode: edge
node:
  workers: 4
  udp_consolidation: false
  var_dir: /var/lib/voipguard
log:
  level: debug
  format: json
listeners:
  - name: udp4
    transport: udp
    address: 192.0.2.1
    port: 5060
  - name: tcp6
    transport: tcp
    address: "2001:db8::1"
    port: 5061
  - name: default-port
    transport: udp
    address: ::1
limits:
  max_message_size: 8192
  max_headers: 64
  max_header_line: 2048
  max_uri_length: 1024
tcp:
  max_connections: 100
  max_connections_per_ip: 10
  idle_timeout: 5m
  header_timeout: "15s"
  max_partial_bytes: 16384
registrar:
  min_expires: 30
  max_expires: 2h
  default_expires: 1h
  max_contacts: 3
  nat_keepalive: crlf
  keepalive_interval: 25s
auth:
  algorithms: [MD5]
  nonce_lifetime: 1m
dialogs:
  early_timeout: 2m
  max_duration: 1d
transactions:
  timer_t1_ms: 250
  timer_t2_ms: 4s
  timer_t4_ms: 5000
upstreams:
  - name: pbx
    host: PBX.Example.COM
    port: 5070
    transport: tcp
    health_check: { interval: 0, timeout: 5 }
  - name: trunk
    host: 198.51.100.7
tenants:
  - domain: Edge.Example.com
    default_upstream: pbx
    routes:
      - { prefix: "+44", upstream: trunk }
      - { prefix: "+4420", upstream: pbx }
      - { prefix: "0", upstream: trunk }
  - domain: demo.voipguard.local
    mode: registrar
    accounts:
      - username: "1001"
        password: "Str0ng!Passw0rd"
        allow_from: [192.0.2.0/24, "2001:db8::/32", 198.51.100.9]
      - username: alice
        ha1_md5: B1726872C344B6DC8365B774F8FD6412
      - username: "1002"
        generate_password: true
storage:
  sqlite_path: /tmp/vg.db
)";

TEST(ConfigLoad, FullFile) {
  auto r = load_config_string(kFull, "full.yaml");
  ASSERT_TRUE(r.has_value()) << r.error().front().to_string();
  const Config& c = *r;
  EXPECT_EQ(c.source, "full.yaml");
  EXPECT_EQ(c.mode, Mode::kEdge);
  EXPECT_EQ(c.node.workers, 4u);
  EXPECT_FALSE(c.node.udp_consolidation);
  EXPECT_EQ(c.node.var_dir, "/var/lib/voipguard");
  EXPECT_EQ(c.log.level, LogLevel::kDebug);
  EXPECT_EQ(c.log.format, LogFormat::kJson);

  ASSERT_EQ(c.listeners.size(), 3u);
  EXPECT_EQ(c.listeners[0].name, "udp4");
  EXPECT_EQ(c.listeners[0].transport, Transport::kUdp);
  EXPECT_EQ(c.listeners[0].address.to_string(), "192.0.2.1");
  EXPECT_EQ(c.listeners[0].port, 5060);
  EXPECT_EQ(c.listeners[1].transport, Transport::kTcp);
  EXPECT_EQ(c.listeners[1].endpoint().to_string(), "[2001:db8::1]:5061");
  EXPECT_EQ(c.listeners[2].port, 5060) << "port defaults to 5060";

  EXPECT_EQ(c.limits.max_message_size, 8192u);
  EXPECT_EQ(c.limits.to_sip().max_uri_length, 1024u);
  EXPECT_EQ(c.tcp.max_connections, 100u);
  EXPECT_EQ(c.tcp.max_connections_per_ip, 10u);
  EXPECT_EQ(c.tcp.idle_timeout, 300s);
  EXPECT_EQ(c.tcp.header_timeout, 15s);
  EXPECT_EQ(c.tcp.max_partial_bytes, 16384u);
  EXPECT_EQ(c.registrar.min_expires, 30s);
  EXPECT_EQ(c.registrar.max_expires, 7200s);
  EXPECT_EQ(c.registrar.default_expires, 3600s);
  EXPECT_EQ(c.registrar.max_contacts, 3u);
  EXPECT_EQ(c.registrar.nat_keepalive, NatKeepalive::kCrlf);
  EXPECT_EQ(c.registrar.keepalive_interval, 25s);
  ASSERT_EQ(c.auth.algorithms.size(), 1u);
  EXPECT_EQ(c.auth.algorithms[0], DigestAlgorithm::kMd5);
  EXPECT_FALSE(c.auth.offers(DigestAlgorithm::kSha256));
  EXPECT_EQ(c.auth.nonce_lifetime, 60s);
  EXPECT_EQ(c.dialogs.early_timeout, 120s);
  EXPECT_EQ(c.dialogs.max_duration, 86400s);
  EXPECT_EQ(c.transactions.timer_t1, 250ms);
  EXPECT_EQ(c.transactions.timer_t2, 4000ms);
  EXPECT_EQ(c.transactions.timer_t4, 5000ms);

  ASSERT_EQ(c.upstreams.size(), 2u);
  EXPECT_EQ(c.upstreams[0].host, "pbx.example.com");
  EXPECT_FALSE(c.upstreams[0].host_is_ip);
  EXPECT_EQ(c.upstreams[0].port, 5070);
  EXPECT_EQ(c.upstreams[0].transport, Transport::kTcp);
  EXPECT_FALSE(c.upstreams[0].health_check.enabled());
  EXPECT_TRUE(c.upstreams[1].host_is_ip);
  EXPECT_EQ(c.upstreams[1].port, 5060);
  EXPECT_EQ(c.upstreams[1].transport, Transport::kUdp);
  EXPECT_TRUE(c.upstreams[1].health_check.enabled());
  EXPECT_EQ(c.upstreams[1].health_check.interval, 30s);

  ASSERT_EQ(c.tenants.size(), 2u);
  const Tenant& edge = c.tenants[0];
  EXPECT_EQ(edge.domain, "edge.example.com");
  EXPECT_EQ(edge.mode, Mode::kEdge) << "inherits the top-level mode";
  EXPECT_EQ(edge.default_upstream, "pbx");
  EXPECT_TRUE(edge.accounts.empty());
  const Tenant& reg = c.tenants[1];
  EXPECT_EQ(reg.mode, Mode::kRegistrar);
  ASSERT_EQ(reg.accounts.size(), 3u);

  EXPECT_EQ(c.storage.sqlite_path, "/tmp/vg.db");
}

TEST(ConfigLoad, PasswordIsHashedNotKept) {
  auto r = load_config_string(kFull, "full.yaml");
  ASSERT_TRUE(r.has_value());
  const Account* a = r->find_tenant("demo.voipguard.local")->find_account("1001");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->credential, CredentialSource::kPassword);
  // H("1001:demo.voipguard.local:Str0ng!Passw0rd"), computed independently with Python hashlib.
  EXPECT_EQ(a->ha1(DigestAlgorithm::kMd5), "0ef064e696f88be26bf02eaf56aefcff");
  EXPECT_EQ(a->ha1(DigestAlgorithm::kSha256), "487c988d0b5bb6d23e90ec1db3f5cefa7219e1200e88774d6e4240bd334476dd");
  ASSERT_EQ(a->allow_from.size(), 3u);
  EXPECT_EQ(a->allow_from[2].to_string(), "198.51.100.9/32");
  EXPECT_TRUE(a->allow_from[0].contains(*IpAddress::parse("192.0.2.77")));
  EXPECT_FALSE(a->allow_from[0].contains(*IpAddress::parse("192.0.3.1")));
}

TEST(ConfigLoad, Ha1AndGeneratedAccounts) {
  auto r = load_config_string(kFull, "full.yaml");
  ASSERT_TRUE(r.has_value());
  const Tenant* t = r->find_tenant("demo.voipguard.local");
  const Account* alice = t->find_account("alice");
  ASSERT_NE(alice, nullptr);
  EXPECT_EQ(alice->credential, CredentialSource::kHa1);
  EXPECT_EQ(alice->ha1_md5, "b1726872c344b6dc8365b774f8fd6412") << "stored lower case";
  EXPECT_TRUE(alice->ha1_sha256.empty());
  const Account* gen = t->find_account("1002");
  ASSERT_NE(gen, nullptr);
  EXPECT_EQ(gen->credential, CredentialSource::kGenerate);
  EXPECT_TRUE(gen->ha1_md5.empty());
  EXPECT_EQ(t->find_account("ALICE"), nullptr) << "user parts compare case-sensitively";
}

TEST(ConfigLookup, TenantsUpstreamsRoutes) {
  auto r = load_config_string(kFull, "full.yaml");
  ASSERT_TRUE(r.has_value());
  EXPECT_NE(r->find_tenant("EDGE.example.COM"), nullptr) << "domains compare case-insensitively";
  EXPECT_EQ(r->find_tenant("example.com"), nullptr);
  EXPECT_EQ(r->find_tenant(""), nullptr);
  ASSERT_NE(r->find_upstream("trunk"), nullptr);
  EXPECT_EQ(r->find_upstream("trunk")->host, "198.51.100.7");
  EXPECT_EQ(r->find_upstream("PBX"), nullptr);

  const Tenant& edge = *r->find_tenant("edge.example.com");
  struct Case {
    std::string_view user;
    const char* upstream;  // nullptr: no route
  };
  for (const Case& c : {Case{"+442079460000", "pbx"}, Case{"+441632960000", "trunk"}, Case{"+44", "trunk"},
                        Case{"08001234", "trunk"}, Case{"+33123", nullptr}, Case{"", nullptr}, Case{"+4", nullptr}}) {
    const Route* route = edge.route_for(c.user);
    if (c.upstream == nullptr) {
      EXPECT_EQ(route, nullptr) << c.user;
    } else {
      ASSERT_NE(route, nullptr) << c.user;
      EXPECT_EQ(route->upstream, c.upstream) << c.user;
    }
  }
}

TEST(ConfigLoad, EmptyFileIsSecureDefaults) {
  for (std::string_view text : {"", "# only a comment\n", "---\n"}) {
    auto r = load_config_string(text, "empty.yaml");
    ASSERT_TRUE(r.has_value()) << text;
    const Config& c = *r;
    EXPECT_TRUE(c.listeners.empty()) << "nothing listens unless configured";
    EXPECT_TRUE(c.tenants.empty());
    EXPECT_TRUE(c.upstreams.empty());
    EXPECT_EQ(c.mode, Mode::kRegistrar);
    EXPECT_EQ(c.node.var_dir, "var");
    EXPECT_EQ(c.storage.sqlite_path, "var/voipguard.db");
    EXPECT_EQ(c.limits.max_message_size, sip::kMaxMessageSize);
    EXPECT_EQ(c.registrar.default_expires, 600s);
    ASSERT_EQ(c.auth.algorithms.size(), 2u);
    EXPECT_EQ(c.auth.algorithms[0], DigestAlgorithm::kSha256);
    EXPECT_EQ(c.transactions.timer_t1, 500ms);
  }
}

TEST(ConfigLoad, EmptySectionsKeepDefaults) {
  auto r = load_config_string("node:\ntcp:\nlisteners:\ntenants: []\nauth: {}\n", "x.yaml");
  ASSERT_TRUE(r.has_value()) << r.error().front().to_string();
  EXPECT_EQ(r->tcp.max_connections, 4096u);
  EXPECT_TRUE(r->listeners.empty());
}

TEST(ConfigLoad, SqlitePathFollowsVarDir) {
  auto r = load_config_string("node: { var_dir: /srv/vg }\n", "x.yaml");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->storage.sqlite_path, "/srv/vg/voipguard.db");
}

TEST(ConfigLoad, DurationForms) {
  struct Case {
    std::string_view text;
    std::chrono::seconds expected;
  };
  for (const Case& c : {Case{"600", 600s}, Case{"\"600\"", 600s}, Case{"90s", 90s}, Case{"5m", 300s}, Case{"1h", 3600s},
                        Case{"1h30m", 5400s}, Case{"1d", 86400s}, Case{"20000ms", 20s}, Case{"+60", 60s}}) {
    auto r = load_config_string("tcp:\n  idle_timeout: " + std::string(c.text) + "\n", "x.yaml");
    ASSERT_TRUE(r.has_value()) << c.text << ": " << r.error().front().to_string();
    EXPECT_EQ(r->tcp.idle_timeout, c.expected) << c.text;
  }
}

TEST(ConfigLoad, FileErrorsNameThePath) {
  auto r = load_config_file("/nonexistent/voipguard.yaml");
  ASSERT_FALSE(r.has_value());
  const auto errors = r.error();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].file, "/nonexistent/voipguard.yaml");
  EXPECT_EQ(errors[0].line, 0);
  EXPECT_EQ(errors[0].to_string().rfind("/nonexistent/voipguard.yaml: cannot read file: ", 0), 0u)
      << errors[0].to_string();
}

TEST(ConfigLoad, DirectoryIsNotAnEmptyFile) {
  auto r = load_config_file(VG_TEST_DATA_DIR "/config");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().front().message, "cannot read file: is a directory");
}

TEST(ConfigLoad, SampleFiles) {
  auto good = load_config_file(VG_TEST_DATA_DIR "/config/good.yaml");
  ASSERT_TRUE(good.has_value()) << good.error().front().to_string();
  EXPECT_EQ(good->source, VG_TEST_DATA_DIR "/config/good.yaml");
}

TEST(ConfigError, ToString) {
  ConfigError e{"voipguard.yaml", 12, 5, "tenants[0].accounts[1].password", "must be at least 12 characters"};
  EXPECT_EQ(e.to_string(), "voipguard.yaml:12:5: tenants[0].accounts[1].password: must be at least 12 characters");
  e.path.clear();
  EXPECT_EQ(e.to_string(), "voipguard.yaml:12:5: must be at least 12 characters");
  e.line = e.column = 0;
  EXPECT_EQ(e.to_string(), "voipguard.yaml: must be at least 12 characters");
}

TEST(ConfigNames, EnumsRoundTrip) {
  EXPECT_EQ(to_string(Mode::kEdge), "edge");
  EXPECT_EQ(to_string(Transport::kTcp), "tcp");
  EXPECT_EQ(to_string(LogLevel::kWarn), "warn");
  EXPECT_EQ(to_string(LogFormat::kJson), "json");
  EXPECT_EQ(to_string(NatKeepalive::kCrlf), "crlf");
  EXPECT_EQ(to_string(DigestAlgorithm::kSha256), "SHA-256");
  EXPECT_EQ(to_string(CredentialSource::kGenerate), "generate_password");
}

}  // namespace
}  // namespace vg::config
