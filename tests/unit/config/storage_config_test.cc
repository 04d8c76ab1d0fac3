// The storage: section: backends, PostgreSQL connection settings, batching and retention, and the
// errors (file:line:col) for what is wrong.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "config/config.h"

#include "errors_of.h"

namespace vg::config {
namespace {

TEST(StorageConfig, DefaultsAreSqliteUnderVarDirWithRetention) {
  auto r = load_config_string("node: {var_dir: /tmp/vgx}\n", "s.yaml");
  ASSERT_TRUE(r.has_value()) << errors_of(r);
  const StorageConfig& s = r->storage;
  EXPECT_EQ(s.backend, StorageBackend::kSqlite);
  EXPECT_EQ(s.sqlite_path, "/tmp/vgx/voipguard.db");
  EXPECT_EQ(s.flush_interval, std::chrono::milliseconds(1000));
  EXPECT_EQ(s.retention.security_events, 90u);
  EXPECT_EQ(s.retention.calls, 365u);
}

TEST(StorageConfig, PostgresqlFromPartsWithPasswordFile) {
  char path[] = "/tmp/vg_pgpw_XXXXXX";
  int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  const std::string yaml = std::string(R"(storage:
  backend: postgresql
  flush_interval: 250ms
  queue_capacity: 5000
  retention: {security_events: 7, calls: 0, devices: 30, alerts: 14}
  postgresql:
    host: db.example.net
    port: 6432
    dbname: "vg o'hare"
    user: vg
    password_file: )") + path + "\n";
  auto r = load_config_string(yaml, "s.yaml");
  ::unlink(path);
  ASSERT_TRUE(r.has_value()) << errors_of(r);
  const StorageConfig& s = r->storage;
  EXPECT_EQ(s.backend, StorageBackend::kPostgresql);
  EXPECT_EQ(s.flush_interval, std::chrono::milliseconds(250));
  EXPECT_EQ(s.queue_capacity, 5000u);
  EXPECT_EQ(s.retention.security_events, 7u);
  EXPECT_EQ(s.retention.calls, 0u);
  EXPECT_EQ(s.postgresql.password_file, path);
  EXPECT_EQ(s.postgresql.connection_string(), R"(host='db.example.net' port=6432 dbname='vg o\'hare' user='vg')");
}

TEST(StorageConfig, ConninfoIsPassedAsWritten) {
  auto r = load_config_string(
      "storage:\n  backend: postgresql\n  postgresql: {conninfo: \"host=127.0.0.1 dbname=vg\"}\n", "s.yaml");
  ASSERT_TRUE(r.has_value()) << errors_of(r);
  EXPECT_EQ(r->storage.postgresql.connection_string(), "host=127.0.0.1 dbname=vg");
}

struct Bad {
  const char* name;
  const char* yaml;
  const char* error;  // expected substring of the errors, with its location
};

TEST(StorageConfig, ErrorsNameTheFileLineAndColumn) {
  const Bad cases[] = {
      {"unknown backend", "storage:\n  backend: mysql\n", "s.yaml:2:12"},
      {"postgresql without section", "storage:\n  backend: postgresql\n", "needs a postgresql: section"},
      {"neither conninfo nor host", "storage:\n  postgresql: {dbname: x}\n", "needs conninfo or host"},
      {"both forms", "storage:\n  postgresql: {conninfo: \"host=a\", host: b}\n", "not both"},
      {"password in conninfo", "storage:\n  postgresql: {conninfo: \"host=a password=hunter2\"}\n",
       "s.yaml:2:26: storage.postgresql.conninfo: must not contain a password"},
      {"password in uri", "storage:\n  postgresql: {conninfo: \"postgresql://vg:hunter2@db/vg\"}\n",
       "must not contain a password"},
      {"unreadable password file", "storage:\n  postgresql: {host: a, password_file: /nonexistent/pw}\n",
       "cannot read /nonexistent/pw"},
      {"port range", "storage:\n  postgresql: {host: a, port: 70000}\n", "storage.postgresql.port"},
      {"flush interval range", "storage:\n  flush_interval: 5m\n", "storage.flush_interval"},
      {"retention negative", "storage:\n  retention: {calls: -1}\n", "storage.retention.calls"},
      {"retention unknown table", "storage:\n  retention: {cdrs: 3}\n", "storage.retention.cdrs"},
  };
  for (const Bad& c : cases) {
    auto r = load_config_string(c.yaml, "s.yaml");
    ASSERT_FALSE(r.has_value()) << c.name;
    const std::string errors = errors_of(r);
    EXPECT_NE(errors.find(c.error), std::string::npos) << c.name << ":\n" << errors;
    EXPECT_EQ(errors.find("hunter2"), std::string::npos) << c.name << ": the password is echoed:\n" << errors;
  }
}

}  // namespace
}  // namespace vg::config
