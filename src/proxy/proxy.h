// The proxy core: receives every SIP message from the transports (net::Handler), validates it, and
// acts as registrar, transaction-stateful record-routing proxy (RFC 3261 §16) and dialog tracker.
// Owned by the server; called concurrently from worker threads (all state it touches is sharded).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/clock.h"
#include "core/random.h"
#include "net/transport.h"
#include "proxy/dialogs.h"
#include "proxy/digest_guard.h"
#include "proxy/location.h"
#include "proxy/settings.h"
#include "proxy/subscriptions.h"
#include "proxy/traffic.h"
#include "proxy/transactions.h"
#include "sip/message.h"
#include "sip/response.h"

namespace vg::filters {
class Pipeline;
struct Verdict;
}  // namespace vg::filters

namespace vg::events {
class EventSink;
}
namespace vg::media {
class Relay;
}  // namespace vg::media
namespace vg::sip {
class Editor;
}  // namespace vg::sip

namespace vg::fraud {
class Engine;
}  // namespace vg::fraud

namespace vg::proxy {

// Counters of what the proxy did; atomics, read by metrics and tests.
struct ProxyStats {
  std::atomic<uint64_t> requests_in{0}, responses_in{0}, forwarded_requests{0}, forwarded_responses{0};
  std::atomic<uint64_t> malformed_dropped{0}, malformed_rejected{0}, responses_dropped{0};
  std::atomic<uint64_t> retransmissions_absorbed{0}, replies_sent{0}, loops_detected{0}, too_many_hops{0};
  std::atomic<uint64_t> registrations_ok{0}, auth_challenges{0}, auth_failures{0}, upstream_auth_failures{0};
  std::atomic<uint64_t> timeouts{0}, teardowns{0}, send_errors{0};
  std::atomic<uint64_t> filtered_dropped{0}, filtered_replied{0};  // by the security pipeline
};

// Told of security-relevant outcomes (later filters count failures from here).
class ProxyObserver {
 public:
  virtual ~ProxyObserver() = default;
  // Edge mode: the upstream PBX refused credentials of a request from `source`: a 403, or a 401/407
  // to a request that carried credentials (not the first challenge, not stale=true).
  virtual void on_upstream_auth_failure(const Endpoint& source, std::string_view user, int status) = 0;
  // Registrar mode: a digest verification failed.
  virtual void on_auth_failure(const Endpoint& source, std::string_view user, std::string_view why) = 0;
};

class ProxyCore final : public net::Handler {
 public:
  ProxyCore(SettingsPtr settings, LocationService& location, DialogTracker& dialogs, TransactionTable& txns,
            DigestGuard& digest, const Clock& clock, Random& random);

  void on_message(const net::Inbound& in, net::Sender& out) override;
  void on_tick(Clock::MonoTime now, net::Sender& out) override;

  // Reload: new settings apply to new messages; transactions, dialogs and bindings are kept.
  void update_settings(SettingsPtr s) {
    std::atomic_store(&settings_, std::move(s));
    settings_version_.fetch_add(1, std::memory_order_release);
  }
  [[nodiscard]] SettingsPtr settings() const { return std::atomic_load(&settings_); }
  void set_observer(ProxyObserver* o) { observer_ = o; }
  // Toll-fraud checks of outgoing calls (src/fraud, docs/fraud.md); set before traffic starts.
  void set_fraud(fraud::Engine* e) { fraud_ = e; }
  // The media relay (media_glue.cc): SDP of INVITE dialogs is anchored through it. Set before traffic.
  void set_media(media::Relay* r);
  // Where policy decisions of the proxy itself (require_tls, tls_policy.cc) are reported. Set before traffic.
  void set_events(events::EventSink* e) { events_ = e; }
  // The security pipeline (src/filters): source checks before parsing, filters on each request.
  // Swapped on reload; the caller keeps every pipeline it set alive until the proxy stops.
  void set_pipeline(filters::Pipeline* p) { pipeline_.store(p, std::memory_order_release); }

  // Ends a dialog from our side: BYE to both parties when confirmed, CANCEL downstream and 487 when
  // early. Returns false if no such active dialog.
  bool teardown(std::string_view call_id, std::string_view from_tag, std::string_view reason, net::Sender& out);

  [[nodiscard]] const ProxyStats& stats() const { return stats_; }
  // SUBSCRIBE/REFER dialogs relayed (their in-dialog SUBSCRIBE and NOTIFY are let through).
  [[nodiscard]] const SubscriptionTracker& subscriptions() const { return subscriptions_; }
  [[nodiscard]] const TrafficStats& traffic() const { return traffic_; }

 private:
  struct Ctx;  // one message being handled

  void handle_request(Ctx& c);
  void handle_response(Ctx& c);
  void handle_ack(Ctx& c);
  void handle_cancel(Ctx& c);
  void handle_register(Ctx& c, const config::Tenant& tenant);
  void reject_malformed(const net::Inbound& in, net::Sender& out, sip::ParseError e);
  void reply(Ctx& c, int status, std::string_view reason, std::initializer_list<sip::HeaderPair> extra = {},
             std::string_view body = {}, std::string_view content_type = {});
  // A response carrying extra header lines (each "Name: value\r\n").
  void reply_block(Ctx& c, int status, std::string_view reason, std::string_view block);
  // 401 (WWW-Authenticate) or 407 (Proxy-Authenticate) with one challenge per algorithm.
  void send_challenge(Ctx& c, int status, const std::vector<std::string>& challenges);
  void forward_request(Ctx& c, const net::Outbound& to, std::optional<std::string> new_ruri,
                       const std::string& caller_account, const std::string& callee_account,
                       const std::string& tenant);
  void forward_stateless(Ctx& c, const net::Outbound& to);
  // Forwards to a configured upstream by name: 503 when unknown or failing its health check.
  void route_to_upstream(Ctx& c, const std::string& name, const std::string& caller_account, const std::string& tenant);
  std::optional<net::Outbound> next_hop_for_uri(const sip::Uri& uri, const Settings& s) const;
  // Parses the message's Route entries once (no list is built) and keeps what routing needs in c.
  void routes_of(Ctx& c) const;
  std::string our_via(const net::Outbound& to, const Settings& s, std::string_view branch) const;
  void append_our_via(std::string& out, const net::Outbound& to, const Settings& s, std::string_view branch) const;
  static void append_record_route(std::string& out, const ListenerInfo& l);
  // Our branch for a request forwarded from c: magic cookie, "vg", the request's loop hash, this
  // process's instance id and a counter (RFC 3261 §16.6 step 8), without a heap allocation.
  struct Branch {
    char text[48];
    size_t size = 0;
    [[nodiscard]] std::string_view view() const { return {text, size}; }
  };
  Branch new_branch(Ctx& c);
  bool send(net::Sender& out, const net::Outbound& to, std::string_view bytes);
  // Gives up an early dialog: CANCEL towards the callee (or once it has sent a provisional, §9.1);
  // its 487 travels back to the caller through the INVITE transaction.
  void cancel_early(std::string_view invite_branch, net::Sender& out);
  void send_own_request(net::Sender& out, const net::Outbound& to, std::string bytes, const std::string& branch,
                        bool invite);
  bool authorize_call(Ctx& c, const config::Tenant& tenant, std::string& account);
  // The request's Call-ID and tags name a dialog we track (either direction); confirmed_only also
  // requires it to be answered and not ended.
  bool known_dialog(const sip::Message& m, bool confirmed_only) const;
  // The account's allow_from networks (IP pinning, voice VLAN): empty allows any source.
  static bool source_allowed(const config::Tenant& tenant, std::string_view username, const Endpoint& source);

  SettingsPtr settings_;
  // Bumped by update_settings(): a worker thread keeps its own reference to the current settings and
  // only reloads it when this changes, so the packet path reads one shared counter instead of taking
  // the shared_ptr's lock and reference count (shared by all workers) for every message.
  std::atomic<uint64_t> settings_version_{0};
  uint64_t core_id_ = 0;  // unique per ProxyCore in the process (a new core may reuse an address)
  const Settings& settings_for_this_thread() const;
  LocationService& location_;
  DialogTracker& dialogs_;
  TransactionTable& txns_;
  DigestGuard& digest_;
  const Clock& clock_;
  Random& random_;
  std::mutex random_mu_;
  ProxyObserver* observer_ = nullptr;
  // fraud_hook.cc: the toll-fraud verdict on an outgoing call (403 when refused) and, each
  // housekeeping tick, the calls the engine wants ended (maximum duration, spend, suspension).
  fraud::Engine* fraud_ = nullptr;
  Clock::MonoTime next_fraud_expiry_{};  // on_tick thread only
  bool fraud_admits(Ctx& c, const std::string& caller_account, const std::string& tenant);
  void run_fraud(net::Sender& out);
  media::Relay* media_ = nullptr;
  events::EventSink* events_ = nullptr;
  // tls_policy.cc: require_tls (tenant or account) and RFC 5630 sips rules. Each returns false after
  // answering the request (403 + event, 416, 480).
  bool tls_required_ok(Ctx& c, const config::Tenant& tenant, std::string_view account);
  bool sips_target_ok(Ctx& c, const net::Outbound& to);
  // media_glue.cc: rewrite the SDP body in `e` through the relay. A refused request offer is
  // answered here (488/503) and false returned.
  bool anchor_request_media(Ctx& c, sip::Editor& e, const std::string& caller_account,
                            const std::string& callee_account, const std::string& tenant);
  void anchor_response_media(Ctx& c, sip::Editor& e);
  void check_media(net::Sender& out);  // tears down calls with silent media
  std::atomic<filters::Pipeline*> pipeline_{nullptr};
  // Carries out a pipeline verdict other than continue (reply or drop).
  void apply_filter_verdict(Ctx& c, const filters::Verdict& v);
  ProxyStats stats_;
  TrafficStats traffic_;
  SubscriptionTracker subscriptions_;
  // In-dialog SUBSCRIBE and NOTIFY of a relayed subscription refresh or end it.
  void note_subscription_request(const Ctx& c);
  std::atomic<uint64_t> branch_counter_{0};
  std::string instance_;  // random per process: makes our branches and tags unique across restarts

  // Periodic work of on_tick (maintenance.cc): NAT keepalives and upstream OPTIONS health checks.
  void run_maintenance(Clock::MonoTime now, net::Sender& out);
  void send_keepalives(const Settings& s, net::Sender& out);
  void check_upstreams(const Settings& s, Clock::MonoTime now, net::Sender& out);
  std::string build_ping(const net::Outbound& to, const Settings& s, std::string_view target_uri,
                         const std::string& branch);
  struct UpstreamHealth {
    bool healthy = true;      // optimistic until a check fails
    bool in_flight = false;
    Clock::MonoTime next_check{};
  };
  mutable std::mutex health_mu_;
  std::unordered_map<std::string, UpstreamHealth> health_;
  Clock::MonoTime next_keepalive_{};
  Clock::MonoTime next_housekeeping_{};  // on_tick thread only

 public:
  // False when the upstream's last OPTIONS check timed out (requests to it get 503).
  [[nodiscard]] bool upstream_healthy(const std::string& name) const;
};

// Server-transaction key (RFC 3261 §17.2.3): top Via branch + sent-by + method (ACK maps to INVITE).
TxnKey server_key(const sip::Message& m, std::string_view method_override = {});
// Client-transaction key: our branch, plus the method for CANCEL (it shares the INVITE's branch).
std::string client_key(std::string_view branch, std::string_view method);

}  // namespace vg::proxy
