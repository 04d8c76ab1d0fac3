// `voipguard admin add|passwd|reset-totp|list|disable|enable`: administrators of the console
// (docs/admin.md). There is no default administrator: the first is created here. `add` and
// `reset-totp` print the TOTP enrolment (otpauth:// URI and a QR code for an authenticator app) and
// ten recovery codes, once; only their hashes (and the TOTP key) are stored.
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "admin/admin_service.h"
#include "admin/qr.h"
#include "cli_store.h"
#include "core/clock.h"
#include "core/random.h"
#include "subcommands.h"

namespace vg::app {

namespace {

class AdminCommand : public Command {
 public:
  int result() const override { return status_; }
  void run(const std::string& action);
  StoreArgs store_args_;
  std::string user_;
  bool generate_ = false;
  bool password_stdin_ = false;
  bool json_ = false;
  bool no_qr_ = false;
  int status_ = 0;

 private:
  int fail(const std::string& m) {
    std::cerr << "voipguard admin: " << m << "\n";
    return 1;
  }
  void print_enrolment(const admin::Enrolment& e) const;
};

void AdminCommand::print_enrolment(const admin::Enrolment& e) const {
  if (!e.password.empty()) std::cout << "password (shown once, not stored): " << e.password << "\n";
  std::cout << "TOTP: add this account to an authenticator app (RFC 6238, SHA-1, 6 digits, 30 s):\n  "
            << e.otpauth_uri << "\n";
  if (!no_qr_) std::cout << admin::qr_terminal(e.otpauth_uri);
  std::cout << "recovery codes (each works once; shown once, only their hashes are stored):\n";
  for (const auto& c : e.recovery_codes) std::cout << "  " << c << "\n";
}

void AdminCommand::run(const std::string& action) {
  auto s = open_store(store_args_);
  if (!s) {
    status_ = fail(s.error());
    return;
  }
  store::AdminStore admins(*s->conn);
  if (action == "list") {
    auto all = admins.list();
    if (!all) {
      status_ = fail("store: " + all.error());
      return;
    }
    nlohmann::json out = nlohmann::json::array();
    for (const auto& u : *all) {
      out.push_back({{"username", u.username},
                     {"enabled", u.enabled},
                     {"totp", !u.totp_secret.empty()},
                     {"created_at", u.created_at},
                     {"updated_at", u.updated_at}});
    }
    if (json_) {
      std::cout << out.dump(2) << "\n";
    } else {
      for (const auto& u : out) {
        std::cout << u["username"].get<std::string>() << "  " << (u["enabled"].get<bool>() ? "enabled" : "disabled")
                  << "  " << (u["totp"].get<bool>() ? "totp" : "no-totp") << "\n";
      }
    }
    return;
  }
  SystemClock clock;
  SystemRandom random;
  events::NullSink events;  // the CLI's record is the audit log
  auto hasher = admin::PasswordHasher::create();
  if (!hasher) {
    status_ = fail(hasher.error());
    return;
  }
  admin::LoginLimiter limiter(clock, events);
  admin::AdminService service(admins, *hasher, limiter, clock, random, events, s->config.auth.password_policy);
  std::string password;
  if ((action == "add" && password_stdin_) || action == "passwd") {
    if (action == "passwd" && generate_ == password_stdin_) {
      status_ = fail("give exactly one of --generate or --password-stdin");
      return;
    }
    if (password_stdin_) {
      auto line = read_secret_line();
      if (!line || line->empty()) {
        status_ = fail("no password on standard input");
        return;
      }
      password = *line;
    }
  }
  if (action == "add") {
    auto e = service.add(user_, password, "cli");
    if (!e) {
      status_ = fail(e.error());
      return;
    }
    std::cout << "added administrator " << user_ << "\n";
    print_enrolment(*e);
  } else if (action == "passwd") {
    if (generate_) {
      do {
        password = auth::generate_password(random, 20);
      } while (!auth::check_password(password, {user_, {}, {}, "voipguard"}, s->config.auth.password_policy).empty());
    }
    auto r = service.set_password(user_, password, "cli");
    if (!r) {
      status_ = fail(r.error());
      return;
    }
    std::cout << "password changed for " << user_ << "\n";
    if (generate_) std::cout << "password (shown once, not stored): " << password << "\n";
  } else if (action == "reset-totp") {
    auto e = service.reset_totp(user_, "cli");
    if (!e) {
      status_ = fail(e.error());
      return;
    }
    std::cout << "new TOTP secret and recovery codes for " << user_ << " (the old ones no longer work)\n";
    print_enrolment(*e);
  } else if (action == "disable" || action == "enable") {
    auto r = service.set_enabled(user_, action == "enable", "cli");
    if (!r) {
      status_ = fail(r.error());
      return;
    }
    std::cout << action << "d administrator " << user_ << "\n";
  }
  std::fill(password.begin(), password.end(), '\0');
}

}  // namespace

std::shared_ptr<Command> add_admin_command(CLI::App& app) {
  auto cmd = std::make_shared<AdminCommand>();
  auto* admin = app.add_subcommand("admin", "Manage console administrators (argon2id passwords, TOTP 2FA)");
  admin->require_subcommand(1);
  struct Action {
    const char* name;
    const char* help;
  };
  static constexpr Action kActions[] = {
      {"add", "Create an administrator: prints a generated password (or reads --password-stdin), TOTP enrolment and recovery codes"},
      {"passwd", "Set a new password (--generate or --password-stdin)"},
      {"reset-totp", "New TOTP secret and recovery codes (lost device)"},
      {"list", "List administrators"},
      {"disable", "Disable an administrator (no login)"},
      {"enable", "Enable a disabled administrator"},
  };
  for (const Action& a : kActions) {
    auto* sub = admin->add_subcommand(a.name, a.help);
    add_store_options(*sub, cmd->store_args_);
    const std::string name = a.name;
    if (name != "list") sub->add_option("user", cmd->user_, "Administrator name")->required();
    if (name == "add" || name == "passwd") {
      sub->add_flag("--password-stdin", cmd->password_stdin_, "Read the password from standard input");
    }
    if (name == "passwd") sub->add_flag("--generate", cmd->generate_, "Generate a strong password and print it once");
    if (name == "add" || name == "reset-totp") sub->add_flag("--no-qr", cmd->no_qr_, "Do not draw the QR code");
    if (name == "list") sub->add_flag("--json", cmd->json_, "JSON output");
    sub->callback([cmd, name] { cmd->run(name); });
  }
  return cmd;
}

}  // namespace vg::app
