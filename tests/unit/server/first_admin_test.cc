// The first administrator at first start: created once with a generated password (argon2id-hashed,
// TOTP and ten recovery codes enrolled), the password kept only in generated-credentials.txt (0600)
// and the text to print; no second one on the next start or when the CLI created one before.
#include "server/first_admin.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "../store/temp_dir.h"
#include "store/admin_store.h"
#include "store/store.h"

namespace vg::server {
namespace {

class FirstAdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::StoreOptions o;
    o.sqlite_path = dir_.file("v.db");
    auto c = store::connect(o);
    ASSERT_TRUE(c.has_value()) << c.error();
    conn_ = std::move(*c);
    auto v = VarState::open(dir_.file("var"));
    ASSERT_TRUE(v.has_value()) << v.error();
    var_ = std::make_unique<VarState>(std::move(*v));
  }

  Result<std::string, std::string> ensure() {
    return ensure_first_admin(*conn_, *var_, auth::PasswordPolicy{}, clock_, random_, events_, admin::minimal_cost());
  }
  std::string credentials_file() const { return dir_.file("var") + "/generated-credentials.txt"; }
  std::string read_credentials() const {
    std::ifstream in(credentials_file());
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  store::TempDir dir_;
  FakeClock clock_{1'700'000'000};
  SeededRandom random_{7};
  events::RecordingSink events_;
  std::unique_ptr<store::Connection> conn_;
  std::unique_ptr<VarState> var_;
};

std::string line_value(const std::string& text, const std::string& prefix) {
  const auto at = text.find(prefix);
  if (at == std::string::npos) return {};
  const auto begin = at + prefix.size();
  return text.substr(begin, text.find('\n', begin) - begin);
}

TEST_F(FirstAdminTest, AnEmptyStoreGetsOneAdministratorAnnouncedOnce) {
  auto text = ensure();
  ASSERT_TRUE(text.has_value()) << text.error();
  const std::string password = line_value(*text, "  password: ");
  ASSERT_GE(password.size(), 20u) << *text;
  EXPECT_NE(text->find("otpauth://totp/"), std::string::npos);

  store::AdminStore admins(*conn_);
  auto user = admins.find(kFirstAdminName);
  ASSERT_TRUE(user.has_value() && user->has_value());
  const auto& u = **user;
  EXPECT_TRUE(u.enabled);
  EXPECT_EQ(u.password_hash.rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(u.password_hash.find(password), std::string::npos);
  auto hasher = admin::PasswordHasher::create(admin::minimal_cost());
  ASSERT_TRUE(hasher.has_value());
  EXPECT_TRUE(hasher->verify(u.password_hash, password));
  EXPECT_FALSE(hasher->verify(u.password_hash, password + "x"));
  EXPECT_FALSE(u.totp_secret.empty());
  EXPECT_NE(text->find(u.totp_secret), std::string::npos);  // the otpauth URI carries it
  auto codes = admins.unused_recovery_codes(kFirstAdminName);
  ASSERT_TRUE(codes.has_value());
  EXPECT_EQ(codes->size(), 10u);

  // The one copy besides the terminal: a 0600 file under var/.
  EXPECT_EQ(read_credentials(), "admin (administrator): " + password + "\n");
  struct stat st {};
  ASSERT_EQ(::stat(credentials_file().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  // One event, naming the administrator and never a secret.
  ASSERT_EQ(events_.count("admin.added"), 1u);
  for (const auto& e : events_.events()) {
    EXPECT_EQ(e.evidence.find(password), std::string::npos);
    for (const auto& [k, v] : e.fields) EXPECT_EQ(v.find(password), std::string::npos) << k;
  }

  // The next start: nothing created, nothing printed, the file untouched.
  auto again = ensure();
  ASSERT_TRUE(again.has_value()) << again.error();
  EXPECT_EQ(*again, "");
  EXPECT_EQ(*admins.count(), 1);
  EXPECT_EQ(read_credentials(), "admin (administrator): " + password + "\n");
  EXPECT_EQ(events_.count("admin.added"), 1u);
}

TEST_F(FirstAdminTest, AnAdministratorFromTheCliMeansNoneIsCreated) {
  store::AdminStore admins(*conn_);
  // Even a disabled one: the operator chose the administrators; a start must not add a way in.
  ASSERT_TRUE(*admins.add(store::AdminUser{"alice", "$argon2id$v=19$stub", "", 0, false, 1, 1}));
  auto text = ensure();
  ASSERT_TRUE(text.has_value()) << text.error();
  EXPECT_EQ(*text, "");
  EXPECT_EQ(*admins.count(), 1);
  auto admin = admins.find(kFirstAdminName);
  ASSERT_TRUE(admin.has_value());
  EXPECT_FALSE(admin->has_value());
  EXPECT_EQ(events_.count("admin.added"), 0u);
  struct stat st {};
  EXPECT_NE(::stat(credentials_file().c_str(), &st), 0);
}

}  // namespace
}  // namespace vg::server
