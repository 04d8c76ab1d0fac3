// Administrators end to end through the library, on a SQLite store: argon2id hashing and verify,
// the same work for unknown users, TOTP login with replay refused, single-use recovery codes,
// disabled users, and the lockout with its alert event.
#include "admin/admin_service.h"

#include <gtest/gtest.h>

#include "../store/temp_dir.h"
#include "admin/recovery_codes.h"
#include "admin/totp.h"
#include "store/store.h"

namespace vg::admin {
namespace {

constexpr std::string_view kStrong = "Heron_Lamp_Quartz_4%";

class AdminServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::StoreOptions o;
    o.sqlite_path = dir_.file("admin.db");
    auto c = store::connect(o);
    ASSERT_TRUE(c.has_value()) << c.error();
    conn_ = std::move(*c);
    store_ = std::make_unique<store::AdminStore>(*conn_);
    auto h = PasswordHasher::create(minimal_cost());
    ASSERT_TRUE(h.has_value()) << h.error();
    hasher_ = std::make_unique<PasswordHasher>(std::move(*h));
    limiter_ = std::make_unique<LoginLimiter>(clock_, events_, LoginLimits{3, 5, std::chrono::seconds(60),
                                                                           std::chrono::seconds(300)});
    service_ = std::make_unique<AdminService>(*store_, *hasher_, *limiter_, clock_, random_, events_);
  }

  Enrolment add(std::string_view user, std::string_view password = kStrong) {
    auto e = service_->add(user, password, "test");
    EXPECT_TRUE(e.has_value()) << (e ? "" : e.error());
    return e ? *e : Enrolment{};
  }
  std::string code_now(const Enrolment& e, int64_t offset = 0) {
    return *totp_code(e.totp_secret, clock_.unix_seconds() + offset);
  }
  LoginResult login(std::string_view user, std::string_view password, std::string_view code,
                    std::string_view source = "192.0.2.1") {
    return service_->login(LoginRequest{user, password, code, source});
  }

  store::TempDir dir_;
  FakeClock clock_{1'700'000'000};
  SeededRandom random_{99};
  events::RecordingSink events_;
  std::unique_ptr<store::Connection> conn_;
  std::unique_ptr<store::AdminStore> store_;
  std::unique_ptr<PasswordHasher> hasher_;
  std::unique_ptr<LoginLimiter> limiter_;
  std::unique_ptr<AdminService> service_;
};

TEST_F(AdminServiceTest, Argon2idHashAndVerify) {
  auto h = hasher_->hash(kStrong);
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(hasher_->verify(*h, kStrong));
  EXPECT_FALSE(hasher_->verify(*h, "Heron_Lamp_Quartz_5%"));
  EXPECT_FALSE(hasher_->verify("", kStrong));  // no stored hash: never true
  EXPECT_NE(*hasher_->hash(kStrong), *h);      // salted
}

TEST_F(AdminServiceTest, AddEnrolsTotpAndRecoveryCodes) {
  Enrolment e = add("alice");
  EXPECT_TRUE(e.password.empty());  // given, not generated
  EXPECT_EQ(e.totp_secret.size(), 32u);
  EXPECT_EQ(e.otpauth_uri.rfind("otpauth://totp/voipguard:alice?secret=" + e.totp_secret, 0), 0u);
  EXPECT_EQ(e.recovery_codes.size(), 10u);
  auto u = store_->find("alice");
  ASSERT_TRUE(u && *u);
  EXPECT_EQ((*u)->password_hash.find(kStrong), std::string::npos);
  const auto rows = store_->unused_recovery_codes("alice");
  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(rows->size(), 10u);
  for (const auto& r : *rows) {
    for (const auto& c : e.recovery_codes) EXPECT_EQ(r.code_hash.find(c), std::string::npos);
  }
  EXPECT_FALSE(service_->add("alice", kStrong, "test").has_value());  // exists
}

TEST_F(AdminServiceTest, GeneratedPasswordPassesPolicyAndWorks) {
  Enrolment e = add("bob", "");
  ASSERT_EQ(e.password.size(), 20u);
  EXPECT_TRUE(auth::check_password(e.password, {"bob", {}, {}, "voipguard"}).empty());
  EXPECT_EQ(login("bob", e.password, code_now(e)), LoginResult::kOk);
}

TEST_F(AdminServiceTest, WeakPasswordRefusedWithRule) {
  auto r = service_->add("carol", "Password123!", "test");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().find("common"), std::string::npos);
  EXPECT_EQ(r.error().find("Password123!"), std::string::npos);
  auto r2 = service_->add("carol", "Carol-Is-Great-9!", "test");
  ASSERT_FALSE(r2.has_value());
  EXPECT_NE(r2.error().find("username"), std::string::npos);
  EXPECT_FALSE(store_->find("carol")->has_value());
}

TEST_F(AdminServiceTest, LoginNeedsPasswordAndTotpAndRefusesReplay) {
  Enrolment e = add("alice");
  const std::string code = code_now(e);
  EXPECT_EQ(login("alice", "Heron_Lamp_Quartz_5%", code), LoginResult::kRejected);  // wrong password
  EXPECT_EQ(login("alice", kStrong, "000000"), LoginResult::kRejected);              // wrong code
  EXPECT_EQ(login("alice", kStrong, code), LoginResult::kOk);
  EXPECT_EQ(login("alice", kStrong, code), LoginResult::kRejected);  // replayed code
  clock_.advance(std::chrono::seconds(30));
  EXPECT_EQ(login("alice", kStrong, code_now(e)), LoginResult::kOk);  // the next step's code
  EXPECT_EQ(events_.count("admin.login"), 2u);
  EXPECT_EQ(events_.count("admin.login_failure"), 3u);
  for (const auto& ev : events_.events()) {
    EXPECT_EQ(ev.evidence.find(kStrong), std::string::npos);
    EXPECT_EQ(ev.evidence.find(e.totp_secret), std::string::npos);
  }
}

TEST_F(AdminServiceTest, UnknownUserCostsOneVerificationLikeAKnownOne) {
  add("alice");
  const uint64_t before = hasher_->verifications();
  EXPECT_EQ(login("alice", "Wrong_Password_77!", "123456"), LoginResult::kRejected);
  const uint64_t known = hasher_->verifications() - before;
  EXPECT_EQ(login("mallory", "Wrong_Password_77!", "123456"), LoginResult::kRejected);
  const uint64_t unknown = hasher_->verifications() - before - known;
  EXPECT_EQ(known, 1u);
  EXPECT_EQ(unknown, 1u);  // against the dummy hash of the same cost
}

TEST_F(AdminServiceTest, RecoveryCodesAreSingleUse) {
  Enrolment e = add("alice");
  EXPECT_EQ(login("alice", kStrong, e.recovery_codes[3]), LoginResult::kOk);
  EXPECT_EQ(login("alice", kStrong, e.recovery_codes[3]), LoginResult::kRejected);
  std::string lower = e.recovery_codes[4];
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(login("alice", kStrong, lower), LoginResult::kOk);  // case and dashes do not matter
  EXPECT_EQ(store_->unused_recovery_codes("alice")->size(), 8u);
}

TEST_F(AdminServiceTest, ResetTotpReplacesSecretAndCodes) {
  Enrolment e = add("alice");
  auto r = service_->reset_totp("alice", "test");
  ASSERT_TRUE(r.has_value());
  EXPECT_NE(r->totp_secret, e.totp_secret);
  EXPECT_EQ(login("alice", kStrong, e.recovery_codes[0]), LoginResult::kRejected);
  EXPECT_EQ(login("alice", kStrong, code_now(*r)), LoginResult::kOk);
}

TEST_F(AdminServiceTest, DisabledUserRejected) {
  Enrolment e = add("alice");
  ASSERT_TRUE(service_->set_enabled("alice", false, "test").has_value());
  EXPECT_EQ(login("alice", kStrong, code_now(e)), LoginResult::kRejected);
  ASSERT_TRUE(service_->set_enabled("alice", true, "test").has_value());
  EXPECT_EQ(login("alice", kStrong, code_now(e, 30)), LoginResult::kOk);
}

TEST_F(AdminServiceTest, LockoutPerUserWithAlertThenExpires) {
  Enrolment e = add("alice");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(login("alice", "Wrong_Password_77!", "000000"), LoginResult::kRejected);
  EXPECT_EQ(events_.count("admin.lockout"), 1u);
  const uint64_t before = hasher_->verifications();
  EXPECT_EQ(login("alice", kStrong, code_now(e)), LoginResult::kLocked);  // even the right credentials
  EXPECT_EQ(hasher_->verifications(), before);                             // nothing checked
  clock_.advance(std::chrono::seconds(301));
  EXPECT_EQ(login("alice", kStrong, code_now(e)), LoginResult::kOk);
  auto ev = events_.events();
  auto it = std::find_if(ev.begin(), ev.end(), [](const events::Event& x) { return x.kind == "admin.lockout"; });
  ASSERT_NE(it, ev.end());
  EXPECT_EQ(it->severity, events::Severity::kCritical);
  EXPECT_EQ(it->account, "alice");
  EXPECT_EQ(it->field("source"), "192.0.2.1");
}

TEST_F(AdminServiceTest, LockoutPerSourceAcrossUsers) {
  add("alice");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(login("user" + std::to_string(i), "Wrong_Password_77!", "000000", "198.51.100.9"), LoginResult::kRejected);
  }
  EXPECT_EQ(login("alice", kStrong, "000000", "198.51.100.9"), LoginResult::kLocked);
  EXPECT_NE(login("alice", kStrong, "000000", "192.0.2.1"), LoginResult::kLocked);  // other sources unaffected
}

TEST_F(AdminServiceTest, AuditLogRecordsActions) {
  Enrolment e = add("alice");
  (void)login("alice", kStrong, code_now(e));
  auto log = store_->audit_log(10);
  ASSERT_TRUE(log.has_value());
  ASSERT_GE(log->size(), 2u);
  EXPECT_EQ((*log)[0].action, "login.success");
  EXPECT_EQ((*log)[1].action, "admin.add");
}

TEST(RecoveryCodes, ShapeAndHashing) {
  SeededRandom random(1);
  auto codes = new_recovery_codes(random);
  ASSERT_EQ(codes.size(), 10u);
  for (const auto& c : codes) EXPECT_EQ(c.size(), 19u);  // 4 groups of 4 and 3 dashes
  HashedCode h = hash_recovery_code(codes[0], random);
  EXPECT_TRUE(recovery_code_matches(h, codes[0]));
  EXPECT_FALSE(recovery_code_matches(h, codes[1]));
  EXPECT_NE(hash_recovery_code(codes[0], random).hash, h.hash);  // salted
}

}  // namespace
}  // namespace vg::admin
