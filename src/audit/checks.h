// Internal to the credential audit: the findings collector shared by the three format readers,
// and the readers themselves.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "audit/credential_audit.h"

namespace vg::audit {

// A plaintext credential seen in a file, for the password rules and the shared-password check.
struct Credential {
  std::string file;
  int line = 0;
  std::string account;
  std::string username;
  std::string password;
};

struct Collector {
  Report report;
  std::vector<Credential> credentials;

  void add(const std::string& file, int line, std::string account, std::string rule, Severity s, std::string message);
  // Password rules on one credential (empty, equal to the username, common/default, weak by the policy).
  void check_password(Credential c);
  // Networks that let everyone in: 0.0.0.0/0, 0.0.0.0/0.0.0.0, ::/0.
  static bool is_open_network(std::string_view v);
  // Shared passwords across everything collected; call once at the end.
  void finish();
};

void audit_pjsip(const Input& in, Collector& c);
void audit_chan_sip(const Input& in, Collector& c);
Result<void, std::string> audit_freeswitch(const Input& in, Collector& c);

}  // namespace vg::audit
