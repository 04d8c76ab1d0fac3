#include "admin/admin_service.h"

#include <chrono>

#include "admin/recovery_codes.h"
#include "admin/totp.h"

namespace vg::admin {

namespace {

bool valid_username(std::string_view u) {
  if (u.empty() || u.size() > 64) return false;
  for (char c : u) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-' || c == '@';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string_view to_string(LoginResult r) {
  switch (r) {
    case LoginResult::kOk: return "ok";
    case LoginResult::kRejected: return "rejected";
    case LoginResult::kLocked: return "locked";
    case LoginResult::kStoreError: return "store_error";
  }
  return "unknown";
}

AdminService::AdminService(store::AdminStore& store, PasswordHasher& hasher, LoginLimiter& limiter,
                           const Clock& clock, Random& random, events::EventSink& events, auth::PasswordPolicy policy,
                           std::string issuer)
    : store_(store),
      hasher_(hasher),
      limiter_(limiter),
      clock_(clock),
      random_(random),
      events_(events),
      policy_(policy),
      issuer_(std::move(issuer)) {}

void AdminService::audit(std::string_view actor, std::string_view action, std::string_view target,
                         std::string_view source, std::string_view detail) {
  const int64_t ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_.wall().time_since_epoch()).count();
  // The audit row is best effort: a login must not fail because the log could not be written.
  (void)store_.audit(store::AuditEntry{ms, std::string(actor), std::string(action), std::string(target),
                                       std::string(source), std::string(detail)});
}

void AdminService::event(std::string kind, events::Severity severity, std::string_view user, std::string_view source,
                         std::string evidence) {
  events::Event e;
  e.time_ms = std::chrono::duration_cast<std::chrono::milliseconds>(clock_.wall().time_since_epoch()).count();
  e.kind = std::move(kind);
  e.severity = severity;
  e.account = std::string(user);
  e.filter = "admin";
  e.evidence = std::move(evidence);
  if (!source.empty()) e.fields = {{"source", std::string(source)}};
  events_.emit(std::move(e));
}

Result<void, std::string> AdminService::check_policy(std::string_view username, std::string_view password) const {
  auto v = auth::check_password(password, auth::PasswordContext{username, {}, {}, issuer_}, policy_);
  if (v.empty()) return {};
  std::string msg = "password rejected:";
  for (const auto& x : v) msg += " " + x.message + ";";
  msg.pop_back();
  return unexpected(msg);
}

Result<Enrolment, std::string> AdminService::enrol(std::string_view username) {
  Enrolment e;
  e.totp_secret = new_totp_secret(random_);
  if (e.totp_secret.empty()) return unexpected(std::string("cannot create a TOTP secret"));
  e.otpauth_uri = otpauth_uri(issuer_, username, e.totp_secret);
  e.recovery_codes = new_recovery_codes(random_);
  std::vector<store::RecoveryCodeRow> rows;
  for (const auto& c : e.recovery_codes) {
    HashedCode h = hash_recovery_code(c, random_);
    rows.push_back(store::RecoveryCodeRow{0, std::move(h.salt), std::move(h.hash)});
  }
  if (auto r = store_.set_totp(username, e.totp_secret, clock_.unix_seconds()); !r || !*r) {
    return unexpected(r ? "no administrator " + std::string(username) : "store: " + r.error());
  }
  if (auto r = store_.replace_recovery_codes(username, rows); !r) return unexpected("store: " + r.error());
  return e;
}

Result<Enrolment, std::string> AdminService::add(std::string_view username, std::string_view password,
                                                 std::string_view actor) {
  if (!valid_username(username)) {
    return unexpected(std::string("administrator names are 1-64 letters, digits and . _ - @"));
  }
  std::string generated;
  if (password.empty()) {
    do {
      generated = auth::generate_password(random_, 20);
    } while (!check_policy(username, generated));
    password = generated;
  } else if (auto p = check_policy(username, password); !p) {
    return unexpected(p.error());
  }
  auto hash = hasher_.hash(password);
  if (!hash) return unexpected(hash.error());
  const int64_t now = clock_.unix_seconds();
  auto added = store_.add(store::AdminUser{std::string(username), *hash, "", 0, true, now, now});
  if (!added) return unexpected("store: " + added.error());
  if (!*added) return unexpected("administrator " + std::string(username) + " exists already");
  auto e = enrol(username);
  if (!e) return e;
  e->password = std::move(generated);
  audit(actor, "admin.add", username, "", "TOTP enrolled, 10 recovery codes");
  event("admin.added", events::Severity::kNotice, username, "", "administrator created by " + std::string(actor));
  return e;
}

Result<void, std::string> AdminService::set_password(std::string_view username, std::string_view password,
                                                     std::string_view actor) {
  if (auto p = check_policy(username, password); !p) return p;
  auto hash = hasher_.hash(password);
  if (!hash) return unexpected(hash.error());
  auto r = store_.set_password_hash(username, *hash, clock_.unix_seconds());
  if (!r) return unexpected("store: " + r.error());
  if (!*r) return unexpected("no administrator " + std::string(username));
  audit(actor, "admin.passwd", username, "", "");
  return {};
}

Result<Enrolment, std::string> AdminService::reset_totp(std::string_view username, std::string_view actor) {
  auto e = enrol(username);
  if (!e) return e;
  audit(actor, "admin.reset_totp", username, "", "new TOTP secret and recovery codes");
  event("admin.totp_reset", events::Severity::kNotice, username, "", "TOTP reset by " + std::string(actor));
  return e;
}

Result<void, std::string> AdminService::set_enabled(std::string_view username, bool enabled, std::string_view actor) {
  auto r = store_.set_enabled(username, enabled, clock_.unix_seconds());
  if (!r) return unexpected("store: " + r.error());
  if (!*r) return unexpected("no administrator " + std::string(username));
  audit(actor, enabled ? "admin.enable" : "admin.disable", username, "", "");
  return {};
}

bool AdminService::second_factor(const store::AdminUser& user, std::string_view code, std::string& how) {
  if (user.totp_secret.empty()) {
    how = "no second factor enrolled";
    return false;
  }
  if (auto step = totp_verify(user.totp_secret, code, clock_.unix_seconds(), user.totp_last_step)) {
    auto stored = store_.advance_totp_step(user.username, *step);
    how = stored && *stored ? "totp" : "totp code already used";
    return stored && *stored;
  }
  auto codes = store_.unused_recovery_codes(user.username);
  if (codes) {
    for (const auto& c : *codes) {
      if (!recovery_code_matches(HashedCode{c.salt, c.code_hash}, code)) continue;
      auto used = store_.use_recovery_code(c.id, clock_.unix_seconds());
      how = used && *used ? "recovery code (" + std::to_string(codes->size() - 1) + " left)" : "recovery code reused";
      return used && *used;
    }
  }
  how = "wrong or reused code";
  return false;
}

LoginResult AdminService::login(const LoginRequest& req) {
  if (!limiter_.allowed(req.username, req.source)) {
    audit(req.username, "login.locked", req.username, req.source, "refused during lockout");
    return LoginResult::kLocked;
  }
  auto user = store_.find(req.username);
  if (!user) return LoginResult::kStoreError;
  // One argon2id verification whether or not the user exists (a dummy hash otherwise), so the
  // answer's timing does not reveal which administrator names exist.
  const bool password_ok = hasher_.verify(*user ? (*user)->password_hash : std::string_view{}, req.password);
  std::string why;
  bool ok = false;
  if (!*user) {
    why = "unknown user";
  } else if (!password_ok) {
    why = "wrong password";
  } else if (!(*user)->enabled) {
    why = "administrator disabled";
  } else {
    ok = second_factor(**user, req.code, why);
  }
  if (!ok) {
    limiter_.failure(req.username, req.source);
    audit(req.username, "login.failure", req.username, req.source, why);
    event("admin.login_failure", events::Severity::kWarning, req.username, req.source, why);
    return LoginResult::kRejected;
  }
  limiter_.success(req.username);
  audit(req.username, "login.success", req.username, req.source, why);
  event("admin.login", events::Severity::kInfo, req.username, req.source, "second factor: " + why);
  return LoginResult::kOk;
}

}  // namespace vg::admin
