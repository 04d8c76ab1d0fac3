// Tests for src/auth/nonce.cc: format, lifetime edges, tampering, realm binding, secret rotation.
#include "auth/nonce.h"

#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <set>
#include <string>

namespace vg::auth {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kRealm = "example.com";

class NonceTest : public ::testing::Test {
 protected:
  NonceManager make(std::chrono::seconds lifetime = 300s) {
    auto m = NonceManager::create(secret_, lifetime);
    EXPECT_TRUE(m.has_value());
    return std::move(m).value();
  }
  std::string issue(const NonceManager& m, std::string_view realm = kRealm) {
    auto n = m.issue(realm, clock_, random_);
    EXPECT_TRUE(n.has_value());
    return n.value_or(std::string());
  }

  FakeClock clock_{1'700'000'000};
  SeededRandom random_{7};
  Secret secret_ = generate_secret(random_);
};

std::string hex_of(const std::array<uint8_t, kNonceBytes>& raw) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : raw) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

std::array<uint8_t, kNonceBytes> raw_of(std::string_view hex) {
  std::array<uint8_t, kNonceBytes> raw{};
  for (size_t i = 0; i < raw.size(); ++i) raw[i] = static_cast<uint8_t>(std::stoi(std::string(hex.substr(2 * i, 2)), nullptr, 16));
  return raw;
}

TEST_F(NonceTest, FormatIsLowerHexAndCarriesIssueTime) {
  auto m = make();
  std::string n = issue(m);
  ASSERT_EQ(n.size(), kNonceChars);
  EXPECT_EQ(n.find_first_not_of("0123456789abcdef"), std::string::npos);
  // First 8 bytes: big-endian issue time in milliseconds.
  EXPECT_EQ(n.substr(0, 16), "0000018bcfe56800");  // 1'700'000'000'000
  auto check = m.verify(n, kRealm, clock_);
  EXPECT_EQ(check.status, NonceStatus::kValid);
  EXPECT_EQ(check.issued_ms, 1'700'000'000'000);
  EXPECT_EQ(check.id.issued, 1'700'000'000'000u);
}

TEST_F(NonceTest, NoncesAreDistinct) {
  auto m = make();
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(issue(m));
  EXPECT_EQ(seen.size(), 1000u);
}

TEST_F(NonceTest, LifetimeEdges) {
  auto m = make(300s);
  std::string n = issue(m);
  clock_.advance(std::chrono::milliseconds(299'999));
  EXPECT_EQ(m.verify(n, kRealm, clock_).status, NonceStatus::kValid);
  clock_.advance(std::chrono::milliseconds(1));
  auto check = m.verify(n, kRealm, clock_);
  EXPECT_EQ(check.status, NonceStatus::kStale);
  EXPECT_EQ(check.issued_ms, 1'700'000'000'000);  // still identified: the MAC is right
  clock_.advance_seconds(1'000'000);
  EXPECT_EQ(m.verify(n, kRealm, clock_).status, NonceStatus::kStale);
}

TEST_F(NonceTest, FutureNonceAfterClockStepBackIsStale) {
  auto m = make();
  std::string n = issue(m);
  clock_.advance(std::chrono::milliseconds(-1));
  EXPECT_EQ(m.verify(n, kRealm, clock_).status, NonceStatus::kStale);
}

TEST_F(NonceTest, EveryFlippedByteIsInvalid) {
  auto m = make();
  std::string n = issue(m);
  const auto raw = raw_of(n);
  ASSERT_EQ(hex_of(raw), n);
  for (size_t i = 0; i < raw.size(); ++i) {
    for (uint8_t flip : {uint8_t{0x01}, uint8_t{0x80}, uint8_t{0xff}}) {
      auto t = raw;
      t[i] ^= flip;
      EXPECT_EQ(m.verify(hex_of(t), kRealm, clock_).status, NonceStatus::kInvalid) << "byte " << i;
    }
  }
}

TEST_F(NonceTest, MalformedSpellingsAreInvalid) {
  auto m = make();
  std::string n = issue(m);
  std::string upper = n;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string cases[] = {"",
                               n.substr(1),
                               n + "0",
                               upper,
                               "\"" + n + "\"",
                               n.substr(0, 63) + "g",
                               std::string(64, '0'),
                               std::string(1000, 'a'),
                               n.substr(0, 32),
                               std::string(n).replace(10, 1, "\0", 1)};
  for (const auto& c : cases) {
    if (c == n) continue;  // upper == n only if n had no letters
    EXPECT_EQ(m.verify(c, kRealm, clock_).status, NonceStatus::kInvalid) << c;
  }
}

TEST_F(NonceTest, BoundToRealm) {
  auto m = make();
  std::string n = issue(m, "a.example.com");
  EXPECT_EQ(m.verify(n, "a.example.com", clock_).status, NonceStatus::kValid);
  EXPECT_EQ(m.verify(n, "b.example.com", clock_).status, NonceStatus::kInvalid);
  EXPECT_EQ(m.verify(n, "A.example.com", clock_).status, NonceStatus::kInvalid);
  EXPECT_EQ(m.verify(n, "", clock_).status, NonceStatus::kInvalid);
}

TEST_F(NonceTest, OtherSecretIsInvalid) {
  auto m = make();
  Secret other = generate_secret(random_);
  auto m2 = NonceManager::create(other, 300s);
  ASSERT_TRUE(m2.has_value());
  EXPECT_EQ(m2->verify(issue(m), kRealm, clock_).status, NonceStatus::kInvalid);
}

TEST_F(NonceTest, RotationAcceptsPreviousSecretOnce) {
  auto m0 = make();
  std::string n0 = issue(m0);
  auto m1 = m0.rotated(generate_secret(random_));
  ASSERT_TRUE(m1.has_value());
  std::string n1 = issue(*m1);
  EXPECT_EQ(m1->verify(n0, kRealm, clock_).status, NonceStatus::kValid);
  EXPECT_EQ(m1->verify(n1, kRealm, clock_).status, NonceStatus::kValid);
  EXPECT_EQ(m0.verify(n1, kRealm, clock_).status, NonceStatus::kInvalid);  // old manager: new secret unknown
  auto m2 = m1->rotated(generate_secret(random_));
  ASSERT_TRUE(m2.has_value());
  EXPECT_EQ(m2->verify(n0, kRealm, clock_).status, NonceStatus::kInvalid);  // retired
  EXPECT_EQ(m2->verify(n1, kRealm, clock_).status, NonceStatus::kValid);
  EXPECT_EQ(m2->lifetime(), 300s);
}

TEST_F(NonceTest, CreateWithPreviousSecret) {
  Secret old = generate_secret(random_);
  auto before = NonceManager::create(old, 60s);
  ASSERT_TRUE(before.has_value());
  std::string n = issue(*before);
  auto m = NonceManager::create(secret_, old, 60s);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->verify(n, kRealm, clock_).status, NonceStatus::kValid);
}

TEST_F(NonceTest, LifetimeMustBePositive) {
  EXPECT_EQ(NonceManager::create(secret_, 0s).error(), AuthError::kBadOption);
  EXPECT_EQ(NonceManager::create(secret_, -5s).error(), AuthError::kBadOption);
  EXPECT_EQ(NonceManager::create(secret_, secret_, 0s).error(), AuthError::kBadOption);
}

}  // namespace
}  // namespace vg::auth
