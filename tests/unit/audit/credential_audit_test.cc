// The credential audit on the sample configurations in tests/data/pbx: every expected finding is
// there (rule, account, severity), the well-configured accounts have none, no password is quoted;
// and the store audit finds accounts whose HA1 is that of a common password.
#include "audit/credential_audit.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "audit/conf_file.h"
#include "audit/store_audit.h"
#include "auth/digest.h"

namespace vg::audit {
namespace {

Input load(const std::string& rel) {
  const std::string path = std::string(VG_TEST_DATA_DIR) + "/pbx/" + rel;
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_FALSE(ss.str().empty()) << path;
  return Input{rel, ss.str()};
}

struct Expect {
  const char* file;
  const char* account;
  const char* rule;
  Severity severity;
};

bool has(const Report& r, const Expect& e) {
  return std::any_of(r.findings.begin(), r.findings.end(), [&](const Finding& f) {
    return f.file == e.file && f.account == e.account && f.rule == e.rule && f.severity == e.severity;
  });
}

size_t count_for(const Report& r, std::string_view file, std::string_view account) {
  return static_cast<size_t>(std::count_if(r.findings.begin(), r.findings.end(), [&](const Finding& f) {
    return f.file == file && f.account == account;
  }));
}

class SampleConfigs : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = audit_files({load("pjsip.conf"), load("sip.conf"), load("freeswitch/directory/default.xml")});
    ASSERT_TRUE(r.has_value()) << r.error();
    report_ = *r;
  }
  Report report_;
};

TEST_F(SampleConfigs, FormatsDetected) {
  EXPECT_EQ(detect_format(load("pjsip.conf")), Format::kAsteriskPjsip);
  EXPECT_EQ(detect_format(load("sip.conf")), Format::kAsteriskSip);
  EXPECT_EQ(detect_format(load("freeswitch/directory/default.xml")), Format::kFreeswitchXml);
}

TEST_F(SampleConfigs, ExpectedFindings) {
  using S = Severity;
  constexpr Expect kExpected[] = {
      {"pjsip.conf", "1001", "default_password", S::kHigh},
      {"pjsip.conf", "1001", "no_srtp", S::kMedium},
      {"pjsip.conf", "1001", "no_tls", S::kMedium},
      {"pjsip.conf", "1001", "no_acl", S::kLow},
      {"pjsip.conf", "1002", "password_equals_username", S::kHigh},
      {"pjsip.conf", "1002", "permissive_acl", S::kMedium},
      {"pjsip.conf", "1003", "shared_password", S::kHigh},
      {"pjsip.conf", "1004", "shared_password", S::kHigh},
      {"pjsip.conf", "anonymous", "anonymous_endpoint", S::kHigh},
      {"pjsip.conf", "gateway-in", "no_authentication", S::kHigh},
      {"sip.conf", "", "allowguest", S::kHigh},
      {"sip.conf", "", "user_enumeration", S::kMedium},
      {"sip.conf", "2001", "default_password", S::kHigh},
      {"sip.conf", "2001", "permissive_acl", S::kMedium},
      {"sip.conf", "2001", "no_tls", S::kMedium},
      {"sip.conf", "2001", "no_srtp", S::kMedium},
      {"sip.conf", "2002", "no_password", S::kHigh},
      {"sip.conf", "provider", "insecure_invite", S::kHigh},
      {"freeswitch/directory/default.xml", "1000", "default_password", S::kHigh},
      {"freeswitch/directory/default.xml", "1000", "weak_voicemail_pin", S::kMedium},
      {"freeswitch/directory/default.xml", "1001", "shared_password", S::kHigh},
      {"freeswitch/directory/default.xml", "1001", "permissive_acl", S::kMedium},
      {"freeswitch/directory/default.xml", "1002", "shared_password", S::kHigh},
      {"freeswitch/directory/default.xml", "1002", "weak_voicemail_pin", S::kMedium},
  };
  for (const auto& e : kExpected) {
    EXPECT_TRUE(has(report_, e)) << e.file << " " << e.account << " " << e.rule << "\n" << report_.to_text();
  }
  EXPECT_TRUE(report_.has_high());
  EXPECT_EQ(report_.accounts, 8u + 4u + 4u);  // pjsip endpoints, chan_sip peers, FreeSWITCH users
}

TEST_F(SampleConfigs, WellConfiguredAccountsHaveNoFindings) {
  EXPECT_EQ(count_for(report_, "pjsip.conf", "3001"), 0u) << report_.to_text();
  EXPECT_EQ(count_for(report_, "pjsip.conf", "trunk"), 0u) << report_.to_text();
  EXPECT_EQ(count_for(report_, "sip.conf", "2003"), 0u) << report_.to_text();
  EXPECT_EQ(count_for(report_, "freeswitch/directory/default.xml", "1003"), 0u) << report_.to_text();
  // A strong password on a trunk is not reported as weak.
  EXPECT_FALSE(has(report_, {"sip.conf", "provider", "weak_password", Severity::kMedium}));
}

TEST_F(SampleConfigs, NoPasswordQuoted) {
  const std::string text = report_.to_text() + report_.to_json();
  for (const char* secret : {"Gz8%Lq3^Vw6&Nb1*", "Heron_Lamp_Quartz_4%", "Blue-Kettle-Orbit-58?", "Zq!9xT#2vL@8mW",
                             "Fjord=Ember=Nova=31", "Sofa;Violin;Tide;6X"}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret;
  }
}

TEST_F(SampleConfigs, JsonShape) {
  auto j = nlohmann::json::parse(report_.to_json());
  EXPECT_EQ(j["files"].size(), 3u);
  EXPECT_TRUE(j["high_risk"].get<bool>());
  EXPECT_EQ(j["findings"].size(), report_.findings.size());
  EXPECT_GT(j["summary"]["high"].get<int>(), 10);
  EXPECT_EQ(j["findings"][0]["file"], "freeswitch/directory/default.xml");  // sorted by file, line
}

TEST(CredentialAudit, CleanFileHasNoHighRisk) {
  const std::string conf =
      "[general]\nallowguest=no\n[3000]\ntype=friend\nhost=dynamic\nsecret=Heron_Lamp_Quartz_4%\n"
      "transport=tls\nencryption=yes\ndeny=0.0.0.0/0.0.0.0\npermit=192.0.2.0/24\n";
  auto r = audit_files({Input{"sip.conf", conf}});
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(r->has_high()) << r->to_text();
  EXPECT_TRUE(r->findings.empty()) << r->to_text();
}

TEST(CredentialAudit, BadXmlIsAnError) {
  auto r = audit_files({Input{"broken.xml", "<include><user id=\"1\">"}});
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().find("broken.xml"), std::string::npos);
}

TEST(ConfFile, SyntaxAndTemplates) {
  auto s = parse_conf(
      "; comment\n[t](!)\ncontext=a\n[x](t)\nsecret = a\\;b ; trailing\nexten => 1,1,Answer()\n[y](missing,x)\n");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_TRUE(s[0].is_template);
  EXPECT_EQ(s[1].get("secret")->value, "a;b");
  EXPECT_EQ(s[1].get("secret")->line, 5);
  EXPECT_EQ(s[1].get("exten")->value, "1,1,Answer()");
  auto y = resolve_templates(s[2], s);
  ASSERT_NE(y.get("context"), nullptr);  // through x, from t
  EXPECT_EQ(y.get("context")->value, "a");
  // A template cycle must not recurse forever.
  auto cyc = parse_conf("[a](b)\nk=1\n[b](a)\nk=2\n");
  EXPECT_EQ(resolve_templates(cyc[0], cyc).get("k")->value, "1");
}

TEST(StoreAudit, FindsCommonAndUsernamePasswords) {
  auto md5 = [](const char* user, const char* pw) { return *auth::ha1(auth::Algorithm::kMd5, user, "a.example", pw); };
  auto sha = [](const char* user, const char* pw) {
    return *auth::ha1(auth::Algorithm::kSha256, user, "a.example", pw);
  };
  std::vector<HashedAccount> accounts = {
      {"store", "a.example", "1001", md5("1001", "password"), sha("1001", "password")},
      {"store", "a.example", "1002", md5("1002", "Heron_Lamp_Quartz_4%"), sha("1002", "Heron_Lamp_Quartz_4%")},
      {"store", "a.example", "1003", md5("1003", "1003"), ""},
      {"cfg.yaml", "a.example", "1004", "", sha("1004", "ClueCon")},  // SHA-256 only
  };
  Report r = audit_hashes(accounts);
  EXPECT_EQ(r.accounts, 4u);
  ASSERT_EQ(r.findings.size(), 3u) << r.to_text();
  EXPECT_EQ(r.findings[0].account, "1001@a.example");
  EXPECT_EQ(r.findings[0].rule, "common_password");
  EXPECT_EQ(r.findings[1].rule, "password_equals_username");
  EXPECT_EQ(r.findings[2].account, "1004@a.example");
  EXPECT_TRUE(r.has_high());
  EXPECT_EQ(r.to_text().find("ClueCon"), std::string::npos);
}

}  // namespace
}  // namespace vg::audit
