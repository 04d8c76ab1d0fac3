#include "server/first_admin.h"

#include <algorithm>

#include "admin/admin_service.h"
#include "store/admin_store.h"

namespace vg::server {

Result<std::string, std::string> ensure_first_admin(store::Connection& conn, VarState& var,
                                                    const auth::PasswordPolicy& policy, const Clock& clock,
                                                    Random& random, events::EventSink& events, admin::HashCost cost) {
  store::AdminStore admins(conn);
  auto n = admins.count();
  if (!n) return unexpected("store: cannot count administrators: " + n.error());
  if (*n > 0) return std::string();
  // Only now pay for the hasher (its dummy hash is one argon2id run): later starts skip all this.
  auto hasher = admin::PasswordHasher::create(cost);
  if (!hasher) return unexpected(hasher.error());
  admin::LoginLimiter limiter(clock, events);
  admin::AdminService service(admins, *hasher, limiter, clock, random, events, policy);
  auto e = service.add(kFirstAdminName, "", "first-start");
  if (!e) {
    // Another gateway on the same PostgreSQL database won the race: it prints, we do not.
    if (auto again = admins.count(); again && *again > 0) return std::string();
    return unexpected("cannot create the first administrator: " + e.error());
  }
  std::string line = std::string(kFirstAdminName) + " (administrator): " + e->password;
  auto w = var.append_credential(line);
  std::fill(line.begin(), line.end(), '\0');
  if (!w) return unexpected(w.error());
  // One block; secret_scan.py (tests/e2e) recognises its first line and indented lines.
  std::string text = "First start: created administrator \"" + std::string(kFirstAdminName) +
                     "\" (shown once; the password is also in the var directory's generated-credentials.txt, "
                     "mode 0600; `voipguard admin reset-totp " + std::string(kFirstAdminName) +
                     "` shows a new QR code):\n";
  text += "  password: " + e->password + "\n";
  text += "  TOTP (RFC 6238, SHA-1, 6 digits, 30 s): " + e->otpauth_uri + "\n";
  text += "  recovery codes (each works once):";
  for (const auto& c : e->recovery_codes) text += " " + c;
  text += "\n";
  std::fill(e->password.begin(), e->password.end(), '\0');
  return text;
}

}  // namespace vg::server
