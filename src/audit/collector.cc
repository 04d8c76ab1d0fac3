// The password rules of the audit and the shared-password check (auth::check_password decides
// what is weak, so the audit and voipguard's own policy never disagree).
#include <map>
#include <set>

#include "audit/checks.h"
#include "auth/password_policy.h"
#include "auth/wordlists.h"

namespace vg::audit {

void Collector::add(const std::string& file, int line, std::string account, std::string rule, Severity s,
                    std::string message) {
  report.findings.push_back(Finding{file, line, std::move(account), std::move(rule), s, std::move(message)});
}

bool Collector::is_open_network(std::string_view v) {
  return v == "0.0.0.0/0" || v == "0.0.0.0/0.0.0.0" || v == "::/0" || v == "0.0.0.0";
}

void Collector::check_password(Credential c) {
  if (c.password.empty()) {
    add(c.file, c.line, c.account, "no_password", Severity::kHigh, "empty password: anyone can register as this account");
    return;
  }
  const std::string lower_pw = auth::ascii_lower(c.password);
  if (lower_pw == auth::ascii_lower(c.username) || lower_pw == auth::ascii_lower(c.account)) {
    add(c.file, c.line, c.account, "password_equals_username", Severity::kHigh,
        "password equals the username (the first guess of every SIP scanner)");
  } else if (auth::is_common_password(c.password)) {
    add(c.file, c.line, c.account, "default_password", Severity::kHigh,
        "password is in the list of common and vendor-default passwords");
  } else {
    auto v = auth::check_password(c.password, auth::PasswordContext{c.username, c.account, {}, {}});
    if (!v.empty()) {
      std::string rules;
      for (const auto& x : v) rules += (rules.empty() ? "" : ", ") + std::string(auth::to_string(x.rule));
      const bool short_pw = c.password.size() < 8;
      add(c.file, c.line, c.account, "weak_password", short_pw ? Severity::kHigh : Severity::kMedium,
          "password fails the policy (" + rules + ")");
    }
  }
  credentials.push_back(std::move(c));
}

void Collector::finish() {
  std::map<std::string, std::vector<const Credential*>> by_password;
  for (const auto& c : credentials) by_password[c.password].push_back(&c);
  for (const auto& [pw, list] : by_password) {
    if (list.size() < 2) continue;
    for (const Credential* c : list) {
      std::string others;
      for (const Credential* o : list) {
        if (o != c) others += (others.empty() ? "" : ", ") + o->account;
      }
      add(c->file, c->line, c->account, "shared_password", Severity::kHigh,
          "same password as " + others + " (one leak opens every one of them)");
    }
  }
}

}  // namespace vg::audit
