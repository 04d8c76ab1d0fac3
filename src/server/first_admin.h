// The first administrator (issue 7: "no default admin: the first one is created by the CLI, or at
// first start with a random password printed once"). At start, when the store holds no
// administrator at all, one named `admin` is created with a generated password, a TOTP secret and
// ten recovery codes (admin::AdminService::add); the caller prints the returned text once on the
// terminal, never through the log. The password is also appended to the var directory's
// generated-credentials.txt (mode 0600), like the generated SIP account passwords.
#pragma once

#include <string>

#include "admin/password_hash.h"
#include "auth/password_policy.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "events/sink.h"
#include "server/var_state.h"
#include "store/connection.h"

namespace vg::server {

inline constexpr std::string_view kFirstAdminName = "admin";

// Creates the first administrator if `conn`'s store has none. Returns the text to print once (the
// name, password, otpauth:// URI and recovery codes), or an empty string when an administrator
// existed already (also when another node created one at the same moment). The admin.added event
// goes to `events`; it names the administrator, never a secret.
Result<std::string, std::string> ensure_first_admin(store::Connection& conn, VarState& var,
                                                    const auth::PasswordPolicy& policy, const Clock& clock,
                                                    Random& random, events::EventSink& events,
                                                    admin::HashCost cost = {});

}  // namespace vg::server
