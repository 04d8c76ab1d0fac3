// Administrator accounts and login: the one implementation behind `voipguard admin` and the web
// console. Passwords follow the password policy and are hashed with argon2id; every administrator
// has a TOTP second factor and ten recovery codes from creation on; logins are rate-limited per
// user and per source (LoginLimiter); every change and every login attempt goes to the audit log.
// Used by one thread at a time (its store connection and hasher are not shared).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "admin/login_limiter.h"
#include "admin/password_hash.h"
#include "auth/password_policy.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "events/sink.h"
#include "store/admin_store.h"

namespace vg::admin {

// What a new administrator (or a TOTP reset) hands to the person, once.
struct Enrolment {
  std::string password;  // only when generated
  std::string totp_secret;
  std::string otpauth_uri;
  std::vector<std::string> recovery_codes;
};

enum class LoginResult {
  kOk,
  kRejected,    // unknown user, wrong password, wrong or reused code, disabled: one answer for all
  kLocked,      // too many failures for this user or source; nothing was checked
  kStoreError,  // the database failed; nothing was decided
};
std::string_view to_string(LoginResult r);

struct LoginRequest {
  std::string_view username;
  std::string_view password;
  std::string_view code;  // 6-digit TOTP code, or a recovery code
  std::string_view source;  // client address, for the limiter and the audit log
};

class AdminService {
 public:
  AdminService(store::AdminStore& store, PasswordHasher& hasher, LoginLimiter& limiter, const Clock& clock,
               Random& random, events::EventSink& events, auth::PasswordPolicy policy = {},
               std::string issuer = "voipguard");

  // Creates an administrator; an empty password generates one (returned in Enrolment::password).
  // Errors: policy violations (joined), existing user, store failure.
  Result<Enrolment, std::string> add(std::string_view username, std::string_view password, std::string_view actor);
  Result<void, std::string> set_password(std::string_view username, std::string_view password, std::string_view actor);
  // New TOTP secret and new recovery codes (the old ones stop working).
  Result<Enrolment, std::string> reset_totp(std::string_view username, std::string_view actor);
  Result<void, std::string> set_enabled(std::string_view username, bool enabled, std::string_view actor);

  LoginResult login(const LoginRequest& req);

 private:
  Result<void, std::string> check_policy(std::string_view username, std::string_view password) const;
  Result<Enrolment, std::string> enrol(std::string_view username);
  bool second_factor(const store::AdminUser& user, std::string_view code, std::string& how);
  void audit(std::string_view actor, std::string_view action, std::string_view target, std::string_view source,
             std::string_view detail);
  void event(std::string kind, events::Severity severity, std::string_view user, std::string_view source,
             std::string evidence);

  store::AdminStore& store_;
  PasswordHasher& hasher_;
  LoginLimiter& limiter_;
  const Clock& clock_;
  Random& random_;
  events::EventSink& events_;
  auth::PasswordPolicy policy_;
  std::string issuer_;
};

}  // namespace vg::admin
