// Tests for src/proxy/location.cc: bindings per AOR, refresh, contact limit, expiry, removal and
// restore from a BindingStore (expired rows dropped, connections forgotten).
#include "proxy/location.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace vg::proxy {
namespace {

constexpr int64_t kNow = 1'700'000'000;

Binding binding(std::string aor, std::string contact, int64_t expires_at, int64_t registered_at = kNow) {
  Binding b;
  b.aor = std::move(aor);
  b.contact = std::move(contact);
  b.expires_at = expires_at;
  b.registered_at = registered_at;
  b.source = Endpoint{IpAddress::v4(0xC000020A), 5062};
  b.connection = 17;
  return b;
}

class FakeStore final : public BindingStore {
 public:
  void save(const Binding& b) override { saved.push_back(b.aor + " " + b.contact); }
  void remove(std::string_view aor, std::string_view contact) override {
    removed.push_back(std::string(aor) + " " + std::string(contact));
  }
  std::vector<Binding> load_all() override { return rows; }

  std::vector<Binding> rows;
  std::vector<std::string> saved, removed;
};

std::vector<std::string> contacts(const std::vector<Binding>& bs) {
  std::vector<std::string> out;
  for (const auto& b : bs) out.push_back(b.contact);
  return out;
}

TEST(LocationService, UpsertLookupNewestFirst) {
  LocationService loc;
  EXPECT_TRUE(loc.upsert(binding("alice@example.com", "sip:a@1", kNow + 100, kNow - 10), 5));
  EXPECT_TRUE(loc.upsert(binding("alice@example.com", "sip:a@2", kNow + 100, kNow), 5));
  EXPECT_TRUE(loc.upsert(binding("bob@example.com", "sip:b@1", kNow + 100), 5));
  EXPECT_EQ(contacts(loc.lookup("alice@example.com", kNow)), (std::vector<std::string>{"sip:a@2", "sip:a@1"}));
  EXPECT_EQ(contacts(loc.lookup("bob@example.com", kNow)), std::vector<std::string>{"sip:b@1"});
  EXPECT_TRUE(loc.lookup("carol@example.com", kNow).empty());
  EXPECT_EQ(loc.size(), 3u);
}

TEST(LocationService, LookupSkipsExpiredBindings) {
  LocationService loc;
  loc.upsert(binding("alice@example.com", "sip:a@1", kNow + 10), 5);
  EXPECT_EQ(loc.lookup("alice@example.com", kNow + 9).size(), 1u);
  EXPECT_TRUE(loc.lookup("alice@example.com", kNow + 10).empty());
}

TEST(LocationService, RefreshDoesNotCountTowardTheLimit) {
  LocationService loc;
  EXPECT_TRUE(loc.upsert(binding("a@x", "sip:1", kNow + 100), 2));
  EXPECT_TRUE(loc.upsert(binding("a@x", "sip:2", kNow + 100), 2));
  EXPECT_FALSE(loc.upsert(binding("a@x", "sip:3", kNow + 100), 2));
  EXPECT_TRUE(loc.upsert(binding("a@x", "sip:1", kNow + 500), 2));
  auto b = loc.find_by_contact("a@x", "sip:1");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->expires_at, kNow + 500);
  EXPECT_FALSE(loc.find_by_contact("a@x", "sip:3"));
  EXPECT_EQ(loc.size(), 2u);
}

TEST(LocationService, RemoveAndRemoveAll) {
  FakeStore store;
  LocationService loc(&store);
  loc.upsert(binding("a@x", "sip:1", kNow + 100), 5);
  loc.upsert(binding("a@x", "sip:2", kNow + 100), 5);
  loc.upsert(binding("b@x", "sip:3", kNow + 100), 5);
  EXPECT_EQ(store.saved, (std::vector<std::string>{"a@x sip:1", "a@x sip:2", "b@x sip:3"}));
  loc.remove("a@x", "sip:1");
  EXPECT_EQ(contacts(loc.lookup("a@x", kNow)), std::vector<std::string>{"sip:2"});
  loc.remove_all("a@x");
  EXPECT_TRUE(loc.lookup("a@x", kNow).empty());
  EXPECT_EQ(loc.size(), 1u);
  std::sort(store.removed.begin(), store.removed.end());
  EXPECT_EQ(store.removed, (std::vector<std::string>{"a@x sip:1", "a@x sip:2"}));
  loc.remove_all("nobody@x");
  loc.remove("nobody@x", "sip:9");
}

TEST(LocationService, ExpireDropsAndReportsToTheStore) {
  FakeStore store;
  LocationService loc(&store);
  loc.upsert(binding("a@x", "sip:1", kNow + 10), 5);
  loc.upsert(binding("a@x", "sip:2", kNow + 20), 5);
  loc.upsert(binding("b@x", "sip:3", kNow + 10), 5);
  EXPECT_EQ(loc.expire(kNow + 9), 0u);
  EXPECT_EQ(loc.expire(kNow + 10), 2u);
  EXPECT_EQ(loc.size(), 1u);
  std::sort(store.removed.begin(), store.removed.end());
  EXPECT_EQ(store.removed, (std::vector<std::string>{"a@x sip:1", "b@x sip:3"}));
  EXPECT_EQ(loc.expire(kNow + 20), 1u);
  EXPECT_EQ(loc.size(), 0u);
  // An expired binding no longer counts toward the limit.
  EXPECT_TRUE(loc.upsert(binding("a@x", "sip:4", kNow + 100), 1));
}

TEST(LocationService, RestoreDropsExpiredRowsAndForgetsConnections) {
  FakeStore store;
  store.rows = {binding("a@x", "sip:live", kNow + 60), binding("a@x", "sip:dead", kNow),
                binding("b@x", "sip:old", kNow - 100)};
  LocationService loc(&store);
  loc.restore(kNow);
  EXPECT_EQ(loc.size(), 1u);
  auto b = loc.lookup("a@x", kNow);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].contact, "sip:live");
  EXPECT_EQ(b[0].connection, 0u);
  EXPECT_EQ(b[0].source, (Endpoint{IpAddress::v4(0xC000020A), 5062}));
  std::sort(store.removed.begin(), store.removed.end());
  EXPECT_EQ(store.removed, (std::vector<std::string>{"a@x sip:dead", "b@x sip:old"}));
  EXPECT_TRUE(store.saved.empty());
}

TEST(LocationService, RestoreWithoutStoreDoesNothing) {
  LocationService loc;
  loc.restore(kNow);
  EXPECT_EQ(loc.size(), 0u);
}

TEST(LocationService, ForEachVisitsEveryBinding) {
  LocationService loc;
  for (int i = 0; i < 50; ++i) loc.upsert(binding("u" + std::to_string(i) + "@x", "sip:1", kNow + 100), 5);
  size_t n = 0;
  loc.for_each([&](const Binding&) { ++n; });
  EXPECT_EQ(n, 50u);
}

}  // namespace
}  // namespace vg::proxy
