// Tests for src/auth/authenticator.cc: every refusal of verify() — malformed credentials (table),
// realm/uri/nonce mismatches, wrong password, unknown user, missing algorithm hash.
#include <gtest/gtest.h>

#include <string>

#include "auth/authenticator.h"
#include "auth_test_util.h"

namespace vg::auth {
namespace {

using test::AuthTest;
using test::client;
using test::ClientRequest;
using test::kRealm;
using test::Params;
using test::dq;

TEST_F(AuthTest, MalformedCredentialsTable) {
  const ClientRequest r = request();
  const Params good = client(r);  // verified last: the refusals below must not consume its count

  struct Case {
    const char* what;
    Params params;
  };
  const Case cases[] = {
      {"no username", Params(good).erase("username")},
      {"no realm", Params(good).erase("realm")},
      {"no nonce", Params(good).erase("nonce")},
      {"no uri", Params(good).erase("uri")},
      {"no response", Params(good).erase("response")},
      {"no qop (RFC 2069)", Params(good).erase("qop").erase("nc").erase("cnonce")},
      {"no nc", Params(good).erase("nc")},
      {"no cnonce", Params(good).erase("cnonce")},
      {"qop auth-int", Params(good).set("qop", "auth-int")},
      {"qop list", Params(good).set("qop", "\"auth,auth-int\"")},
      {"algorithm -sess", Params(good).set("algorithm", "SHA-256-sess")},
      {"algorithm unknown", Params(good).set("algorithm", "SHA-512-256")},
      {"nc short", Params(good).set("nc", "0000001")},
      {"nc long", Params(good).set("nc", "000000001")},
      {"nc zero", Params(good).set("nc", "00000000")},
      {"nc not hex", Params(good).set("nc", "0000000g")},
      {"nc signed", Params(good).set("nc", "+0000001")},
      {"response short", Params(good).set("response", dq(std::string(63, 'a')))},
      {"response md5-sized for sha-256", Params(good).set("response", dq(std::string(32, 'a')))},
      {"response not hex", Params(good).set("response", dq(std::string(64, 'z')))},
      {"response empty", Params(good).set("response", "\"\"")},
      {"cnonce empty", Params(good).set("cnonce", "\"\"")},
      {"cnonce too long", Params(good).set("cnonce", dq(std::string(kMaxCnonceLength + 1, 'c')))},
      {"uri empty", Params(good).set("uri", "\"\"")},
      {"userhash", Params(good).set("userhash", "true")},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(verify(c.params, &alice_), Verdict::kMalformed) << c.what << ": " << c.params.str();
  }
  EXPECT_EQ(verify("Basic YWxpY2U6c2VjcmV0", &alice_), Verdict::kMalformed);
  EXPECT_EQ(verify("Digest", &alice_), Verdict::kMalformed);
  EXPECT_EQ(verify(good, &alice_), Verdict::kOk);
}

TEST_F(AuthTest, UpperCaseResponseHexIsAccepted) {
  ClientRequest r = request();
  Params p = client(r);
  for (auto& [k, v] : p.kv) {
    if (k == "response") {
      for (char& ch : v) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    }
  }
  EXPECT_EQ(verify(p, &alice_), Verdict::kOk);
}

TEST_F(AuthTest, EscapedCnonceIsUnescapedBeforeHashing) {
  ClientRequest r = request();
  r.cnonce = "a\"b\\c";
  r.cnonce_as_written = "a\\\"b\\\\c";
  EXPECT_EQ(verify(client(r), &alice_), Verdict::kOk);
}

TEST_F(AuthTest, WrongPassword) {
  ClientRequest r = request();
  r.password = "correct horsf";
  EXPECT_EQ(verify(client(r), &alice_), Verdict::kWrongPassword);
  r.algorithm = Algorithm::kMd5;
  EXPECT_EQ(verify(client(r), &alice_), Verdict::kWrongPassword);
}

TEST_F(AuthTest, ResponseForAnotherMethodOrCnonceIsWrong) {
  ClientRequest r = request();
  EXPECT_EQ(verify(client(r), &alice_, "INVITE"), Verdict::kWrongPassword);
  Params p = client(r);
  p.set("cnonce", dq("other"));
  EXPECT_EQ(verify(p, &alice_), Verdict::kWrongPassword);
  p = client(r);
  p.set("nc", "00000002");  // nc is covered by the response
  EXPECT_EQ(verify(p, &alice_), Verdict::kWrongPassword);
}

TEST_F(AuthTest, UnknownUserIsReportedButHashedLikeAKnownOne) {
  ClientRequest r = request();
  r.username = "mallory";
  EXPECT_EQ(verify(client(r), nullptr), Verdict::kUnknownUser);
  // Unknown user with a stale nonce: still unknown user (no stale hint without a password).
  clock_.advance_seconds(1000);
  EXPECT_EQ(verify(client(r), nullptr), Verdict::kUnknownUser);
  // Even a response computed against the dummy HA1 does not authenticate.
  r.nonce = nonce();
  auto dummy = digest_response(Algorithm::kSha256, {.ha1 = std::string(64, '0'),
                                                    .nonce = r.nonce,
                                                    .nc = r.nc,
                                                    .cnonce = r.cnonce,
                                                    .qop = r.qop,
                                                    .method = r.method,
                                                    .uri = r.uri});
  ASSERT_TRUE(dummy.has_value());
  Params p = client(r);
  p.set("response", dq(*dummy));
  EXPECT_EQ(verify(p, nullptr), Verdict::kUnknownUser);
  EXPECT_EQ(auth_->replay_entries(), 0u);
}

TEST_F(AuthTest, AccountWithoutHashForTheChosenAlgorithm) {
  AccountHashes md5_only{alice_.ha1_md5, ""};
  ClientRequest r = request();
  EXPECT_EQ(verify(client(r), &md5_only), Verdict::kAlgorithmUnavailable);
  r.algorithm = Algorithm::kMd5;
  EXPECT_EQ(verify(client(r), &md5_only), Verdict::kOk);
  AccountHashes broken{"not-hex", alice_.ha1_sha256.substr(1)};
  r.nc = "00000002";
  EXPECT_EQ(verify(client(r), &broken), Verdict::kAlgorithmUnavailable);
  AccountHashes upper = alice_;
  for (char& ch : upper.ha1_md5) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  EXPECT_EQ(verify(client(r), &upper), Verdict::kOk);
}

TEST_F(AuthTest, RealmMismatch) {
  ClientRequest r = request();
  r.realm = "other.example.com";
  EXPECT_EQ(verify(client(r), &alice_), Verdict::kRealmMismatch);
  r.realm = "EXAMPLE.COM";  // realms compare exactly
  EXPECT_EQ(verify(client(r), &alice_), Verdict::kRealmMismatch);
}

TEST_F(AuthTest, NonceForAnotherRealmIsBad) {
  // A nonce issued in tenant a.example.com, replayed with credentials for example.com.
  ClientRequest r;
  r.nonce = nonce("a.example.com");
  EXPECT_EQ(verify(client(r), &alice_), Verdict::kBadNonce);
}

TEST_F(AuthTest, TamperedNonceIsBad) {
  ClientRequest r = request();
  for (size_t i = 0; i < r.nonce.size(); i += 7) {
    ClientRequest t = r;
    t.nonce[i] = t.nonce[i] == '0' ? '1' : '0';
    EXPECT_EQ(verify(client(t), &alice_), Verdict::kBadNonce) << i;
  }
}

TEST_F(AuthTest, UriMustMatchTheRequestUri) {
  ClientRequest r = request();
  EXPECT_EQ(verify(client(r), &alice_, "REGISTER", "sip:example.com;transport=tcp"), Verdict::kUriMismatch);
  EXPECT_EQ(verify(client(r), &alice_, "REGISTER", "sip:EXAMPLE.com"), Verdict::kUriMismatch);
  EXPECT_EQ(verify(client(r), &alice_, "REGISTER", ""), Verdict::kUriMismatch);
  EXPECT_EQ(verify(client(r), &alice_, "REGISTER", "sip:example.com"), Verdict::kOk);
}

TEST_F(AuthTest, VerdictTextsAreFixed) {
  for (int v = 0; v <= static_cast<int>(Verdict::kAlgorithmUnavailable); ++v) {
    const auto verdict = static_cast<Verdict>(v);
    EXPECT_EQ(verdict_name(verdict).substr(0, 1), "k");
    EXPECT_FALSE(describe(verdict).empty());
  }
}

}  // namespace
}  // namespace vg::auth
