// Tests for src/auth/authenticator.cc: successful verification (RFC 7616 §3.9.1 adapted),
// nonce counts, staleness, restart, rotation, challenges, concurrency.
#include "auth/authenticator.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "auth/credentials.h"
#include "auth_test_util.h"
#include "sip/message.h"

namespace vg::auth {
namespace {

using namespace std::chrono_literals;
using test::AuthTest;
using test::client;
using test::ClientRequest;
using test::kRealm;

// RFC 7616 §3.9.1 with our own nonce (the RFC's is not ours): Mufasa, "Circle of Life",
// realm http-auth@example.org, GET /dir/index.html, the RFC's cnonce, qop=auth, both algorithms.
TEST_F(AuthTest, Rfc7616ExampleAdaptedBothAlgorithms) {
  constexpr std::string_view kRfcRealm = "http-auth@example.org";
  const AccountHashes mufasa = test::hashes("Mufasa", kRfcRealm, "Circle of Life");
  for (Algorithm a : {Algorithm::kSha256, Algorithm::kMd5}) {
    ClientRequest r;
    r.algorithm = a;
    r.username = "Mufasa";
    r.realm = std::string(kRfcRealm);
    r.password = "Circle of Life";
    r.nonce = nonce(kRfcRealm);
    r.cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    r.method = "GET";
    r.uri = "/dir/index.html";
    EXPECT_EQ(verify(client(r).str(), &mufasa, "GET", "/dir/index.html", kRfcRealm), Verdict::kOk)
        << algorithm_name(a);
    // The RFC's own nonce was not issued here.
    r.nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    EXPECT_EQ(verify(client(r).str(), &mufasa, "GET", "/dir/index.html", kRfcRealm), Verdict::kBadNonce);
  }
}

TEST_F(AuthTest, AlgorithmAbsentMeansMd5) {
  ClientRequest r = request();
  r.algorithm = Algorithm::kMd5;
  r.send_algorithm = false;
  EXPECT_EQ(verify(client(r), &alice_), Verdict::kOk);
}

TEST_F(AuthTest, IncreasingNcIsOkSameNcTwiceIsReplay) {
  ClientRequest r = request();
  for (std::string nc : {"00000001", "00000002", "00000003", "0000000a", "0000000B"}) {
    r.nc = nc;
    EXPECT_EQ(verify(client(r), &alice_), Verdict::kOk) << nc;
  }
  r.nc = "00000002";
  EXPECT_EQ(verify(client(r), &alice_), Verdict::kReplay);
  r.nc = "0000000b";
  EXPECT_EQ(verify(client(r), &alice_), Verdict::kReplay);  // same count, other spelling
  // The exact same request again.
  r.nc = "0000000c";
  const std::string header = client(r).str();
  EXPECT_EQ(verify(header, &alice_), Verdict::kOk);
  EXPECT_EQ(verify(header, &alice_), Verdict::kReplay);
}

TEST_F(AuthTest, ReorderedCountsWithinTheWindow) {
  ClientRequest r = request();
  r.nc = "00000003";
  EXPECT_EQ(verify(client(r), &alice_), Verdict::kOk);
  r.nc = "00000002";
  EXPECT_EQ(verify(client(r), &alice_), Verdict::kOk);  // default window 32: late, once
  EXPECT_EQ(verify(client(r), &alice_), Verdict::kReplay);

  auto strict = make_auth({.capacity = 1024, .shards = 4, .window = 0});
  r.nonce = nonce(kRealm, strict.get());
  r.nc = "00000003";
  EXPECT_EQ(verify(client(r).str(), &alice_, "REGISTER", "sip:example.com", kRealm, strict.get()), Verdict::kOk);
  r.nc = "00000002";
  EXPECT_EQ(verify(client(r).str(), &alice_, "REGISTER", "sip:example.com", kRealm, strict.get()), Verdict::kReplay);
}

TEST_F(AuthTest, FailedAttemptDoesNotConsumeTheCount) {
  ClientRequest r = request();
  ClientRequest wrong = r;
  wrong.password = "guess";
  wrong.nc = "ffffffff";
  EXPECT_EQ(verify(client(wrong), &alice_), Verdict::kWrongPassword);
  EXPECT_EQ(verify(client(r), &alice_), Verdict::kOk);  // nc=1 still accepted
  EXPECT_EQ(auth_->replay_entries(), 1u);
}

TEST_F(AuthTest, StaleOnlyWithTheRightPassword) {
  ClientRequest r = request();
  clock_.advance_seconds(299);
  EXPECT_EQ(verify(client(r), &alice_), Verdict::kOk);
  clock_.advance_seconds(1);
  r.nc = "00000002";
  EXPECT_EQ(verify(client(r), &alice_), Verdict::kStale);
  ClientRequest wrong = r;
  wrong.password = "guess";
  EXPECT_EQ(verify(client(wrong), &alice_), Verdict::kWrongPassword);
  EXPECT_EQ(verify(client(wrong), nullptr), Verdict::kUnknownUser);
  // A fresh nonce works again.
  r.nonce = nonce();
  r.nc = "00000001";
  EXPECT_EQ(verify(client(r), &alice_), Verdict::kOk);
}

TEST_F(AuthTest, RestartWithTheSameSecretForgetsEarlierNonces) {
  ClientRequest r = request();
  EXPECT_EQ(verify(client(r), &alice_), Verdict::kOk);
  clock_.advance_seconds(5);
  auth_ = make_auth({});  // a restarted process loading the same secret
  r.nc = "00000001";      // a replay of the request seen before the restart
  EXPECT_EQ(verify(client(r), &alice_), Verdict::kStale);
  r.nc = "00000002";
  EXPECT_EQ(verify(client(r), &alice_), Verdict::kStale);
  r.nonce = nonce();
  r.nc = "00000001";
  EXPECT_EQ(verify(client(r), &alice_), Verdict::kOk);
}

TEST_F(AuthTest, RotationKeepsCurrentNoncesValidOnce) {
  ClientRequest r0 = request();
  ASSERT_TRUE(auth_->rotate_secret(generate_secret(random_)).has_value());
  ClientRequest r1 = request();
  EXPECT_EQ(verify(client(r0), &alice_), Verdict::kOk);
  EXPECT_EQ(verify(client(r1), &alice_), Verdict::kOk);
  ASSERT_TRUE(auth_->rotate_secret(generate_secret(random_)).has_value());
  r0.nc = r1.nc = "00000002";
  EXPECT_EQ(verify(client(r0), &alice_), Verdict::kBadNonce);  // its secret is retired
  EXPECT_EQ(verify(client(r1), &alice_), Verdict::kOk);
}

TEST_F(AuthTest, ChallengesShareOneNonceAndFollowTheGivenOrder) {
  const Algorithm algs[] = {Algorithm::kMd5, Algorithm::kSha256};
  auto values = auth_->www_authenticate_values(kRealm, algs, true, clock_, random_);
  ASSERT_TRUE(values.has_value());
  ASSERT_EQ(values->size(), 2u);
  auto a = sip::parse_auth((*values)[0]);
  auto b = sip::parse_auth((*values)[1]);
  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_EQ(a->algorithm, "MD5");
  EXPECT_EQ(b->algorithm, "SHA-256");
  EXPECT_EQ(a->nonce, b->nonce);
  EXPECT_EQ(a->stale, "true");
  EXPECT_EQ(auth_->nonces()->verify(a->nonce, kRealm, clock_).status, NonceStatus::kValid);
  // Nothing of the secret leaks into the challenge.
  std::string secret_hex;
  for (uint8_t byte : secret_) secret_hex += "0123456789abcdef"[byte >> 4], secret_hex += "0123456789abcdef"[byte & 15];
  EXPECT_EQ((*values)[0].find(secret_hex.substr(0, 8)), std::string::npos);

  EXPECT_EQ(auth_->www_authenticate_values("bad\r\nrealm", algs, false, clock_, random_).error(), AuthError::kBadRealm);
  EXPECT_EQ(auth_->www_authenticate_values(kRealm, {}, false, clock_, random_).error(), AuthError::kNoAlgorithm);
}

TEST_F(AuthTest, CredentialsForRealmPicksOursAmongSeveral) {
  ClientRequest r = request();
  r.uri = "sip:alice@example.com";
  const std::string ours = client(r).str();
  const std::string msg = "REGISTER sip:alice@example.com SIP/2.0\r\n"
                          "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1\r\n"
                          "Max-Forwards: 70\r\n"
                          "From: <sip:alice@example.com>;tag=1\r\n"
                          "To: <sip:alice@example.com>\r\n"
                          "Call-ID: c1@192.0.2.1\r\n"
                          "CSeq: 2 REGISTER\r\n"
                          "Authorization: Basic YWxpY2U6c2VjcmV0\r\n"
                          "Authorization: Digest username=\"alice\", realm=\"other.net\", nonce=\"x\", uri=\"sip:x\", "
                          "response=\"00\"\r\n"
                          "Authorization: " + ours + "\r\n"
                          "Content-Length: 0\r\n\r\n";
  auto m = sip::Message::parse(msg);
  ASSERT_TRUE(m.has_value());
  auto creds = credentials_for_realm(*m, sip::HeaderId::kAuthorization, kRealm);
  ASSERT_TRUE(creds.has_value());
  EXPECT_EQ(auth_->verify(*creds, m->method_name(), m->request_uri_text(), &alice_, kRealm, clock_), Verdict::kOk);
  EXPECT_EQ(username(*creds), "alice");
  EXPECT_FALSE(credentials_for_realm(*m, sip::HeaderId::kProxyAuthorization, kRealm).has_value());
  EXPECT_FALSE(credentials_for_realm(*m, sip::HeaderId::kAuthorization, "nowhere").has_value());
}

TEST_F(AuthTest, UsernameIsUnescaped) {
  auto creds = sip::parse_auth(R"(Digest username="a\"b\\c", realm="example.com")");
  ASSERT_TRUE(creds.has_value());
  EXPECT_EQ(username(*creds), "a\"b\\c");
}

TEST_F(AuthTest, ConcurrentVerificationSmoke) {
  constexpr int kThreads = 8;
  constexpr int kRounds = 100;
  std::vector<std::string> nonces;
  for (int i = 0; i < kThreads * kRounds; ++i) nonces.push_back(nonce());
  std::atomic<int> ok{0}, replay{0}, other{0};
  std::vector<std::thread> threads;
  for (int th = 0; th < kThreads; ++th) {
    threads.emplace_back([&, th] {
      for (int i = 0; i < kRounds; ++i) {
        ClientRequest r;
        r.algorithm = (i % 2 == 0) ? Algorithm::kSha256 : Algorithm::kMd5;
        r.nonce = nonces[static_cast<size_t>(th * kRounds + i)];
        auto header = client(r).str();
        auto creds = sip::parse_auth(header);
        if (!creds) {
          other.fetch_add(1);
          continue;
        }
        for (int twice = 0; twice < 2; ++twice) {
          Verdict v = auth_->verify(*creds, "REGISTER", "sip:example.com", &alice_, kRealm, clock_);
          (v == Verdict::kOk ? ok : v == Verdict::kReplay ? replay : other).fetch_add(1);
        }
      }
    });
  }
  // Rotation while workers verify: nonces of the current secret stay valid.
  threads.emplace_back([&] { EXPECT_TRUE(auth_->rotate_secret(Secret{}).has_value()); });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), kThreads * kRounds);
  EXPECT_EQ(replay.load(), kThreads * kRounds);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(auth_->replay_entries(), static_cast<size_t>(kThreads * kRounds));
}

}  // namespace
}  // namespace vg::auth
