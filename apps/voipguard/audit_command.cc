// `voipguard audit credentials FILE... | --store`: the credential audit (docs/accounts.md) of
// Asterisk pjsip.conf / sip.conf and FreeSWITCH directory XML files, or of voipguard's own accounts
// (store and configuration file) by their stored hashes. Text (default) or --json; exit 1 when a
// high-risk finding exists, 2 when a file cannot be read or parsed, else 0.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "audit/credential_audit.h"
#include "audit/store_audit.h"
#include "cli_store.h"
#include "store/account_store.h"
#include "subcommands.h"

namespace vg::app {

namespace {

constexpr int kExitHighRisk = 1;
constexpr int kExitError = 2;

class AuditCommand : public Command {
 public:
  int result() const override { return status_; }
  void run();
  std::vector<std::string> files_;
  bool store_ = false;
  bool json_ = false;
  StoreArgs store_args_;
  int status_ = 0;

 private:
  Result<audit::Report, std::string> audit_store();
};

Result<audit::Report, std::string> AuditCommand::audit_store() {
  auto s = open_store(store_args_);
  if (!s) return unexpected(s.error());
  std::vector<audit::HashedAccount> accounts;
  const std::string file = store_args_.config_path.empty() ? "<embedded default>" : store_args_.config_path;
  for (const auto& t : s->config.tenants) {
    for (const auto& a : t.accounts) {
      // Generated passwords are strong by construction and their hashes live under var/.
      if (a.credential == config::CredentialSource::kGenerate) continue;
      accounts.push_back({file, t.domain, a.username, a.ha1_md5, a.ha1_sha256});
    }
  }
  auto stored = store::AccountStore(*s->conn).list();
  if (!stored) return unexpected("store: " + stored.error());
  for (const auto& a : *stored) accounts.push_back({"store", a.tenant, a.username, a.ha1_md5, a.ha1_sha256});
  audit::Report r = audit::audit_hashes(accounts);
  r.files = {file, s->path};
  return r;
}

void AuditCommand::run() {
  Result<audit::Report, std::string> report = unexpected(std::string());
  if (store_) {
    report = audit_store();
  } else {
    std::vector<audit::Input> inputs;
    for (const auto& f : files_) {
      std::ifstream in(f, std::ios::binary);
      std::stringstream ss;
      if (!in || !(ss << in.rdbuf())) {
        std::cerr << "voipguard audit: cannot read " << f << "\n";
        status_ = kExitError;
        return;
      }
      inputs.push_back({f, ss.str()});
    }
    report = audit::audit_files(inputs);
  }
  if (!report) {
    std::cerr << "voipguard audit: " << report.error() << "\n";
    status_ = kExitError;
    return;
  }
  std::cout << (json_ ? report->to_json() : report->to_text());
  status_ = report->has_high() ? kExitHighRisk : 0;
}

}  // namespace

std::shared_ptr<Command> add_audit_command(CLI::App& app) {
  auto cmd = std::make_shared<AuditCommand>();
  auto* audit = app.add_subcommand("audit", "Audit a deployment");
  audit->require_subcommand(1);
  auto* creds = audit->add_subcommand(
      "credentials",
      "Audit credentials: Asterisk pjsip.conf / sip.conf and FreeSWITCH directory XML files, or with --store\n"
      "voipguard's own accounts (their stored hashes against the shipped common/default passwords).\n"
      "Exit 1 when anything is high-risk, 2 when a file cannot be read or parsed.");
  auto* files = creds->add_option("files", cmd->files_, "Configuration files to audit");
  auto* store = creds->add_flag("--store", cmd->store_, "Audit voipguard's accounts (store and configuration)");
  files->excludes(store);
  creds->add_flag("--json", cmd->json_, "JSON output");
  add_store_options(*creds, cmd->store_args_);
  creds->callback([cmd] {
    if (!cmd->store_ && cmd->files_.empty()) throw CLI::RequiredError("FILE... or --store");
    cmd->run();
  });
  return cmd;
}

}  // namespace vg::app
