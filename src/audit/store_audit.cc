#include "audit/store_audit.h"

#include "auth/digest.h"
#include "auth/wordlists.h"

namespace vg::audit {

namespace {

// True when `password` hashes to the account's stored HA1 (MD5 when stored: cheaper).
bool matches(const HashedAccount& a, std::string_view password) {
  const bool md5 = !a.ha1_md5.empty();
  auto h = auth::ha1(md5 ? auth::Algorithm::kMd5 : auth::Algorithm::kSha256, a.username, a.tenant, password);
  return h && *h == (md5 ? a.ha1_md5 : a.ha1_sha256);
}

}  // namespace

Report audit_hashes(const std::vector<HashedAccount>& accounts) {
  Report r;
  const auto& list = auth::common_passwords().entries();
  for (const auto& a : accounts) {
    if (a.ha1_md5.empty() && a.ha1_sha256.empty()) continue;
    ++r.accounts;
    const std::string account = a.username + "@" + a.tenant;
    const std::string reversed(a.username.rbegin(), a.username.rend());
    if (matches(a, a.username) || matches(a, reversed)) {
      r.findings.push_back(Finding{a.source, 0, account, "password_equals_username", Severity::kHigh,
                                   "the stored hash is that of the username (or its reverse) as password"});
      continue;
    }
    for (size_t i = 0; i < list.size(); ++i) {
      if (!matches(a, list[i])) continue;
      r.findings.push_back(Finding{a.source, 0, account, "common_password", Severity::kHigh,
                                   "the stored hash matches entry " + std::to_string(i + 1) +
                                       " of the shipped common/default password lists"});
      break;
    }
  }
  return r;
}

}  // namespace vg::audit
