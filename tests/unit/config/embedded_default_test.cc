// Tests for the embedded default configuration (config/voipguard.yaml, embedded at build time).
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "config/config.h"

namespace vg::config {
namespace {

TEST(EmbeddedDefault, EqualsTheFile) {
  std::ifstream in(VG_TEST_DATA_DIR "/../../config/voipguard.yaml", std::ios::binary);
  ASSERT_TRUE(in) << "config/voipguard.yaml not found";
  const std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(embedded_default_config(), file);
}

TEST(EmbeddedDefault, LoadsWithoutErrors) {
  auto r = load_config_string(embedded_default_config(), kEmbeddedDefaultName);
  ASSERT_TRUE(r.has_value()) << r.error().front().to_string();
  const Config& c = *r;
  EXPECT_EQ(c.mode, Mode::kRegistrar);
  ASSERT_EQ(c.listeners.size(), 3u);
  EXPECT_EQ(c.listeners[0].transport, Transport::kUdp);
  EXPECT_EQ(c.listeners[1].transport, Transport::kTcp);
  EXPECT_EQ(c.listeners[2].transport, Transport::kTls);
  for (const Listener& l : c.listeners) {
    EXPECT_TRUE(l.address.is_loopback()) << "the default listens on loopback only";
    EXPECT_EQ(l.port, l.transport == Transport::kTls ? 5061 : 5060);
  }
  // make run: TLS on 127.0.0.1:5061 with a certificate generated on first start.
  EXPECT_TRUE(c.listeners[2].tls.self_signed);
  EXPECT_EQ(c.listeners[2].tls.verify_client, TlsVerify::kNone);
  EXPECT_TRUE(c.upstreams.empty());
  ASSERT_EQ(c.tenants.size(), 1u);
  const Tenant& t = c.tenants[0];
  EXPECT_EQ(t.domain, "demo.voipguard.local");
  EXPECT_EQ(t.mode, Mode::kRegistrar);
  ASSERT_EQ(t.accounts.size(), 2u);
  EXPECT_EQ(t.accounts[0].username, "1001");
  EXPECT_EQ(t.accounts[1].username, "1002");
  for (const Account& a : t.accounts) EXPECT_EQ(a.credential, CredentialSource::kGenerate);
}

TEST(EmbeddedDefault, EveryKeyIsCommented) {
  // Each line that sets a key carries a comment, or follows a comment line about it.
  std::string_view text = embedded_default_config();
  std::string_view previous;
  int line_number = 0;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++line_number;
    const size_t first = line.find_first_not_of(' ');
    if (first == std::string_view::npos || line[first] == '#' || line.find(':') == std::string_view::npos) {
      previous = line;
      continue;
    }
    const size_t previous_first = previous.find_first_not_of(' ');
    const bool commented = line.find('#') != std::string_view::npos ||
                           (previous_first != std::string_view::npos && previous[previous_first] == '#');
    EXPECT_TRUE(commented) << "line " << line_number << " has no comment: " << line;
    previous = line;
  }
}

}  // namespace
}  // namespace vg::config
