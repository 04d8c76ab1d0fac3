// `voipguard account add|passwd|disable|enable|delete|list|show`: SIP accounts in the store
// (docs/accounts.md). `enable` also lifts a toll-fraud suspension (docs/fraud.md) of any account,
// from the store, the configuration file or an edge tenant's PBX. Only HA1 hashes (MD5 and SHA-256, realm = tenant domain) are written; a
// password comes from --generate (shown once) or standard input (--password-stdin), never from
// the command line, and must pass the configured password policy. A running gateway picks the
// change up within a second, without restart.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "auth/digest.h"
#include "auth/password_policy.h"
#include "cli_store.h"
#include "core/random.h"
#include "store/account_store.h"
#include "store/admin_store.h"
#include "store/fraud_suspensions.h"
#include "subcommands.h"

namespace vg::app {

namespace {

constexpr int kExitError = 1;
constexpr int kExitUsage = 2;

class AccountCommand : public Command {
 public:
  int result() const override { return status_; }
  int status_ = 0;
  StoreArgs store_args_;
  std::string user_;
  std::string tenant_;
  bool generate_ = false;
  bool password_stdin_ = false;
  std::string allow_from_;
  bool json_ = false;

  void run(const std::string& action);

 private:
  int fail(const std::string& message, int code = kExitError) {
    std::cerr << "voipguard account: " << message << "\n";
    return code;
  }
  int add(OpenedStore& s, const config::Tenant& t);
  int passwd(OpenedStore& s, const config::Tenant& t);
  int set_enabled(OpenedStore& s, const config::Tenant& t, bool enabled);
  int enable(OpenedStore& s, const config::Tenant& t);
  // Adds "fraud_suspension" to j when the account is suspended (false on a store error).
  bool add_suspension(OpenedStore& s, const config::Tenant& t, nlohmann::json& j);
  int remove(OpenedStore& s, const config::Tenant& t);
  int list(OpenedStore& s);
  int show(OpenedStore& s, const config::Tenant& t);
  // The password to store: generated (and printed once) or read from stdin, checked by the policy.
  Result<std::string, std::string> new_password(const config::Config& cfg, const config::Tenant& t);
  void audit(OpenedStore& s, std::string_view action, std::string_view target);
};

// The registrar-mode tenant (any tenant with allow_edge) named by --tenant, or the only one.
Result<const config::Tenant*, std::string> pick_tenant(const config::Config& cfg, const std::string& name,
                                                       bool allow_edge) {
  const config::Tenant* only = nullptr;
  size_t count = 0;
  for (const auto& t : cfg.tenants) {
    if (t.mode != config::Mode::kRegistrar && !allow_edge) continue;
    ++count;
    only = &t;
  }
  if (!name.empty()) {
    const config::Tenant* t = cfg.find_tenant(name);
    if (!t) return unexpected("no tenant " + name + " in the configuration");
    if (t->mode != config::Mode::kRegistrar && !allow_edge) {
      return unexpected("tenant " + name + " is in edge mode: its PBX keeps the accounts");
    }
    return t;
  }
  if (count == 1) return only;
  if (count == 0) return unexpected(std::string("the configuration has no registrar-mode tenant"));
  return unexpected(std::string("several tenants: say which with --tenant DOMAIN"));
}

bool valid_user(std::string_view u) {
  // RFC 3261 §25.1 user (unreserved and user-unreserved characters, no escapes), as in the config.
  static constexpr std::string_view kAllowed = "-_.!~*'()&=+$,;?/";
  if (u.empty() || u.size() > 64) return false;
  for (char c : u) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && kAllowed.find(c) == std::string_view::npos) return false;
  }
  return true;
}

std::string hash_hex(auth::Algorithm a, std::string_view user, std::string_view realm, std::string_view password) {
  auto h = auth::ha1(a, user, realm, password);
  return h ? *h : std::string();
}

Result<std::string, std::string> AccountCommand::new_password(const config::Config& cfg, const config::Tenant& t) {
  const auth::PasswordContext ctx{user_, user_, t.domain, {}};
  if (generate_ == password_stdin_) return unexpected(std::string("give exactly one of --generate or --password-stdin"));
  if (generate_) {
    SystemRandom random;
    std::string p;
    do {
      p = auth::generate_password(random, 20);
    } while (!auth::check_password(p, ctx, cfg.auth.password_policy).empty());
    return p;
  }
  auto line = read_secret_line();
  if (!line || line->empty()) return unexpected(std::string("no password on standard input"));
  auto v = auth::check_password(*line, ctx, cfg.auth.password_policy);
  if (v.empty()) return *line;
  std::string msg = "password rejected by the policy:";
  for (const auto& x : v) msg += "\n  " + std::string(auth::to_string(x.rule)) + ": " + x.message;
  return unexpected(msg);
}

void AccountCommand::audit(OpenedStore& s, std::string_view action, std::string_view target) {
  store::AdminStore admins(*s.conn);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  (void)admins.audit(store::AuditEntry{ms, "cli", std::string(action), std::string(target), "", ""});
}

int AccountCommand::add(OpenedStore& s, const config::Tenant& t) {
  if (!valid_user(user_)) return fail("usernames are 1-64 characters allowed in a SIP user part", kExitUsage);
  if (t.find_account(user_)) {
    return fail(user_ + "@" + t.domain + " is defined in the configuration file; change it there");
  }
  for (std::string_view rest = allow_from_; !rest.empty();) {
    const size_t comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    if (!Cidr::parse(item, true)) return fail("--allow-from: not a network: " + std::string(item), kExitUsage);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
  }
  auto password = new_password(s.config, t);
  if (!password) return fail(password.error());
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  store::StoredAccount a{t.domain,
                         user_,
                         hash_hex(auth::Algorithm::kMd5, user_, t.domain, *password),
                         hash_hex(auth::Algorithm::kSha256, user_, t.domain, *password),
                         true,
                         allow_from_,
                         now,
                         now};
  if (a.ha1_md5.empty() || a.ha1_sha256.empty()) return fail("cannot hash the password (crypto library)");
  auto r = store::AccountStore(*s.conn).add(a);
  if (!r) return fail("store: " + r.error());
  if (!*r) return fail(user_ + "@" + t.domain + " exists already (use passwd to change its password)");
  audit(s, "account.add", user_ + "@" + t.domain);
  std::cout << "added " << user_ << "@" << t.domain << "\n";
  if (generate_) std::cout << "password (shown once, not stored): " << *password << "\n";
  std::fill(password->begin(), password->end(), '\0');
  return 0;
}

int AccountCommand::passwd(OpenedStore& s, const config::Tenant& t) {
  auto password = new_password(s.config, t);
  if (!password) return fail(password.error());
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  auto r = store::AccountStore(*s.conn).set_password(t.domain, user_,
                                                     hash_hex(auth::Algorithm::kMd5, user_, t.domain, *password),
                                                     hash_hex(auth::Algorithm::kSha256, user_, t.domain, *password), now);
  if (!r) return fail("store: " + r.error());
  if (!*r) return fail("no account " + user_ + "@" + t.domain + " in the store");
  audit(s, "account.passwd", user_ + "@" + t.domain);
  std::cout << "password changed for " << user_ << "@" << t.domain << "\n";
  if (generate_) std::cout << "password (shown once, not stored): " << *password << "\n";
  std::fill(password->begin(), password->end(), '\0');
  return 0;
}

int AccountCommand::set_enabled(OpenedStore& s, const config::Tenant& t, bool enabled) {
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  auto r = store::AccountStore(*s.conn).set_enabled(t.domain, user_, enabled, now);
  if (!r) return fail("store: " + r.error());
  if (!*r) return fail("no account " + user_ + "@" + t.domain + " in the store");
  audit(s, enabled ? "account.enable" : "account.disable", user_ + "@" + t.domain);
  std::cout << (enabled ? "enabled " : "disabled ") << user_ << "@" << t.domain << "\n";
  return 0;
}

int AccountCommand::enable(OpenedStore& s, const config::Tenant& t) {
  // A running gateway lifts the suspension within a second: it polls the table's revision.
  auto lifted = store::FraudSuspensions(*s.conn).lift(t.domain, user_);
  if (!lifted) return fail("store: " + lifted.error());
  if (*lifted) {
    audit(s, "account.unsuspend", user_ + "@" + t.domain);
    std::cout << "lifted the fraud suspension of " << user_ << "@" << t.domain << "\n";
  }
  // Accounts of the file and edge tenants' callers are not in the accounts table.
  const bool store_account = t.mode == config::Mode::kRegistrar && !t.find_account(user_);
  if (!store_account) {
    if (!*lifted) std::cout << user_ << "@" << t.domain << " is not suspended\n";
    return 0;
  }
  if (*lifted) {
    auto a = store::AccountStore(*s.conn).find(t.domain, user_);
    if (!a) return fail("store: " + a.error());
    if (!*a || (*a)->enabled) return 0;  // a suspended From user without a store account, or nothing to enable
  }
  return set_enabled(s, t, true);
}

bool AccountCommand::add_suspension(OpenedStore& s, const config::Tenant& t, nlohmann::json& j) {
  auto row = store::FraudSuspensions(*s.conn).find(t.domain, user_);
  if (!row) {
    status_ = fail("store: " + row.error());
    return false;
  }
  if (*row) j["fraud_suspension"] = {{"since_ms", (*row)->since_ms}, {"reason", (*row)->reason}};
  return true;
}

int AccountCommand::remove(OpenedStore& s, const config::Tenant& t) {
  auto r = store::AccountStore(*s.conn).remove(t.domain, user_);
  if (!r) return fail("store: " + r.error());
  if (!*r) return fail("no account " + user_ + "@" + t.domain + " in the store");
  audit(s, "account.delete", user_ + "@" + t.domain);
  std::cout << "deleted " << user_ << "@" << t.domain << "\n";
  return 0;
}

nlohmann::json to_json(const store::StoredAccount& a) {
  return {{"tenant", a.tenant},         {"username", a.username},     {"source", "store"},
          {"enabled", a.enabled},       {"allow_from", a.allow_from}, {"created_at", a.created_at},
          {"updated_at", a.updated_at}, {"hashes", {"MD5", "SHA-256"}}};
}

int AccountCommand::list(OpenedStore& s) {
  auto all = store::AccountStore(*s.conn).list(tenant_);
  if (!all) return fail("store: " + all.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& t : s.config.tenants) {
    if (!tenant_.empty() && t.domain != tenant_) continue;
    for (const auto& a : t.accounts) {
      out.push_back({{"tenant", t.domain},
                     {"username", a.username},
                     {"source", "config"},
                     {"enabled", true},
                     {"credential", std::string(config::to_string(a.credential))}});
    }
  }
  for (const auto& a : *all) out.push_back(to_json(a));
  // Toll-fraud suspensions: marked on their account, or listed on their own (an edge tenant's caller).
  auto suspended = store::FraudSuspensions(*s.conn).list(tenant_);
  if (!suspended) return fail("store: " + suspended.error());
  for (const auto& f : *suspended) {
    const nlohmann::json info = {{"since_ms", f.since_ms}, {"reason", f.reason}};
    auto it = std::find_if(out.begin(), out.end(), [&](const nlohmann::json& a) {
      return a["tenant"] == f.tenant && a["username"] == f.account;
    });
    if (it != out.end()) {
      (*it)["fraud_suspension"] = info;
    } else {
      out.push_back({{"tenant", f.tenant}, {"username", f.account}, {"source", "caller"}, {"enabled", true},
                     {"fraud_suspension", info}});
    }
  }
  if (json_) {
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  for (const auto& a : out) {
    std::cout << a["username"].get<std::string>() << "@" << a["tenant"].get<std::string>() << "  "
              << a["source"].get<std::string>() << "  " << (a["enabled"].get<bool>() ? "enabled" : "disabled")
              << (a.contains("fraud_suspension") ? "  suspended (toll fraud)" : "") << "\n";
  }
  return 0;
}

int AccountCommand::show(OpenedStore& s, const config::Tenant& t) {
  if (const auto* a = t.find_account(user_)) {
    nlohmann::json j = {{"tenant", t.domain},
                        {"username", a->username},
                        {"source", "config"},
                        {"enabled", true},
                        {"credential", std::string(config::to_string(a->credential))}};
    if (!add_suspension(s, t, j)) return status_;
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  auto a = store::AccountStore(*s.conn).find(t.domain, user_);
  if (!a) return fail("store: " + a.error());
  if (!*a) return fail("no account " + user_ + "@" + t.domain);
  nlohmann::json j = to_json(**a);
  if (!add_suspension(s, t, j)) return status_;
  std::cout << j.dump(2) << "\n";
  return 0;
}

void AccountCommand::run(const std::string& action) {
  auto s = open_store(store_args_);
  if (!s) {
    status_ = fail(s.error());
    return;
  }
  if (action == "list") {
    status_ = list(*s);
    return;
  }
  auto t = pick_tenant(s->config, tenant_, action == "enable");
  if (!t) {
    status_ = fail(t.error(), kExitUsage);
    return;
  }
  const config::Tenant& tenant = **t;
  if (action == "add") status_ = add(*s, tenant);
  if (action == "passwd") status_ = passwd(*s, tenant);
  if (action == "disable") status_ = set_enabled(*s, tenant, false);
  if (action == "enable") status_ = enable(*s, tenant);
  if (action == "delete") status_ = remove(*s, tenant);
  if (action == "show") status_ = show(*s, tenant);
}

}  // namespace

std::shared_ptr<Command> add_account_command(CLI::App& app) {
  auto cmd = std::make_shared<AccountCommand>();
  auto* account = app.add_subcommand("account", "Manage SIP accounts in the store (a running gateway picks changes up)");
  account->require_subcommand(1);
  struct Action {
    const char* name;
    const char* help;
    bool user, password, allow_from, json;
  };
  static constexpr Action kActions[] = {
      {"add", "Add an account (--generate prints a strong password once; or --password-stdin)", true, true, true, false},
      {"passwd", "Set a new password (--generate or --password-stdin)", true, true, false, false},
      {"disable", "Disable an account: it can no longer register or call", true, false, false, false},
      {"enable", "Enable a disabled account and lift a toll-fraud suspension (any tenant's account)", true, false, false,
       false},
      {"delete", "Delete an account from the store", true, false, false, false},
      {"list", "List accounts (configuration file and store)", false, false, false, true},
      {"show", "Show one account (never its hashes)", true, false, false, false},
  };
  for (const Action& a : kActions) {
    auto* sub = account->add_subcommand(a.name, a.help);
    add_store_options(*sub, cmd->store_args_);
    sub->add_option("--tenant,-t", cmd->tenant_, "Tenant domain (default: the only registrar-mode tenant)");
    if (a.user) sub->add_option("user", cmd->user_, "Username (SIP user part)")->required();
    if (a.password) {
      sub->add_flag("--generate", cmd->generate_, "Generate a strong random password and print it once");
      sub->add_flag("--password-stdin", cmd->password_stdin_, "Read the password from standard input");
    }
    if (a.allow_from) sub->add_option("--allow-from", cmd->allow_from_, "Comma-separated networks it may use (CIDR)");
    if (a.json) sub->add_flag("--json", cmd->json_, "JSON output");
    const std::string name = a.name;
    sub->callback([cmd, name] { cmd->run(name); });
  }
  return cmd;
}

}  // namespace vg::app
