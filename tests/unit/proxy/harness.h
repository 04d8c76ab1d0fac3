// Sans-I/O harness for the proxy core tests: a recording Sender, a fake clock, seeded randomness,
// Settings from a YAML string, and helpers that play SIP user agents (requests, responses, digest
// credentials) against one ProxyCore. No sockets, no sleeps.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/algorithm.h"
#include "auth/digest.h"
#include "auth/nonce.h"
#include "config/config.h"
#include "core/clock.h"
#include "core/random.h"
#include "net/transport.h"
#include "proxy/dialogs.h"
#include "proxy/digest_guard.h"
#include "proxy/location.h"
#include "proxy/proxy.h"
#include "proxy/settings.h"
#include "proxy/transactions.h"
#include "sip/auth.h"
#include "sip/message.h"

namespace vg::proxy::test {

using namespace std::chrono_literals;

inline constexpr std::string_view kDomain = "example.com";
inline constexpr std::string_view kEdgeDomain = "edge.example.net";
inline constexpr std::string_view kAlicePassword = "Wonder-Land-2024!";
inline constexpr std::string_view kBobPassword = "Bu1lder#Crane-77";
inline constexpr std::string_view kCarolPassword = "Opera$Singer-93";

// Two listeners (UDP index 0, TCP index 1) on 127.0.0.1:5060; a registrar tenant with three
// accounts and a "+44" route to the trunk; an edge tenant in front of the PBX. NAT keepalives and
// upstream health checks are off so that ticks send only what the transactions need.
inline constexpr std::string_view kDefaultYaml = R"(mode: registrar
listeners:
  - { name: udp4, transport: udp, address: 127.0.0.1, port: 5060 }
  - { name: tcp4, transport: tcp, address: 127.0.0.1, port: 5060 }
registrar:
  min_expires: 60
  max_expires: 3600
  default_expires: 600
  max_contacts: 2
  nat_keepalive: none
auth:
  algorithms: [SHA-256, MD5]
  nonce_lifetime: 60
dialogs:
  early_timeout: 180
  max_duration: 3600
transactions:
  timer_t1_ms: 500
  timer_t2_ms: 4000
upstreams:
  - { name: pbx, host: 127.0.0.50, port: 5070, health_check: { interval: 0 } }
  - { name: trunk, host: 127.0.0.60, port: 5080, health_check: { interval: 0 } }
tenants:
  - domain: example.com
    routes:
      - { prefix: "+44", upstream: trunk }
    accounts:
      - { username: alice, password: "Wonder-Land-2024!" }
      - { username: bob, password: "Bu1lder#Crane-77" }
      - { username: carol, password: "Opera$Singer-93" }
  - domain: edge.example.net
    mode: edge
    default_upstream: pbx
)";

inline Endpoint ep(std::string_view text) {
  auto e = Endpoint::parse(text);
  EXPECT_TRUE(e.has_value()) << text;
  return e.value_or(Endpoint{});
}

inline const Endpoint kPbx = ep("127.0.0.50:5070");
inline const Endpoint kTrunk = ep("127.0.0.60:5080");
inline const Endpoint kUs = ep("127.0.0.1:5060");

// One message the proxy sent, parsed back.
struct Sent {
  net::Outbound to;
  std::string bytes;
  std::shared_ptr<const sip::Message> msg;  // null when the bytes do not parse

  [[nodiscard]] bool parsed() const { return msg != nullptr; }
  [[nodiscard]] const sip::Message& m() const { return *msg; }
  [[nodiscard]] bool is_response() const { return msg && msg->is_response(); }
  [[nodiscard]] int status() const { return msg && msg->is_response() ? msg->status_code() : 0; }
  [[nodiscard]] std::string method() const { return msg && msg->is_request() ? std::string(msg->method_name()) : ""; }
  [[nodiscard]] std::string cseq_method() const {
    auto c = msg ? msg->cseq() : sip::parse_cseq("");
    return c ? std::string(c->method_name) : std::string();
  }
  // First value of a header ("" when absent).
  [[nodiscard]] std::string header(std::string_view name) const {
    const auto* h = msg ? msg->header(name) : nullptr;
    return h ? std::string(h->value) : std::string();
  }
  // Every value of a header, in order.
  [[nodiscard]] std::vector<std::string> headers(std::string_view name) const {
    std::vector<std::string> out;
    if (!msg) return out;
    const auto* first = msg->header(name);
    if (!first) return out;
    for (const auto& h : msg->headers()) {
      if ((first->id != sip::HeaderId::kUnknown && h.id == first->id) ||
          (first->id == sip::HeaderId::kUnknown && h.name == first->name)) {
        out.emplace_back(h.value);
      }
    }
    return out;
  }
  [[nodiscard]] std::string ruri() const { return msg ? std::string(msg->request_uri_text()) : ""; }
};

inline std::ostream& operator<<(std::ostream& os, const Sent& s) {
  return os << "to " << s.to.destination.to_string() << ":\n" << s.bytes;
}

class FakeSender final : public net::Sender {
 public:
  net::SendError send(const net::Outbound& to, std::string_view bytes) override {
    Sent s;
    s.to = to;
    s.bytes = std::string(bytes);
    auto m = sip::Message::parse(bytes, sip::ParseOptions{{}, to.transport != net::Transport::kUdp});
    if (m) s.msg = std::make_shared<const sip::Message>(std::move(*m));
    sent.push_back(std::move(s));
    return result;
  }

  std::vector<Sent> take() { return std::exchange(sent, {}); }

  std::vector<Sent> sent;
  net::SendError result = net::SendError::kNone;
};

// A SIP user agent as the proxy sees it: where it really is and what it writes in its headers.
struct Ua {
  std::string user;
  std::string password;
  Endpoint source;           // real (public) address
  std::string contact_host;  // host:port it writes in Via and Contact (private when behind NAT)
  net::Transport transport = net::Transport::kUdp;
  net::ConnectionId connection = 0;
  std::string domain = std::string(kDomain);

  [[nodiscard]] std::string contact_uri() const {
    std::string u = "sip:" + user + "@" + contact_host;
    if (transport == net::Transport::kTcp) u += ";transport=tcp";
    return u;
  }
  [[nodiscard]] std::string aor() const { return user + "@" + domain; }
  [[nodiscard]] std::string transport_name() const { return transport == net::Transport::kTcp ? "TCP" : "UDP"; }
};

// Alice and Bob sit behind NATs (the contact host differs from the source); Carol does not.
inline Ua alice() { return Ua{"alice", std::string(kAlicePassword), ep("192.0.2.10:5062"), "10.0.0.5:5062"}; }
inline Ua bob() { return Ua{"bob", std::string(kBobPassword), ep("198.51.100.20:5080"), "192.168.1.7:5060"}; }
inline Ua carol() { return Ua{"carol", std::string(kCarolPassword), ep("203.0.113.30:5060"), "203.0.113.30:5060"}; }

// A request as a UA writes it. Headers come out in the order: Via, Max-Forwards, Route, From, To,
// Call-ID, CSeq, Contact, Expires, extra, Content-Length.
struct Request {
  std::string method = "REGISTER";
  std::string ruri;
  std::vector<std::string> vias;
  std::optional<int> max_forwards = 70;
  std::vector<std::string> routes;
  std::string from, to, call_id;
  uint32_t cseq = 1;
  std::vector<std::string> contacts;
  std::optional<int> expires;
  std::vector<std::pair<std::string, std::string>> extra;
  std::string body;

  [[nodiscard]] std::string str() const {
    std::string out = method + " " + ruri + " SIP/2.0\r\n";
    for (const auto& v : vias) out += "Via: " + v + "\r\n";
    if (max_forwards) out += "Max-Forwards: " + std::to_string(*max_forwards) + "\r\n";
    for (const auto& r : routes) out += "Route: " + r + "\r\n";
    out += "From: " + from + "\r\n";
    out += "To: " + to + "\r\n";
    out += "Call-ID: " + call_id + "\r\n";
    out += "CSeq: " + std::to_string(cseq) + " " + method + "\r\n";
    for (const auto& c : contacts) out += "Contact: " + c + "\r\n";
    if (expires) out += "Expires: " + std::to_string(*expires) + "\r\n";
    for (const auto& [n, v] : extra) out += n + ": " + v + "\r\n";
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    return out;
  }
  Request& header(std::string name, std::string value) {
    extra.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

// A response as a UA writes it to a request it received: Vias, From, To (+ tag), Call-ID, CSeq copied.
inline std::string response_to(const sip::Message& req, int status, std::string_view reason, std::string_view to_tag,
                               const std::vector<std::pair<std::string, std::string>>& extra = {}) {
  std::string out = "SIP/2.0 " + std::to_string(status) + " " + std::string(reason) + "\r\n";
  for (const auto& h : req.headers()) {
    if (h.id == sip::HeaderId::kVia) out += "Via: " + std::string(h.value) + "\r\n";
  }
  for (const auto& h : req.headers()) {
    if (h.id == sip::HeaderId::kRecordRoute) out += "Record-Route: " + std::string(h.value) + "\r\n";
  }
  out += "From: " + std::string(req.header(sip::HeaderId::kFrom)->value) + "\r\n";
  std::string to(req.header(sip::HeaderId::kTo)->value);
  auto parsed_to = req.to();
  if (!to_tag.empty() && parsed_to && !(*parsed_to)->tag()) to += ";tag=" + std::string(to_tag);
  out += "To: " + to + "\r\n";
  out += "Call-ID: " + std::string(req.header(sip::HeaderId::kCallId)->value) + "\r\n";
  out += "CSeq: " + std::string(req.header(sip::HeaderId::kCSeq)->value) + "\r\n";
  for (const auto& [n, v] : extra) out += n + ": " + v + "\r\n";
  out += "Content-Length: 0\r\n\r\n";
  return out;
}

// A challenge as a client reads it from WWW-Authenticate / Proxy-Authenticate.
struct Challenge {
  std::string realm, nonce, algorithm;
  bool stale = false;
};

inline std::optional<Challenge> parse_challenge(std::string_view value) {
  auto p = sip::parse_auth(value);
  if (!p || !p->is_digest) return std::nullopt;
  Challenge c{std::string(p->realm), std::string(p->nonce), std::string(p->algorithm), false};
  c.stale = p->has_stale && (p->stale == "true" || p->stale == "TRUE");
  return c;
}

// Credentials a correct client sends for `ch` (qop=auth), computed with vg::auth.
inline std::string credentials(const Challenge& ch, std::string_view user, std::string_view password,
                               std::string_view method, std::string_view uri, std::string_view nc = "00000001",
                               std::string_view cnonce = "0a4f113b") {
  auto alg = auth::parse_algorithm(ch.algorithm.empty() ? "MD5" : ch.algorithm);
  EXPECT_TRUE(alg.has_value()) << ch.algorithm;
  const auth::Algorithm a = alg.value_or(auth::Algorithm::kMd5);
  auto h = auth::ha1(a, user, ch.realm, password);
  EXPECT_TRUE(h.has_value());
  auto r = auth::digest_response(a, {.ha1 = h.value_or(std::string()),
                                     .nonce = ch.nonce,
                                     .nc = nc,
                                     .cnonce = cnonce,
                                     .qop = "auth",
                                     .method = method,
                                     .uri = uri});
  EXPECT_TRUE(r.has_value());
  return "Digest username=\"" + std::string(user) + "\", realm=\"" + ch.realm + "\", nonce=\"" + ch.nonce +
         "\", uri=\"" + std::string(uri) + "\", response=\"" + r.value_or(std::string()) +
         "\", algorithm=" + std::string(auth::algorithm_name(a)) + ", qop=auth, nc=" + std::string(nc) +
         ", cnonce=\"" + std::string(cnonce) + "\"";
}

// Settings as the server resolves them: upstream IP literals, two listeners on 127.0.0.1:5060.
inline SettingsPtr make_settings(std::string_view yaml);
inline SettingsPtr with_trying(SettingsPtr s, bool deferred) {
  if (s && !deferred) std::const_pointer_cast<Settings>(s)->config.transactions.trying_delay = std::chrono::milliseconds(0);
  return s;
}

inline SettingsPtr make_settings(std::string_view yaml) {
  auto r = config::load_config_string(yaml, "test.yaml");
  if (!r) {
    std::string msg;
    for (const auto& e : r.error()) msg += e.to_string() + "\n";
    ADD_FAILURE() << msg;
    return nullptr;
  }
  auto s = std::make_shared<Settings>();
  for (const auto& u : r->upstreams) {
    net::Outbound out;
    out.transport = u.transport == config::Transport::kTcp ? net::Transport::kTcp : net::Transport::kUdp;
    out.destination = Endpoint{IpAddress::parse(u.host).value_or(IpAddress{}), u.port};
    s->upstreams[u.name] = out;
  }
  for (const auto& l : r->listeners) {
    ListenerInfo li;
    li.transport = l.transport == config::Transport::kTcp ? net::Transport::kTcp : net::Transport::kUdp;
    li.bound = l.endpoint();
    li.advertised = li.bound.to_string();
    s->listeners.push_back(li);
  }
  s->config = std::move(*r);
  return s;
}

inline auth::Secret fixed_secret() {
  auth::Secret s{};
  for (size_t i = 0; i < s.size(); ++i) s[i] = static_cast<uint8_t>(0xA0 + i);
  return s;
}

class RecordingObserver final : public ProxyObserver {
 public:
  struct Upstream {
    Endpoint source;
    std::string user;
    int status;
  };
  struct Failure {
    Endpoint source;
    std::string user, why;
  };
  void on_upstream_auth_failure(const Endpoint& source, std::string_view user, int status) override {
    upstream.push_back({source, std::string(user), status});
  }
  void on_auth_failure(const Endpoint& source, std::string_view user, std::string_view why) override {
    failures.push_back({source, std::string(user), std::string(why)});
  }
  std::vector<Upstream> upstream;
  std::vector<Failure> failures;
};

// One proxy core with everything it needs, driven by hand.
class Harness {
 public:
  // The call tests expect the 100 (Trying) at once; the deferred one (transactions.trying_delay_ms)
  // has its own tests (deferred_trying = true keeps the configured delay).
  explicit Harness(std::string_view yaml = kDefaultYaml, BindingStore* store = nullptr, bool deferred_trying = false)
      : settings(with_trying(make_settings(yaml), deferred_trying)),
        location(store),
        dialogs(DialogTimeouts{settings->config.dialogs.early_timeout, settings->config.dialogs.max_duration}),
        txns(TimerConfig{settings->config.transactions.timer_t1, settings->config.transactions.timer_t2, 180000ms}),
        digest(fixed_secret(), settings->config.auth.nonce_lifetime, clock, random),
        proxy(settings, location, dialogs, txns, digest, clock, random) {}

  // Delivers bytes as if received from `from` on the listener of `transport`.
  void deliver(const Endpoint& from, std::string_view bytes, net::Transport transport = net::Transport::kUdp,
               net::ConnectionId connection = 0) {
    net::Inbound in;
    in.data = bytes;
    in.source = from;
    in.local = kUs;
    in.transport = transport;
    in.connection = connection;
    in.listener = transport == net::Transport::kUdp ? 0 : 1;
    in.received_at = clock.mono();
    proxy.on_message(in, sender);
  }
  void deliver(const Ua& ua, std::string_view bytes) { deliver(ua.source, bytes, ua.transport, ua.connection); }

  void tick() { proxy.on_tick(clock.mono(), sender); }
  // Advances the fake clock in steps of `step`, ticking after each, for `total`.
  void run_for(Clock::Duration total, Clock::Duration step = 50ms) {
    for (Clock::Duration t{0}; t < total; t += step) {
      clock.advance(step);
      tick();
    }
  }

  std::vector<Sent> take() { return sender.take(); }
  // Exactly one message sent since the last take(); fails the test otherwise.
  Sent take_one() {
    auto all = take();
    EXPECT_EQ(all.size(), 1u) << dump(all);
    if (all.empty()) return Sent{};
    return all.front();
  }
  static std::string dump(const std::vector<Sent>& all) {
    std::string out;
    for (const auto& s : all) out += "--- to " + s.to.destination.to_string() + "\n" + s.bytes;
    return out;
  }

  std::string next_branch() { return "z9hG4bK-t" + std::to_string(++branch_seq_); }
  std::string next_tag() { return "tag" + std::to_string(++tag_seq_); }
  std::string next_call_id() { return "call-" + std::to_string(++call_seq_) + "@test"; }

  std::string via_of(const Ua& ua, const std::string& branch) const {
    return "SIP/2.0/" + ua.transport_name() + " " + ua.contact_host + ";branch=" + branch + ";rport";
  }

  // A REGISTER from `ua` for its own AOR (no credentials).
  Request register_request(const Ua& ua, std::vector<std::string> contacts, std::optional<int> expires = {},
                           uint32_t cseq = 1, std::string call_id = {}) {
    Request r;
    r.method = "REGISTER";
    r.ruri = "sip:" + ua.domain;
    r.vias = {via_of(ua, next_branch())};
    r.from = "<sip:" + ua.aor() + ">;tag=" + next_tag();
    r.to = "<sip:" + ua.aor() + ">";
    r.call_id = call_id.empty() ? "reg-" + ua.user + "@test" : call_id;
    r.cseq = cseq;
    r.contacts = std::move(contacts);
    r.expires = expires;
    return r;
  }

  // Sends `r` from `ua`; on a 401/407 answers the challenge of `algorithm` (empty: the first) with
  // ua's credentials (as `cred_user`/`cred_password` when given). Returns the final answer.
  Sent send_authenticated(const Ua& ua, Request r, std::string_view algorithm = {}, std::string cred_user = {},
                          std::string cred_password = {}) {
    deliver(ua, r.str());
    auto first = take();
    auto it = std::find_if(first.begin(), first.end(), [&](const Sent& s) {
      return s.to.destination == ua.source && (s.status() == 401 || s.status() == 407);
    });
    if (it == first.end()) {
      ADD_FAILURE() << "no challenge:\n" << dump(first);
      return first.empty() ? Sent{} : first.back();
    }
    const bool proxy_auth = it->status() == 407;
    const auto values = it->headers(proxy_auth ? "Proxy-Authenticate" : "WWW-Authenticate");
    std::optional<Challenge> ch;
    for (const auto& v : values) {
      auto c = parse_challenge(v);
      if (c && (algorithm.empty() || c->algorithm == algorithm)) {
        ch = c;
        break;
      }
    }
    if (!ch) {
      ADD_FAILURE() << "no challenge for " << algorithm;
      return *it;
    }
    if (r.method == "INVITE") {
      // The UA ACKs the 407 (same branch, RFC 3261 §17.1.1.3).
      Request ack = r;
      ack.method = "ACK";
      ack.contacts.clear();
      ack.to = std::string(it->m().header(sip::HeaderId::kTo)->value);
      ack.body.clear();
      deliver(ua, ack.str());
      auto after_ack = take();
      EXPECT_TRUE(after_ack.empty()) << dump(after_ack);
    }
    r.vias = {via_of(ua, next_branch())};
    r.cseq += 1;
    r.header(proxy_auth ? "Proxy-Authorization" : "Authorization",
             credentials(*ch, cred_user.empty() ? ua.user : cred_user,
                         cred_password.empty() ? ua.password : cred_password, r.method, r.ruri));
    deliver(ua, r.str());
    last_request = r;
    auto second = take();
    if (second.empty()) {
      ADD_FAILURE() << "nothing sent after credentials";
      return Sent{};
    }
    // Any other messages (the forwarded request) stay available in `forwarded`.
    forwarded.clear();
    Sent answer;
    for (auto& s : second) {
      if (s.to.destination == ua.source && s.is_response() && answer.bytes.empty()) {
        answer = s;
      } else {
        forwarded.push_back(std::move(s));
      }
    }
    return answer;
  }

  // Registers ua's contact (default expiry); expects 200.
  void register_ua(const Ua& ua, std::optional<int> expires = {}) {
    auto r = send_authenticated(ua, register_request(ua, {"<" + ua.contact_uri() + ">"}, expires));
    ASSERT_EQ(r.status(), 200) << r.bytes;
  }

  // An INVITE from `from` to `to_user`@domain.
  Request invite_request(const Ua& from, std::string_view to_user, std::string_view domain = kDomain) {
    Request r;
    r.method = "INVITE";
    r.ruri = "sip:" + std::string(to_user) + "@" + std::string(domain);
    r.vias = {via_of(from, next_branch())};
    r.from = "\"" + from.user + "\" <sip:" + from.aor() + ">;tag=" + next_tag();
    r.to = "<sip:" + std::string(to_user) + "@" + std::string(domain) + ">";
    r.call_id = next_call_id();
    r.cseq = 1;
    r.contacts = {"<" + from.contact_uri() + ">"};
    r.header("Content-Type", "application/sdp");
    r.body = "v=0\r\no=- 1 1 IN IP4 10.0.0.5\r\ns=-\r\nc=IN IP4 10.0.0.5\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
    return r;
  }

  FakeClock clock;
  SeededRandom random{7};
  SettingsPtr settings;
  LocationService location;
  DialogTracker dialogs;
  TransactionTable txns;
  DigestGuard digest;
  ProxyCore proxy;
  FakeSender sender;
  Request last_request;         // the authenticated request send_authenticated sent last
  std::vector<Sent> forwarded;  // what send_authenticated saw besides the answer to the UA

 private:
  int branch_seq_ = 0, tag_seq_ = 0, call_seq_ = 0;
};

// Finds the one sent message matching pred; fails when none or several match.
template <class Pred>
Sent find_one(const std::vector<Sent>& all, Pred pred, std::string_view what) {
  std::vector<Sent> hits;
  for (const auto& s : all) {
    if (pred(s)) hits.push_back(s);
  }
  EXPECT_EQ(hits.size(), 1u) << what << "\n" << Harness::dump(all);
  return hits.empty() ? Sent{} : hits.front();
}

}  // namespace vg::proxy::test
