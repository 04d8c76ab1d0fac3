// The location service's bindings through the store: every field of proxy::Binding survives a
// save and a restart (IPv6 source, TCP/TLS transports, NAT flag, q), except the connection id, which
// means nothing after a restart; the LocationService restores them and purges expired ones.
#include "server/binding_store_adapter.h"

#include <gtest/gtest.h>

#include "../store/temp_dir.h"
#include "store/store.h"

namespace vg::server {
namespace {

std::unique_ptr<store::StoreWriter> open_writer(const store::TempDir& dir, const Clock& clock) {
  store::StoreOptions o;
  o.sqlite_path = dir.file("v.db");
  auto w = store::open_store(o, clock);
  EXPECT_TRUE(w.has_value()) << (w ? "" : w.error());
  return w ? std::move(*w) : nullptr;
}

proxy::Binding binding(std::string aor, std::string contact, std::string_view source, net::Transport t,
                       int64_t expires_at) {
  proxy::Binding b;
  b.aor = std::move(aor);
  b.contact = std::move(contact);
  b.call_id = "reg-1@client";
  b.cseq = 4'000'000'000u;  // the full 32-bit CSeq range (RFC 3261 §8.1.1.5)
  b.expires_at = expires_at;
  b.registered_at = 1'700'000'000;
  b.source = *Endpoint::parse(source);
  b.transport = t;
  b.connection = 42;
  b.listener = 2;
  b.behind_nat = true;
  b.user_agent = "Linphone/5.2";
  b.q = 0.5f;
  return b;
}

TEST(BindingStoreAdapter, EveryFieldSurvivesARestartAndExpiredOnesArePurged) {
  store::TempDir dir;
  FakeClock clock{1'700'000'000};
  const auto v6 = binding("1001@a.example", "sip:1001@[2001:db8::5]:5070;transport=tcp", "[2001:db8::5]:5070",
                          net::Transport::kTcp, 1'700'003'600);
  const auto tls = binding("1002@a.example", "sip:1002@10.0.0.7:5061;transport=tls", "192.0.2.7:40001",
                           net::Transport::kTls, 1'700'003'600);
  const auto old = binding("1003@a.example", "sip:1003@192.0.2.8", "192.0.2.8:5060", net::Transport::kUdp,
                           1'699'999'000);  // already expired at restart
  {
    auto w = open_writer(dir, clock);
    ASSERT_TRUE(w);
    BindingStoreAdapter adapter(*w);
    adapter.save(v6);
    adapter.save(tls);
    adapter.save(old);
    adapter.save(binding("1004@a.example", "sip:1004@192.0.2.9", "192.0.2.9:5060", net::Transport::kUdp, 1'700'003'600));
    adapter.remove("1004@a.example", "sip:1004@192.0.2.9");
    adapter.flush();
  }
  auto w = open_writer(dir, clock);
  ASSERT_TRUE(w);
  BindingStoreAdapter adapter(*w);
  auto all = adapter.load_all();
  ASSERT_EQ(all.size(), 3u);
  for (const auto& [got, want] : {std::pair{all[0], v6}, std::pair{all[1], tls}}) {
    EXPECT_EQ(got.aor, want.aor);
    EXPECT_EQ(got.contact, want.contact);
    EXPECT_EQ(got.call_id, want.call_id);
    EXPECT_EQ(got.cseq, want.cseq);
    EXPECT_EQ(got.expires_at, want.expires_at);
    EXPECT_EQ(got.registered_at, want.registered_at);
    EXPECT_EQ(got.source, want.source);
    EXPECT_EQ(got.transport, want.transport);
    EXPECT_EQ(got.listener, want.listener);
    EXPECT_EQ(got.behind_nat, want.behind_nat);
    EXPECT_EQ(got.user_agent, want.user_agent);
    EXPECT_EQ(got.q, want.q);
  }

  proxy::LocationService location(&adapter);
  location.restore(clock.unix_seconds());
  EXPECT_EQ(location.size(), 2u);
  adapter.flush();
  EXPECT_EQ(adapter.load_all().size(), 2u);  // the expired one was deleted from the store too
}

}  // namespace
}  // namespace vg::server
