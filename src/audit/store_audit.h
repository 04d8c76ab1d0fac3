// The credential audit of voipguard's own accounts, without their passwords: for each account, the
// digest HA1 of every password of the shipped common/default lists (and of the username) is
// computed with the account's username and realm and compared with the stored one.
#pragma once

#include <string>
#include <vector>

#include "audit/credential_audit.h"

namespace vg::audit {

struct HashedAccount {
  std::string source;  // "store" or the configuration file's name
  std::string tenant;  // realm
  std::string username;
  std::string ha1_md5;     // lower-case hex, or empty
  std::string ha1_sha256;  // lower-case hex, or empty
};

// Findings (rule "common_password" or "password_equals_username", high) for the accounts whose
// hash matches; report.accounts counts the accounts examined.
Report audit_hashes(const std::vector<HashedAccount>& accounts);

}  // namespace vg::audit
