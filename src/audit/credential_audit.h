// `voipguard audit credentials`: reads existing PBX configurations (Asterisk pjsip.conf and
// sip.conf, FreeSWITCH directory XML) and reports, per account, what an attacker would exploit:
// weak or default passwords (by the password policy), passwords shared by several accounts or
// equal to the username, guest/anonymous access, `insecure=port,invite`, no TLS, no SRTP,
// permissive ACLs, weak voicemail PINs. Findings never quote a password.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vg::audit {

enum class Severity { kLow, kMedium, kHigh };
std::string_view to_string(Severity s);

struct Finding {
  std::string file;
  int line = 0;
  std::string account;  // endpoint / peer / user id; empty for file-wide findings
  std::string rule;     // stable id: "default_password", "shared_password", "allowguest", ...
  Severity severity = Severity::kMedium;
  std::string message;  // never contains a secret
};

enum class Format { kAsteriskPjsip, kAsteriskSip, kFreeswitchXml };
std::string_view to_string(Format f);

struct Input {
  std::string name;  // file name as given, used in findings
  std::string text;
};

// Chooses the format from the name and content: *.xml is FreeSWITCH; a section with
// type=endpoint/auth/aor is pjsip; otherwise chan_sip.
Format detect_format(const Input& in);

struct Report {
  std::vector<std::string> files;
  size_t accounts = 0;  // accounts (endpoints, peers, users) examined
  std::vector<Finding> findings;

  [[nodiscard]] bool has_high() const;
  [[nodiscard]] std::string to_text() const;
  [[nodiscard]] std::string to_json() const;
};

// Audits every input together (shared passwords are found across files). An XML file that does
// not parse is an error.
Result<Report, std::string> audit_files(const std::vector<Input>& inputs);

}  // namespace vg::audit
