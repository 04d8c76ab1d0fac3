// Request path of the proxy core: validation, transactions, routing decisions and forwarding.
#include "proxy/proxy.h"
#include "proxy/proxy_ctx.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "log/log.h"
#include "filters/pipeline.h"
#include "proxy/build.h"
#include "sip/auth.h"
#include "sip/editor.h"
#include "sip/response.h"
#include "sip/scan.h"

namespace vg::proxy {

using sip::HeaderId;
using sip::Method;


namespace {

// A 64-bit hash of the loop-detection part of our branches (not a security function: a collision
// only makes a request look like a loop to the process that built the branch). Eight bytes a step.
uint64_t mix_hash(uint64_t h, std::string_view s) {
  constexpr uint64_t kMul = 0x9e3779b97f4a7c15ULL;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t chunk;
    std::memcpy(&chunk, s.data() + i, 8);
    h = (h ^ chunk) * kMul;
    h ^= h >> 29;
  }
  uint64_t tail = 0;
  if (i < s.size()) std::memcpy(&tail, s.data() + i, s.size() - i);  // an empty view may have no data
  h = (h ^ tail ^ (static_cast<uint64_t>(s.size()) << 56)) * kMul;
  return h ^ (h >> 32);
}

// 16 lower-case hex digits of v at out.
void hex16_into(uint64_t v, char* out) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (int i = 15; i >= 0; --i, v >>= 4) out[i] = kDigits[v & 15];
}

constexpr std::string_view kBranchPrefix = "z9hG4bKvg";

// RFC 3261 §16.6 step 8 / §16.3 step 4: the loop-detection hash covers what identifies the request
// as received: Request-URI, From tag, To tag, Call-ID, CSeq number and the originator's Via branch.
// Not the top Via: every hop changes it, so a request coming back could never match.
uint64_t loop_hash(const sip::Message& m) {
  uint64_t h = 0xcbf29ce484222325ULL;
  h = mix_hash(h, m.request_uri_text());
  if (auto f = m.from(); f && (*f)->tag()) h = mix_hash(h, *(*f)->tag());
  if (auto t = m.to(); t && (*t)->tag()) h = mix_hash(h, *(*t)->tag());
  if (auto c = m.call_id()) h = mix_hash(h, *c);
  if (auto c = m.cseq()) {
    char digits[12];
    auto r = std::to_chars(digits, digits + sizeof digits, c->number);
    h = mix_hash(h, std::string_view(digits, static_cast<size_t>(r.ptr - digits)));
  }
  const sip::HeaderField* bottom = nullptr;
  for (const auto& f : m.headers()) {
    if (f.id == HeaderId::kVia) bottom = &f;
  }
  // Usually the originator's Via is the top one, parsed and cached already.
  if (bottom && bottom == m.header(HeaderId::kVia)) {
    if (auto v = m.top_via()) h = mix_hash(h, (*v)->branch);
  } else if (bottom) {
    if (auto v = sip::parse_via(bottom->value)) h = mix_hash(h, v->branch);
  }
  return h;
}

bool is_dialog_creating(Method m) {
  return m == Method::kInvite || m == Method::kSubscribe || m == Method::kRefer || m == Method::kNotify;
}

}  // namespace

TxnKey server_key(const sip::Message& m, std::string_view method_override) {
  thread_local std::string key;  // built here, stored inline in the returned key
  key.clear();
  auto via = m.top_via();
  std::string_view method = method_override.empty() ? m.method_name() : method_override;
  if (method == "ACK") method = "INVITE";
  char digits[12];
  auto number = [&digits](uint32_t n) {
    auto r = std::to_chars(digits, digits + sizeof digits, n);
    return std::string_view(digits, static_cast<size_t>(r.ptr - digits));
  };
  if (via && (*via)->rfc3261_branch()) {
    key.append((*via)->branch);
    key.push_back('|');
    key.append((*via)->host);
    key.push_back(':');
    key.append(number((*via)->port));
  } else {
    // RFC 2543 peers: no magic cookie; fall back to the identifying fields (§17.2.3).
    if (auto c = m.call_id()) key.append(*c);
    key.push_back('|');
    if (auto f = m.from(); f && (*f)->tag()) key.append(*(*f)->tag());
    key.push_back('|');
    if (auto c = m.cseq()) key.append(number(c->number));
    key.push_back('|');
    key.append(m.request_uri_text());
  }
  key.push_back('|');
  key.append(method);
  return TxnKey(key);
}

std::string client_key(std::string_view branch, std::string_view method) {
  std::string k(branch);
  if (method == "CANCEL") k.append("|CANCEL");
  return k;
}

ProxyCore::ProxyCore(SettingsPtr settings, LocationService& location, DialogTracker& dialogs, TransactionTable& txns,
                     DigestGuard& digest, const Clock& clock, Random& random)
    : settings_(std::move(settings)),
      location_(location),
      dialogs_(dialogs),
      txns_(txns),
      digest_(digest),
      clock_(clock),
      random_(random) {
  instance_ = random_.hex(3);
  static std::atomic<uint64_t> next_id{1};
  core_id_ = next_id.fetch_add(1, std::memory_order_relaxed);
}

bool ProxyCore::send(net::Sender& out, const net::Outbound& to, std::string_view bytes) {
  traffic_.sent(bytes, to);
  if (out.send(to, bytes) != net::SendError::kNone) {
    ++stats_.send_errors;
    return false;
  }
  return true;
}

ProxyCore::Branch ProxyCore::new_branch(Ctx& c) {
  if (!c.hashed) {
    c.hash = loop_hash(c.m);
    c.hashed = true;
  }
  Branch b;
  char* p = b.text;
  std::memcpy(p, kBranchPrefix.data(), kBranchPrefix.size());
  p += kBranchPrefix.size();
  hex16_into(c.hash, p);
  p += 16;
  *p++ = '.';
  const size_t n = std::min<size_t>(instance_.size(), 6);
  std::memcpy(p, instance_.data(), n);
  p += n;
  char counter[16];
  hex16_into(++branch_counter_, counter);
  std::memcpy(p, counter + 8, 8);
  p += 8;
  b.size = static_cast<size_t>(p - b.text);
  return b;
}

void ProxyCore::append_our_via(std::string& via, const net::Outbound& to, const Settings& s,
                               std::string_view branch) const {
  const ListenerInfo* l = s.listener_for(to);
  via.append("SIP/2.0/");
  via.append(net::transport_name(to.transport));
  via.push_back(' ');
  via.append(l ? std::string_view(l->advertised) : std::string_view("invalid"));
  via.append(";branch=");
  via.append(branch);
  via.append(";rport");
}

std::string ProxyCore::our_via(const net::Outbound& to, const Settings& s, std::string_view branch) const {
  std::string via;
  append_our_via(via, to, s, branch);
  return via;
}

void ProxyCore::append_record_route(std::string& rr, const ListenerInfo& l) {
  rr.append("<sip:");
  rr.append(l.advertised);
  if (l.transport != net::Transport::kUdp) {
    rr.append(";transport=");
    for (char ch : net::transport_name(l.transport)) rr.push_back(sip::scan::lower(ch));
  }
  rr.append(";lr>");
}

void ProxyCore::reply(Ctx& c, int status, std::string_view reason, std::initializer_list<sip::HeaderPair> extra,
                      std::string_view body, std::string_view content_type) {
  std::string to_tag = status > 100 ? instance_ + random_.hex(4) : std::string();
  std::string bytes = sip::build_response(c.m, status, reason, to_tag, extra, body, content_type);
  ++stats_.replies_sent;
  send(c.out, c.source(), bytes);
  if (!c.key.empty()) {
    txns_.server_responded(c.key, status, std::move(bytes), c.in.transport != net::Transport::kUdp, c.now);
  }
}

const Settings& ProxyCore::settings_for_this_thread() const {
  struct Cache {
    uint64_t owner = 0;
    uint64_t version = 0;
    SettingsPtr settings;
  };
  thread_local Cache cache;
  const uint64_t v = settings_version_.load(std::memory_order_acquire);
  if (cache.owner != core_id_ || cache.version != v || !cache.settings) {
    cache.settings = settings();  // may already be newer than v: the next message reloads once more
    cache.owner = core_id_;
    cache.version = v;
  }
  return *cache.settings;
}

void ProxyCore::reject_malformed(const net::Inbound& in, net::Sender& out, sip::ParseError e) {
  // RFC 3261 §21.4.1: 400 with a reason phrase naming the problem, when the message is a request
  // whose Via, From, To, Call-ID and CSeq can be recovered; anything else is dropped and counted.
  if (auto* pipe = pipeline_.load(std::memory_order_acquire)) pipe->on_malformed(in, e);
  std::string reason = "Bad Request (" + std::string(sip::describe(e)) + ")";
  auto bytes = build_raw_error_response(in.data, 400, reason);
  log::debug("malformed message from {} {}: {}", in.source.to_string(), net::transport_name(in.transport),
             sip::describe(e));
  if (!bytes) {
    ++stats_.malformed_dropped;
    return;
  }
  ++stats_.malformed_rejected;
  send(out, net::Outbound{in.transport, in.source, in.connection, in.listener}, *bytes);
}

void ProxyCore::on_message(const net::Inbound& in, net::Sender& out) {
  filters::Pipeline* pipe = pipeline_.load(std::memory_order_acquire);
  // DESIGN.md: source checks (bans, listener ACLs, flood) before parsing; a banned source costs a hash probe.
  if (pipe && !pipe->admit(in)) return;
  // One clock read pair per message for the processing-time histogram (metrics).
  struct Timing {
    TrafficStats& t;
    const Clock& clock;
    Clock::MonoTime start;
    ~Timing() { t.processed(clock.mono() - start); }
  } timing{traffic_, clock_, clock_.mono()};
  const Clock::MonoTime now = timing.start;
  sip::ParseOptions opts;
  const Settings* s = &settings_for_this_thread();
  opts.limits = s->config.limits.to_sip();
  opts.stream = in.transport != net::Transport::kUdp;
  auto m = sip::Message::parse(in.data, opts);
  if (!m) {
    reject_malformed(in, out, m.error());
    return;
  }
  if (auto v = m->validate(); !v) {
    if (m->is_request() && m->method() != Method::kAck) {
      reject_malformed(in, out, v.error());
    } else {
      ++(m->is_request() ? stats_.malformed_dropped : stats_.responses_dropped);
    }
    return;
  }
  Ctx c{in, out, *m, s, now, {}, 0, false, {}};
  traffic_.received(*m, in);
  if (m->is_request()) {
    ++stats_.requests_in;
    if (pipe) {
      auto v = pipe->check_request(in, *m, c.settings->config);
      if (!v.passes()) return apply_filter_verdict(c, v);
    }
    handle_request(c);
  } else {
    ++stats_.responses_in;
    handle_response(c);
  }
}

std::optional<net::Outbound> ProxyCore::next_hop_for_uri(const sip::Uri& uri, const Settings& s) const {
  if (!uri.is_sip_or_sips() || uri.host_type == sip::HostType::kNone) return std::nullopt;
  net::Outbound to;
  auto transport = uri.params.get("transport");
  to.transport = uri.scheme == sip::UriScheme::kSips ? net::Transport::kTls : net::Transport::kUdp;
  if (transport && sip::scan::iequals(*transport, "tcp")) to.transport = net::Transport::kTcp;
  if (transport && sip::scan::iequals(*transport, "tls")) to.transport = net::Transport::kTls;
  auto maddr = uri.params.get("maddr");
  std::string host(maddr ? *maddr : uri.host_bare());
  auto ip = IpAddress::parse(host);
  if (!ip) {
    // Host names are resolved only for configured upstreams (at start); anything else is unroutable.
    for (const auto& u : s.config.upstreams) {
      if (sip::scan::iequals(u.host, host)) {
        auto it = s.upstreams.find(u.name);
        if (it != s.upstreams.end()) return it->second;
      }
    }
    return std::nullopt;
  }
  const uint16_t default_port = to.transport == net::Transport::kTls ? 5061 : 5060;
  to.destination = Endpoint{*ip, uri.port ? uri.port : default_port};
  size_t idx = 0;
  if (!s.listener_for(to, &idx)) return std::nullopt;
  to.listener = idx;
  return to;
}

void ProxyCore::routes_of(Ctx& c) const {
  if (c.routes.done) return;
  c.routes.done = true;
  const Settings& s = *c.settings;
  sip::NameAddr r;
  bool leading = true;
  for (const auto& h : c.m.headers()) {
    if (h.id != HeaderId::kRoute) continue;
    if (sip::parse_name_addr_into(h.value, c.m.limits().max_uri_length, false, r) != sip::ParseError::kNone) {
      c.routes = Ctx::Routes{true, false, 0, false, std::nullopt};  // one bad entry: no usable route set
      return;
    }
    if (!leading) continue;  // the rest is only checked for syntax
    if (s.is_us(r.uri.host, r.uri.port)) {
      ++c.routes.ours;
    } else {
      leading = false;
      c.routes.has_other = true;
      c.routes.other_hop = next_hop_for_uri(r.uri, s);
    }
  }
  c.routes.ok = true;
}

namespace {
// Expires header of a message, bounded to what a subscription may ask for.
std::optional<std::chrono::seconds> expires_of(const sip::Message& m) {
  auto e = m.expires();
  if (!e) return std::nullopt;
  return std::chrono::seconds(std::min<uint32_t>(*e, SubscriptionTracker::kMaxExpiry.count()));
}
}  // namespace

void ProxyCore::note_subscription_request(const Ctx& c) {
  const auto& m = c.m;
  std::optional<std::chrono::seconds> expires;
  bool terminated = false;
  if (m.method() == Method::kSubscribe) {
    expires = expires_of(m);
    terminated = expires && expires->count() == 0;  // RFC 6665 §4.1.2.3: unsubscribe
  } else if (const auto* h = m.header(HeaderId::kSubscriptionState)) {
    // RFC 6665 §8.2.3: Subscription-State: active|pending;expires=N or terminated;reason=...
    const std::string_view v = h->value;
    terminated = sip::scan::iequals(v.substr(0, std::min<size_t>(v.size(), 10)), "terminated");
    const size_t semi = v.find(';');
    if (semi != std::string_view::npos) {
      sip::ParamList params(v.substr(semi + 1));
      if (auto e = params.get("expires")) {
        if (auto n = sip::scan::parse_uint<uint32_t>(*e, UINT32_MAX)) {
          expires = std::chrono::seconds(std::min<uint32_t>(*n, SubscriptionTracker::kMaxExpiry.count()));
        }
      }
    }
  }
  subscriptions_.on_request(*m.call_id(), (*m.from())->tag().value_or(""), *(*m.to())->tag(), expires, terminated,
                            c.now);
}

void ProxyCore::handle_request(Ctx& c) {
  const auto& m = c.m;
  const Settings& s = *c.settings;
  if (m.method() == Method::kAck) return handle_ack(c);
  if (m.method() == Method::kCancel) return handle_cancel(c);

  c.key = server_key(m);
  ServerTxn fresh;
  fresh.reply_to = c.source();
  fresh.invite = m.method() == Method::kInvite;
  // Bound on an unanswered server transaction: Timer C plus the client's Timer B.
  fresh.expires = c.now + txns_.timers().timer_c + 64 * txns_.timers().t1;
  if (auto existing = txns_.find_or_add_server(c.key, fresh)) {
    // A retransmission (RFC 3261 §17.2.1 / §17.2.2): resend the last response, or absorb it.
    ++stats_.retransmissions_absorbed;
    if (!existing->last_response.empty()) send(c.out, existing->reply_to, existing->last_response);
    return;
  }

  // RFC 3261 §16.3 step 3: Max-Forwards.
  if (auto mf = m.max_forwards(); mf && *mf == 0) {
    ++stats_.too_many_hops;
    return reply(c, 483, "Too Many Hops");
  }
  // §16.3 step 4: loop detection — one of our Vias carries the same request hash.
  c.hash = loop_hash(m);
  c.hashed = true;
  char ours_text[32];
  std::memcpy(ours_text, kBranchPrefix.data(), kBranchPrefix.size());
  hex16_into(c.hash, ours_text + kBranchPrefix.size());
  const std::string_view ours(ours_text, kBranchPrefix.size() + 16);
  for (const auto& h : m.headers()) {
    // Only a Via holding our hash can be ours: parse just those (the others were parsed once by
    // validate(), and a request rarely carries our branch).
    if (h.id != HeaderId::kVia || h.value.find(ours) == std::string_view::npos) continue;
    auto v = sip::parse_via(h.value);
    if (v && v->branch.substr(0, ours.size()) == ours &&
        s.is_us(v->host, v->port)) {
      ++stats_.loops_detected;
      return reply(c, 482, "Loop Detected");
    }
  }

  // In-dialog requests (To tag): loose routing along the recorded route (§16.4, §16.12).
  auto to = m.to();
  const bool in_dialog = to && (*to)->tag().has_value();
  auto ruri = m.request_uri();
  if (in_dialog) {
    // An in-dialog request must belong to a dialog we track (every INVITE dialog through us is),
    // unless an upstream sends it: a forged To tag must not turn voipguard into an open relay or
    // get an unauthenticated INVITE to a trunk. A re-INVITE needs a confirmed call.
    const bool subscription_method = m.method() == Method::kSubscribe || m.method() == Method::kNotify;
    if (!s.is_upstream(c.in.source) && !known_dialog(m, m.method() == Method::kInvite) &&
        !(subscription_method &&
          subscriptions_.known(*m.call_id(), (*m.from())->tag().value_or(""), *(*to)->tag(), c.now))) {
      return reply(c, 481, "Call/Transaction Does Not Exist");
    }
    if (subscription_method) note_subscription_request(c);
    routes_of(c);
    std::optional<net::Outbound> hop;
    if (c.routes.ok) {
      hop = c.routes.other_hop;
      if (!c.routes.has_other) hop = next_hop_for_uri(**ruri, s);  // only our own entries (or none)
    }
    if (!hop) return reply(c, 404, "Not Found (no route for in-dialog request)");
    if (auto cs = m.cseq(); cs) {
      auto f = m.from();
      dialogs_.on_request(*m.call_id(), (*f)->tag().value_or(""), *(*to)->tag(), m.method_name(), cs->number,
                          clock_.unix_seconds() * 1000);
    }
    return forward_request(c, *hop, std::nullopt, {}, {}, {});
  }

  // Out of dialog: which tenant? The Request-URI's domain for REGISTER and calls to local users.
  const config::Tenant* tenant = s.config.find_tenant((*ruri)->host_bare());
  if (m.method() == Method::kRegister) {
    // A REGISTER addressed to our IP rather than the domain: the To header names the domain.
    if (!tenant && s.is_us((*ruri)->host, (*ruri)->port)) tenant = s.config.find_tenant((*to)->uri.host_bare());
    if (!tenant) return reply(c, 403, "Forbidden (domain not served here)");
    if (tenant->mode == config::Mode::kRegistrar) {
      if (!tls_required_ok(c, *tenant, {})) return;  // before the challenge: no credentials in the clear
      return handle_register(c, *tenant);
    }
    return route_to_upstream(c, tenant->default_upstream, {}, tenant->domain);
  }
  // An OPTIONS ping without a user part addressed to us (any port: some tools write it wrongly)
  // or to a tenant domain is answered here.
  if (m.method() == Method::kOptions && (*ruri)->user.empty() && (tenant || s.is_our_host((*ruri)->host))) {
    return reply(c, 200, "OK", {{"Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, INFO, UPDATE, PRACK, "
                                          "SUBSCRIBE, NOTIFY, REFER, MESSAGE"},
                                {"Accept", "application/sdp"}});
  }
  if (!tenant) {
    // A request for a domain we do not serve: calls from our own accounts may still be routed by the
    // From domain's tenant (calls to numbers written as sip:+44...@trunk).
    auto from = m.from();
    tenant = s.config.find_tenant((*from)->uri.host_bare());
    if (!tenant) return reply(c, 404, "Not Found (domain not served here)");
  }
  if (tenant->mode == config::Mode::kEdge) return route_to_upstream(c, tenant->default_upstream, {}, tenant->domain);

  // Registrar mode. Requests from a configured upstream (trunk/PBX) are trusted; anything else must
  // authenticate as one of the tenant's accounts (407), so every call has an accountable caller.
  std::string caller_account;
  if (!s.is_upstream(c.in.source)) {
    if (!tls_required_ok(c, *tenant, {})) return;
    if (!authorize_call(c, *tenant, caller_account)) return;
    if (!tls_required_ok(c, *tenant, caller_account)) return;
  }
  const std::string user((*ruri)->user);
  if (tenant->find_account(user)) {
    std::string aor = user + "@" + tenant->domain;
    auto bindings = location_.lookup(aor, clock_.unix_seconds());
    if (bindings.empty()) return reply(c, 480, "Temporarily Unavailable");
    const Binding& b = bindings.front();
    // Deliver to where the UA really is (its REGISTER's source; over its own connection if stream).
    net::Outbound dest{b.transport, b.source, b.connection, b.listener};
    return forward_request(c, dest, b.contact, caller_account, user, tenant->domain);
  }
  const config::Route* route = tenant->route_for(user);
  const std::string& up_name = route ? route->upstream : tenant->default_upstream;
  if (up_name.empty()) return reply(c, 404, "Not Found");
  route_to_upstream(c, up_name, caller_account, tenant->domain);
}

void ProxyCore::route_to_upstream(Ctx& c, const std::string& name, const std::string& caller_account,
                                  const std::string& tenant) {
  auto up = c.settings->upstreams.find(name);
  if (up == c.settings->upstreams.end()) return reply(c, 503, "Service Unavailable (no upstream)");
  if (!upstream_healthy(name)) return reply(c, 503, "Service Unavailable (upstream not answering)");
  forward_request(c, up->second, std::nullopt, caller_account, {}, tenant);
}

bool ProxyCore::authorize_call(Ctx& c, const config::Tenant& tenant, std::string& account) {
  auto v = digest_.verify(c.m, HeaderId::kProxyAuthorization, tenant, [&](std::string_view h, uint16_t p) { return c.settings->is_us(h, p); });
  if (v.outcome == DigestGuard::Outcome::kOk) {
    if (!source_allowed(tenant, v.username, c.in.source)) {
      ++stats_.auth_failures;
      if (observer_) observer_->on_auth_failure(c.in.source, v.username, "source not in the account's allow_from");
      reply(c, 403, "Forbidden (source network not allowed for this account)");
      return false;
    }
    account = v.username;
    return true;
  }
  const bool stale = v.outcome == DigestGuard::Outcome::kStale;
  if (v.outcome == DigestGuard::Outcome::kFailed) {
    ++stats_.auth_failures;
    if (observer_) observer_->on_auth_failure(c.in.source, v.username, v.why);
    reply(c, 403, "Forbidden");
    return false;
  }
  ++stats_.auth_challenges;
  send_challenge(c, 407, digest_.challenges(tenant.domain, c.settings->config.auth, stale));
  return false;
}

bool ProxyCore::known_dialog(const sip::Message& m, bool confirmed_only) const {
  auto to = m.to();
  auto call_id = m.call_id();
  if (!to || !(*to)->tag() || !call_id) return false;
  return dialogs_.known(*call_id, (*m.from())->tag().value_or(""), *(*to)->tag(), confirmed_only);
}

bool ProxyCore::source_allowed(const config::Tenant& tenant, std::string_view username, const Endpoint& source) {
  const config::Account* a = tenant.find_account(username);
  if (!a || a->allow_from.empty()) return true;
  return std::any_of(a->allow_from.begin(), a->allow_from.end(),
                     [&](const Cidr& net) { return net.contains(source.address); });
}

void ProxyCore::forward_request(Ctx& c, const net::Outbound& to_in, std::optional<std::string> new_ruri,
                                const std::string& caller_account, const std::string& callee_account,
                                const std::string& tenant) {
  const auto& m = c.m;
  const Settings& s = *c.settings;
  net::Outbound to = to_in;
  size_t out_index = 0;
  const ListenerInfo* out_listener = s.listener_for(to, &out_index);
  if (!out_listener) return reply(c, 502, "Bad Gateway (no listener for the next hop's transport)");
  if (!sips_target_ok(c, to)) return;
  to.listener = out_index;
  // Toll fraud: an outgoing call is checked before anything is sent or tracked, so a refused call
  // leaves no state behind (calls to local accounts and calls from upstreams are not checked).
  if (fraud_ && m.method() == Method::kInvite && callee_account.empty() && !(m.to() && (*m.to())->tag()) &&
      !fraud_admits(c, caller_account, tenant)) {
    return;
  }

  sip::Editor e(m);
  if (new_ruri) e.set_request_uri(*new_ruri);
  // §16.6 step 3: Max-Forwards decremented (or added).
  if (auto mf = m.max_forwards()) {
    char digits[4];
    auto r = std::to_chars(digits, digits + sizeof digits, *mf - 1);
    e.replace(HeaderId::kMaxForwards, std::string_view(digits, static_cast<size_t>(r.ptr - digits)));
  } else {
    e.prepend(HeaderId::kMaxForwards, "70");
  }
  // RFC 3261 §22.3 / §20.28: credentials we verified for our realm are consumed here. Passed on, they
  // would hand the caller's digest response to the callee, a target for offline password guessing.
  if (!caller_account.empty()) {
    std::vector<std::string> keep;
    for (const auto& h : m.headers()) {
      if (h.id != HeaderId::kProxyAuthorization) continue;
      auto p = sip::parse_auth(h.value);
      if (!(p && p->is_digest && p->has_realm && p->realm == tenant)) keep.emplace_back(h.value);
    }
    e.remove(HeaderId::kProxyAuthorization);
    for (const auto& v : keep) e.append(HeaderId::kProxyAuthorization, v);
  }
  // Header values are built in one reused buffer (the editor copies them).
  thread_local std::string scratch;
  // RFC 3581 §4: record where the request really came from in its top Via.
  if (m.header(HeaderId::kVia) != nullptr) {
    auto via = m.top_via();
    if ((*via)->has_rport || (*via)->host != c.in.source.address.to_string()) {
      scratch.clear();
      fix_via_received(**via, c.in.source, scratch);
      e.remove_first(HeaderId::kVia);
      e.prepend(HeaderId::kVia, scratch);
    }
  }
  const Branch branch_id = new_branch(c);
  const std::string_view branch = branch_id.view();
  scratch.clear();
  append_our_via(scratch, to, s, branch);
  e.push_via(scratch);
  // §16.4: our own Route entries are consumed (loose routing).
  routes_of(c);
  if (c.routes.ok) {
    for (size_t i = 0; i < c.routes.ours; ++i) e.remove_first(HeaderId::kRoute);
  }
  const bool in_dialog = m.to() && (*m.to())->tag().has_value();
  if (!in_dialog && is_dialog_creating(m.method())) {
    // §16.6 step 4: Record-Route so in-dialog requests come back through us; two entries when the
    // two legs use different listeners (RFC 5658).
    const ListenerInfo& in_listener = s.listeners[std::min(c.in.listener, s.listeners.size() - 1)];
    if (&in_listener != out_listener) {
      scratch.clear();
      append_record_route(scratch, in_listener);
      e.prepend(HeaderId::kRecordRoute, scratch);
    }
    scratch.clear();
    append_record_route(scratch, *out_listener);
    e.prepend(HeaderId::kRecordRoute, scratch);
  }
  // NAT: a UA that sent this directly (one Via) with a Contact that is not where it really is gets
  // its Contact fixed, so requests inside the dialog reach it without a SIP ALG.
  const bool new_call = m.method() == Method::kInvite && !in_dialog;
  const bool direct_dialog = m.header_count(HeaderId::kVia) == 1 && is_dialog_creating(m.method());
  std::optional<std::string> nat_contact;  // computed once: the editor and the dialog both use it
  if (direct_dialog || new_call) nat_contact = nat_fixed_contact(m, c.in);
  if (direct_dialog && nat_contact) e.replace(HeaderId::kContact, *nat_contact);
  if (!anchor_request_media(c, e, caller_account, callee_account, tenant)) return;
  std::string bytes = e.serialize();

  ClientTxn txn;
  txn.invite = m.method() == Method::kInvite;
  txn.to = to;
  txn.request = bytes;
  txn.server_key = c.key;
  // Credentials we did not consume are for the next hop (edge mode: the PBX checks them).
  txn.credentials = m.header(HeaderId::kAuthorization) != nullptr ||
                    (caller_account.empty() && m.header(HeaderId::kProxyAuthorization) != nullptr);
  if (m.method() == Method::kCancel) {
    txns_.add_client(client_key(branch, m.method_name()), std::move(txn), c.now);
  } else {
    txns_.add_client(branch, std::move(txn), c.now);  // our branch is the key
  }
  if (!c.key.empty()) txns_.set_client_branch(c.key, branch);

  if (!in_dialog && (m.method() == Method::kSubscribe || m.method() == Method::kRefer)) {
    // A new subscription (RFC 6665) or REFER's implicit one (RFC 3515): its NOTIFYs will come back.
    subscriptions_.start(*m.call_id(), (*m.from())->tag().value_or(""),
                         expires_of(m).value_or(SubscriptionTracker::kDefaultExpiry), c.now);
  }
  if (new_call) {
    // RFC 3261 §17.2.1: 100 (Trying) stops the caller's retransmissions. It is needed only when the
    // next hop says nothing within 200 ms; a callee that rings or answers sooner makes it one
    // message too many (transactions.trying_delay_ms, 0: at once).
    const auto delay = s.config.transactions.trying_delay;
    if (delay.count() == 0 || c.key.empty() ||
        !txns_.server_defer_trying(c.key, sip::build_response(m, 100, "Trying", {}), c.now + delay)) {
      reply(c, 100, "Trying");
    }
    Dialog d;
    d.call_id = std::string(*m.call_id());
    d.from_tag = std::string((*m.from())->tag().value_or(""));  // RFC 2543 peers: no tag
    d.from = std::string(m.header(HeaderId::kFrom)->value);
    d.to = std::string(m.header(HeaderId::kTo)->value);
    d.tenant = tenant;
    d.caller_account = caller_account;
    d.callee_account = callee_account;
    d.caller_source = c.in.source;
    d.caller.out = c.source();
    d.caller.cseq = m.cseq()->number;
    if (auto ct = m.contact()) d.caller.target = nat_contact ? contact_uri_of(*nat_contact) : std::string((*ct)->uri.raw);
    d.callee.out = to;
    d.callee.target = new_ruri ? *new_ruri : std::string(m.request_uri_text());
    d.invite_branch = std::string(branch);
    dialogs_.start(std::move(d), c.now);
  }
  ++stats_.forwarded_requests;
  send(c.out, to, bytes);
}

}  // namespace vg::proxy
