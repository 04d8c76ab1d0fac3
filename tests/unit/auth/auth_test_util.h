// Helpers shared by the auth unit tests: a digest client that writes Authorization values the way
// a phone would, and a fixture with a fake clock, seeded randomness and one account.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/authenticator.h"
#include "auth/digest.h"
#include "sip/auth.h"

namespace vg::auth::test {

inline constexpr std::string_view kRealm = "example.com";

// Authorization parameters in order; quoted ones keep their quotes when written.
struct Params {
  std::vector<std::pair<std::string, std::string>> kv;

  Params& set(std::string_view name, std::string value) {
    for (auto& [k, v] : kv) {
      if (k == name) {
        v = std::move(value);
        return *this;
      }
    }
    kv.emplace_back(std::string(name), std::move(value));
    return *this;
  }
  Params& erase(std::string_view name) {
    std::erase_if(kv, [&](const auto& p) { return p.first == name; });
    return *this;
  }
  [[nodiscard]] std::string str() const {
    std::string out = "Digest ";
    for (size_t i = 0; i < kv.size(); ++i) {
      if (i != 0) out += ", ";
      out += kv[i].first + "=" + kv[i].second;
    }
    return out;
  }
};

inline std::string dq(std::string_view s) { return "\"" + std::string(s) + "\""; }

struct ClientRequest {
  Algorithm algorithm = Algorithm::kSha256;
  bool send_algorithm = true;
  std::string username = "alice";
  std::string realm = std::string(kRealm);
  std::string password = "correct horse";
  std::string nonce;
  std::string nc = "00000001";
  std::string cnonce = "0a4f113b";
  std::string cnonce_as_written;  // if set, written instead of cnonce (escapes)
  std::string qop = "auth";
  std::string method = "REGISTER";
  std::string uri = "sip:example.com";
};

// What a correct client sends for r.
inline Params client(const ClientRequest& r) {
  auto h = ha1(r.algorithm, r.username, r.realm, r.password);
  EXPECT_TRUE(h.has_value());
  auto resp = digest_response(r.algorithm, {.ha1 = h.value_or(std::string()),
                                            .nonce = r.nonce,
                                            .nc = r.nc,
                                            .cnonce = r.cnonce,
                                            .qop = r.qop,
                                            .method = r.method,
                                            .uri = r.uri});
  EXPECT_TRUE(resp.has_value());
  Params p;
  p.set("username", dq(r.username))
      .set("realm", dq(r.realm))
      .set("nonce", dq(r.nonce))
      .set("uri", dq(r.uri))
      .set("response", dq(resp.value_or(std::string())));
  if (r.send_algorithm) p.set("algorithm", std::string(algorithm_name(r.algorithm)));
  p.set("qop", r.qop).set("nc", r.nc).set("cnonce", dq(r.cnonce_as_written.empty() ? r.cnonce : r.cnonce_as_written));
  return p;
}

inline AccountHashes hashes(std::string_view user, std::string_view realm, std::string_view password) {
  return AccountHashes{ha1(Algorithm::kMd5, user, realm, password).value_or(std::string()),
                       ha1(Algorithm::kSha256, user, realm, password).value_or(std::string())};
}

class AuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auth_ = make_auth({});
    alice_ = hashes("alice", kRealm, "correct horse");
  }

  std::unique_ptr<Authenticator> make_auth(const ReplayOptions& replay, std::chrono::seconds lifetime =
                                                                            std::chrono::seconds(300)) {
    auto nonces = NonceManager::create(secret_, lifetime);
    EXPECT_TRUE(nonces.has_value());
    auto a = Authenticator::create(std::move(nonces).value(), replay, clock_);
    EXPECT_TRUE(a.has_value());
    return a.has_value() ? std::move(a).value() : nullptr;
  }

  // The nonce of a fresh challenge, as a client reads it.
  std::string nonce(std::string_view realm = kRealm, Authenticator* a = nullptr) {
    const Algorithm algs[] = {Algorithm::kSha256, Algorithm::kMd5};
    auto values = (a ? a : auth_.get())->www_authenticate_values(realm, algs, false, clock_, random_);
    EXPECT_TRUE(values.has_value());
    if (!values || values->empty()) return {};
    auto p = sip::parse_auth(values->front());
    EXPECT_TRUE(p.has_value());
    return p ? std::string(p->nonce) : std::string();
  }

  ClientRequest request() {
    ClientRequest r;
    r.nonce = nonce();
    return r;
  }

  Verdict verify(const std::string& header, const AccountHashes* account, std::string_view method = "REGISTER",
                 std::string_view request_uri = "sip:example.com", std::string_view realm = kRealm,
                 Authenticator* a = nullptr) {
    auto creds = sip::parse_auth(header);
    EXPECT_TRUE(creds.has_value()) << header;
    if (!creds) return Verdict::kMalformed;
    return (a ? a : auth_.get())->verify(*creds, method, request_uri, account, realm, clock_);
  }
  Verdict verify(const Params& p, const AccountHashes* account, std::string_view method = "REGISTER",
                 std::string_view request_uri = "sip:example.com") {
    return verify(p.str(), account, method, request_uri);
  }

  FakeClock clock_{1'700'000'000};
  SeededRandom random_{1};
  Secret secret_ = generate_secret(random_);
  std::unique_ptr<Authenticator> auth_;
  AccountHashes alice_;
};

}  // namespace vg::auth::test
