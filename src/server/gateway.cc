#include "server/gateway.h"

#include "media/relay.h"

#include <arpa/inet.h>
#include <netdb.h>

#include <algorithm>
#include <sstream>

#include "filters/ban/ban_list.h"
#include "filters/registry.h"
#include "net/transport.h"
#include "proxy/dialogs.h"
#include "proxy/fraud_hook.h"
#include "proxy/digest_guard.h"
#include "proxy/location.h"
#include "proxy/proxy.h"
#include "proxy/transactions.h"
#include "server/auth_events.h"
#include "server/account_sync.h"
#include "server/binding_store_adapter.h"
#include "server/filter_data.h"
#include "server/first_admin.h"
#include "server/filter_metrics.h"
#include "server/filter_observer.h"
#include "server/ban_control.h"
#include "net/control_socket.h"
#include "server/event_hub.h"
#include "server/event_store.h"
#include "server/fraud_wiring.h"
#include "server/observability.h"
#include "server/proxy_metrics.h"
#include "server/store_metrics.h"
#include "server/tls_setup.h"
#include "server/var_state.h"

namespace vg::server {

namespace {

net::Transport to_net(config::Transport t) {
  switch (t) {
    case config::Transport::kUdp: return net::Transport::kUdp;
    case config::Transport::kTcp: return net::Transport::kTcp;
    case config::Transport::kTls: return net::Transport::kTls;
  }
  return net::Transport::kUdp;
}

Result<config::Config, std::string> load(const GatewayOptions& opts) {
  return config::load_config_or_default(opts.config_path);
}

// Upstream host names are resolved once, here (no DNS on the packet path).
Result<IpAddress, std::string> resolve(const config::Upstream& u) {
  if (auto ip = IpAddress::parse(u.host)) return *ip;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* res = nullptr;
  int rc = ::getaddrinfo(u.host.c_str(), nullptr, &hints, &res);
  if (rc != 0 || !res) return unexpected("upstream " + u.name + ": cannot resolve " + u.host + ": " + gai_strerror(rc));
  char buf[INET6_ADDRSTRLEN] = {};
  if (res->ai_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(res->ai_addr)->sin_addr, buf, sizeof buf);
  } else {
    inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(res->ai_addr)->sin6_addr, buf, sizeof buf);
  }
  ::freeaddrinfo(res);
  auto ip = IpAddress::parse(buf);
  if (!ip) return unexpected("upstream " + u.name + ": unusable address for " + u.host);
  return *ip;
}

std::string advertised(const Endpoint& ep) { return ep.to_string(); }

}  // namespace

Gateway::Gateway(const GatewayOptions& opts, const Clock& clock, Random& random)
    : opts_(opts), clock_(clock), random_(random) {}

Gateway::~Gateway() { stop(); }

Result<std::unique_ptr<Gateway>, std::string> Gateway::create(const GatewayOptions& opts, const Clock& clock,
                                                              Random& random) {
  std::unique_ptr<Gateway> g(new Gateway(opts, clock, random));
  auto cfg = load(opts);
  if (!cfg) return unexpected(cfg.error());
  g->var_dir_ = opts.var_dir_override.empty() ? cfg->node.var_dir : opts.var_dir_override;
  auto settings = g->build_settings(std::move(*cfg), true);
  if (!settings) return unexpected(settings.error());
  g->settings_ = *settings;
  const auto& c = g->settings_->config;

  auto var = VarState::open(g->var_dir_);
  if (!var) return unexpected(var.error());
  auto secret = var->nonce_secret(random);
  if (!secret) return unexpected(secret.error());

  const std::string db = store_sqlite_path(c, opts.var_dir_override);
  // Every store-backed table lives in the configured backend (SQLite file or PostgreSQL).
  auto db_options = store_options(c.storage, db);
  if (!db_options) return unexpected(db_options.error());
  // Accounts added with `voipguard account` (the same store); the file's accounts win.
  auto accounts = AccountSync::open(*db_options);
  if (!accounts) return unexpected("storage: " + accounts.error());
  g->accounts_ = std::move(*accounts);
  {
    auto merged = std::make_shared<proxy::Settings>(*g->settings_);
    g->accounts_->merge_into(merged->config);
    g->settings_ = merged;
  }
  // Security events, CDRs, devices, alerts: the configured backend (the same SQLite file by default).
  g->hub_ = std::make_unique<EventHub>();
  g->obs_ = std::make_unique<Observability>(c, clock);
  g->hub_->add(&g->obs_->alerts());
  const StoreMetrics* store_metrics = &g->obs_->store_metrics();
  auto events = open_event_store(c.storage, db, clock, g->hub_.get(), [store_metrics](std::chrono::nanoseconds took, size_t) {
    store_metrics->write_seconds->observe_ns(static_cast<uint64_t>(took.count()));
  });
  if (!events) return unexpected(events.error());
  g->event_store_ = std::move(*events);
  register_store_metrics(g->obs_->registry(), *g->event_store_);
  g->hub_->add(g->event_store_.get());
  emit_config_warnings(c, clock, g->events());
  g->store_ = std::make_unique<BindingStoreAdapter>(*g->event_store_);
  g->events_ = g->hub_.get();
  g->location_ = std::make_unique<proxy::LocationService>(g->store_.get());
  g->location_->restore(clock.unix_seconds());
  g->dialogs_ = std::make_unique<proxy::DialogTracker>(
      proxy::DialogTracker::Timeouts{c.dialogs.early_timeout, c.dialogs.max_duration});
  g->txns_ = std::make_unique<proxy::TransactionTable>(proxy::TimerConfig{
      c.transactions.timer_t1, c.transactions.timer_t2, std::chrono::milliseconds(180000),
      c.transactions.timer_t4});
  try {
    g->digest_ = std::make_unique<proxy::DigestGuard>(*secret, c.auth.nonce_lifetime, clock, random);
  } catch (const std::exception& e) {
    return unexpected(std::string(e.what()));
  }
  g->proxy_ = std::make_unique<proxy::ProxyCore>(g->settings_, *g->location_, *g->dialogs_, *g->txns_, *g->digest_,
                                                 clock, random);
  // Toll fraud (docs/fraud.md): outgoing calls of tenants with a `policy:`; CDRs to the calls table.
  g->fraud_ = std::make_unique<fraud::Engine>(fraud_config_of(c), clock, *g->hub_);
  g->fraud_->set_cdr_sink([w = g->event_store_.get()](fraud::Cdr cdr) { w->append(to_cdr_record(cdr)); });
  g->fraud_dialogs_ = std::make_unique<proxy::FraudDialogObserver>(*g->fraud_);
  g->dialogs_->set_observer(g->fraud_dialogs_.get());
  g->proxy_->set_fraud(g->fraud_.get());
  // Suspensions survive restarts and are lifted by `voipguard account enable` (through the store);
  // the spend of this day and month is summed again from the CDRs.
  if (auto n = restore_fraud_spend(*g->event_store_, *g->fraud_, clock.unix_seconds() * 1000); !n) {
    return unexpected(n.error());
  }
  if (auto n = g->accounts_->attach_fraud(*g->fraud_); !n) return unexpected(n.error());
  if (c.media.enabled) {
    // The media relay (docs/media.md); its settings need a restart to change.
    media::RelayConfig mc;
    mc.address = c.media.address;
    mc.advertised = c.media.advertised;
    mc.port_min = c.media.port_min;
    mc.port_max = c.media.port_max;
    mc.inactivity_timeout = c.media.inactivity_timeout;
    mc.latch_any = c.media.latch_any_source;
    g->media_ = std::make_unique<media::Relay>(mc, clock, *g->hub_);
    g->proxy_->set_media(g->media_.get());
  }
  g->bans_ = std::make_unique<filters::BanList>(clock, c.filters.bans.ipv6_prefix);
  g->ban_store_ = std::make_unique<BanPersistence>(*g->event_store_);
  if (auto n = g->ban_store_->restore(*g->bans_, clock.unix_seconds()); !n) return unexpected(n.error());
  g->bans_->set_observer(g->ban_store_.get());
  g->filter_observer_ = std::make_unique<FilterObserver>(clock);
  g->proxy_->set_observer(g->filter_observer_.get());
  // Auth failures also become events; the event observer passes each on to the filters' one.
  g->auth_events_ = std::make_unique<AuthEventObserver>(*g->events_, clock, g->filter_observer_.get());
  g->proxy_->set_observer(g->auth_events_.get());
  if (auto r = g->install_pipeline(c); !r) return unexpected(r.error());
  register_proxy_metrics(g->obs_->registry(), *g->proxy_, *g->location_, *g->dialogs_, *g->txns_);
  register_filter_metrics(g->obs_->registry(), g->filter_observer_->pipeline());
  register_fraud_metrics(g->obs_->registry(), *g->fraud_);
  g->obs_->registry().add_collector([bans = g->bans_.get()](metrics::Writer& w) {
    w.gauge("voipguard_bans_active", "Sources (addresses or prefixes) banned now", {}, static_cast<double>(bans->size()));
  });

  net::NetConfig nc;
  nc.workers = c.node.workers;
  nc.udp_consolidation = c.node.udp_consolidation;
  nc.max_connections = c.tcp.max_connections;
  nc.max_connections_per_ip = c.tcp.max_connections_per_ip;
  nc.idle_timeout = c.tcp.idle_timeout;
  nc.header_timeout = c.tcp.header_timeout;
  nc.max_partial_bytes = c.tcp.max_partial_bytes;
  nc.limits = c.limits.to_sip();
  nc.tls_handshake_timeout = c.tls.handshake_timeout;
  nc.tls_handshakes_per_second = c.tls.max_handshakes_per_second;
  std::vector<net::ListenerConfig> listeners;
  for (const auto& l : c.listeners) listeners.push_back(net::ListenerConfig{l.name, to_net(l.transport), l.endpoint()});
  g->net_ = std::make_unique<net::Server>(nc, listeners, *g->proxy_, clock);
  g->proxy_->set_events(g->hub_.get());
  auto tls = build_tls_setup(c, *g->settings_, g->var_dir_);
  if (!tls) return unexpected(tls.error());
  if (auto r = g->net_->configure_tls(*tls); !r) return unexpected(r.error());
  {
    // No default administrator: the first start of an empty store creates one (docs/admin.md).
    // Last, so that a start failing on anything else does not create it unannounced.
    auto conn = store::connect(*db_options);
    if (!conn) return unexpected("storage: " + conn.error());
    auto text = ensure_first_admin(**conn, *var, c.auth.password_policy, clock, random, *g->hub_);
    if (!text) return unexpected(text.error());
    g->first_admin_ = std::move(*text);
  }
  return g;
}

Result<proxy::SettingsPtr, std::string> Gateway::build_settings(config::Config cfg, bool first) {
  auto var = VarState::open(var_dir_);
  if (!var) return unexpected(var.error());
  std::vector<std::string> fresh;
  if (auto r = var->fill_generated(cfg, random_, fresh); !r) return unexpected(r.error());
  // Accounts added by a reload get their password generated then: announce those too (once).
  announcements_ = std::move(fresh);
  auto s = std::make_shared<proxy::Settings>();
  for (const auto& u : cfg.upstreams) {
    auto ip = resolve(u);
    if (!ip) return unexpected(ip.error());
    net::Outbound out;
    out.transport = to_net(u.transport);
    out.destination = Endpoint{*ip, u.port};
    s->upstreams[u.name] = out;
  }
  // Listener addresses: as bound (after start the real ports are filled in).
  for (const auto& l : cfg.listeners) {
    proxy::ListenerInfo li;
    li.transport = to_net(l.transport);
    li.bound = l.endpoint();
    li.advertised = advertised(li.bound);
    s->listeners.push_back(li);
  }
  // Keep the real bound ports on reload.
  if (!first && settings_) s->listeners = settings_->listeners;
  s->config = std::move(cfg);
  return proxy::SettingsPtr(std::move(s));
}

Result<void, std::string> Gateway::start() {
  if (media_) media_->start();
  auto control = net::ControlServer::start(var_dir_ + "/control.sock", [this](std::string_view line) {
    return handle_control_command(line, *bans_, *events_, clock_);
  });
  if (!control) return unexpected(control.error());
  control_ = std::move(*control);
  auto r = net_->start();
  if (!r) return unexpected(r.error());
  // Port 0 in the config (tests): our Via and Record-Route must carry the real ports.
  auto bound = net_->bound_endpoints();
  auto s = std::make_shared<proxy::Settings>(*settings_);
  for (size_t i = 0; i < s->listeners.size() && i < bound.size(); ++i) {
    s->listeners[i].bound = bound[i];
    s->listeners[i].advertised = advertised(bound[i]);
  }
  settings_ = s;
  proxy_->update_settings(settings_);
  accounts_->start([this] { apply_store_accounts(); });
  if (auto o = obs_->start(); !o) return o;
  return {};
}

void Gateway::apply_store_accounts() {
  std::lock_guard lock(reload_mu_);
  auto s = std::make_shared<proxy::Settings>(*settings_);
  accounts_->merge_into(s->config);
  settings_ = s;
  proxy_->update_settings(settings_);
  for (const auto& aor : accounts_->take_removed()) location_->remove_all(aor);
}

Result<void, std::string> Gateway::reload() {
  std::lock_guard lock(reload_mu_);
  announcements_.clear();  // the start's are printed already
  auto cfg = load(opts_);
  if (!cfg) return unexpected(cfg.error());
  bool listeners_changed = cfg->listeners.size() != settings_->config.listeners.size();
  for (size_t i = 0; !listeners_changed && i < cfg->listeners.size(); ++i) {
    const auto& a = cfg->listeners[i];
    const auto& b = settings_->config.listeners[i];
    listeners_changed = a.transport != b.transport || a.endpoint() != b.endpoint();
  }
  accounts_->merge_into(*cfg);
  auto s = build_settings(std::move(*cfg), false);
  if (!s) return unexpected(s.error());
  // New certificates (same files rewritten, or other files) apply to new handshakes; a file that
  // does not load refuses the whole reload.
  auto tls = build_tls_setup((*s)->config, **s, var_dir_);
  if (!tls) return unexpected(tls.error());
  if (auto r = net_->configure_tls(*tls); !r) return unexpected(r.error());
  if (auto r = install_pipeline((*s)->config); !r) return unexpected(r.error());
  settings_ = *s;
  emit_config_warnings(settings_->config, clock_, events());
  proxy_->update_settings(settings_);
  fraud_->update(fraud_config_of(settings_->config));
  if (listeners_changed) return unexpected(std::string("listeners changed: restart voipguard to apply them (the rest of the new configuration is active)"));
  return {};
}

Result<void, std::string> Gateway::install_pipeline(const config::Config& cfg) {
  filters::BuildInputs in;
  for (const auto& l : cfg.listeners) in.listener_names.push_back(l.name);
  if (!filter_data_) filter_data_ = std::make_unique<FilterData>(*events_, clock_);
  if (auto r = filter_data_->configure(cfg, in); !r) return unexpected(r.error());
  in.has_binding = [this](std::string_view account, std::string_view tenant, const IpAddress& source) {
    const auto bindings = location_->lookup(std::string(account) + "@" + std::string(tenant), clock_.unix_seconds());
    return std::any_of(bindings.begin(), bindings.end(), [&](const proxy::Binding& b) { return b.source.address == source; });
  };
  if (!filter_counters_) filter_counters_ = std::make_unique<filters::PipelineCounters>();
  auto p = filters::build_pipeline(cfg, filters::Pipeline::Deps{*bans_, *events_, clock_, filter_counters_.get()},
                                   std::move(in));
  if (!p) return unexpected("filters: " + p.error());
  pipelines_.push_back(std::move(*p));
  proxy_->set_pipeline(pipelines_.back().get());
  filter_observer_->set_pipeline(pipelines_.back().get());
  return {};
}

void Gateway::stop() {
  if (accounts_) accounts_->stop();
  control_.reset();
  if (net_) net_->stop();
  if (accounts_) accounts_->flush_suspensions();  // those decided while the workers stopped
  if (fraud_) fraud_->end_all();                 // CDRs of the calls still up
  if (filter_data_) filter_data_->stop();
  if (media_) media_->stop();
  if (store_) store_->flush();
  if (event_store_) event_store_->flush();  // everything emitted before the workers stopped
  if (obs_) obs_->stop();
}

events::EventSink& Gateway::events() { return *hub_; }

void Gateway::add_event_sink(events::EventSink* sink) { hub_->add(sink); }

std::vector<Endpoint> Gateway::bound_endpoints() const { return net_ ? net_->bound_endpoints() : std::vector<Endpoint>{}; }

std::string Gateway::summary() const {
  std::ostringstream out;
  const auto& c = settings_->config;
  out << "voipguard: " << c.tenants.size() << " tenant(s), " << c.upstreams.size() << " upstream(s), listening on";
  for (const auto& l : settings_->listeners) out << " " << net::transport_name(l.transport) << "/" << l.advertised;
  return out.str();
}

}  // namespace vg::server
