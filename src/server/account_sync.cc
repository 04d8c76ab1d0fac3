#include "server/account_sync.h"

#include <algorithm>
#include <chrono>

#include "fraud/engine.h"
#include "server/suspension_sync.h"

namespace vg::server {

Result<std::unique_ptr<AccountSync>, std::string> AccountSync::open(const store::StoreOptions& options) {
  auto conn = store::connect(options);
  if (!conn) return unexpected("account store: " + conn.error());
  std::unique_ptr<AccountSync> s(new AccountSync());
  s->conn_ = std::move(*conn);
  s->accounts_ = std::make_unique<store::AccountStore>(*s->conn_);
  if (auto r = s->poll(); !r) return unexpected(r.error());
  s->take_removed();
  return s;
}

AccountSync::~AccountSync() { stop(); }

Result<bool, std::string> AccountSync::poll() {
  auto rev = accounts_->revision();
  if (!rev) return unexpected("account store: " + rev.error());
  if (*rev == revision_) return false;
  auto all = accounts_->list();
  if (!all) return unexpected("account store: " + all.error());
  std::vector<store::StoredAccount> enabled;
  for (auto& a : *all) {
    if (a.enabled) enabled.push_back(std::move(a));
  }
  std::lock_guard lock(mu_);
  std::set<std::string> now;
  for (const auto& a : enabled) now.insert(a.username + "@" + a.tenant);
  for (const auto& a : enabled_) {
    std::string aor = a.username + "@" + a.tenant;
    if (!now.count(aor)) removed_.push_back(std::move(aor));
  }
  enabled_ = std::move(enabled);
  revision_ = *rev;
  return true;
}

void AccountSync::merge_into(config::Config& cfg) const {
  std::lock_guard lock(mu_);
  for (auto& t : cfg.tenants) {
    auto& list = t.accounts;
    list.erase(std::remove_if(list.begin(), list.end(), [](const config::Account& a) { return a.from_store; }),
               list.end());
    if (t.mode != config::Mode::kRegistrar) continue;
    for (const auto& s : enabled_) {
      if (s.tenant != t.domain || t.find_account(s.username) != nullptr) continue;
      config::Account a;
      a.username = s.username;
      a.credential = config::CredentialSource::kHa1;
      a.ha1_md5 = s.ha1_md5;
      a.ha1_sha256 = s.ha1_sha256;
      a.from_store = true;
      std::string_view rest = s.allow_from;
      while (!rest.empty()) {
        const size_t comma = rest.find(',');
        if (auto c = Cidr::parse(rest.substr(0, comma), true)) a.allow_from.push_back(*c);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
      }
      list.push_back(std::move(a));
    }
  }
}

std::vector<std::string> AccountSync::take_removed() {
  std::lock_guard lock(mu_);
  return std::exchange(removed_, {});
}

void AccountSync::start(std::function<void()> on_change, std::chrono::milliseconds interval) {
  on_change_ = std::move(on_change);
  thread_ = std::thread([this, interval] { run(interval); });
}

void AccountSync::run(std::chrono::milliseconds interval) {
  std::unique_lock lock(stop_mu_);
  for (;;) {
    stop_cv_.wait_for(lock, interval, [this] { return stopping_ || wake_; });
    if (stopping_) break;
    wake_ = false;
    lock.unlock();
    // A failed read (file locked, server away) is retried at the next interval; the accounts
    // already loaded stay in use.
    auto changed = poll();
    if (changed && *changed && on_change_) on_change_();
    (void)poll_suspensions();
    lock.lock();
  }
}

Result<std::size_t, std::string> AccountSync::attach_fraud(fraud::Engine& engine) {
  suspensions_ = std::make_unique<SuspensionSync>(*conn_, engine, [this] {
    {
      std::lock_guard lock(stop_mu_);
      wake_ = true;
    }
    stop_cv_.notify_all();
  });
  auto n = suspensions_->restore();
  if (!n) return unexpected(n.error());
  engine.set_suspension_store(suspensions_.get());
  return *n;
}

Result<bool, std::string> AccountSync::poll_suspensions() {
  if (!suspensions_) return false;
  return suspensions_->poll();
}

void AccountSync::flush_suspensions() {
  if (suspensions_) (void)suspensions_->flush();
}

void AccountSync::stop() {
  {
    std::lock_guard lock(stop_mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  flush_suspensions();
}

}  // namespace vg::server

namespace vg::server {

void emit_config_warnings(const config::Config& cfg, const Clock& clock, events::EventSink& sink) {
  for (const auto& w : cfg.warnings) {
    events::Event e;
    e.time_ms = std::chrono::duration_cast<std::chrono::milliseconds>(clock.wall().time_since_epoch()).count();
    e.kind = "config.warning";
    e.severity = events::Severity::kWarning;
    e.filter = "config";
    e.rule = w.message.find("allow_weak_password") != std::string::npos ? "allow_weak_password" : "accepted";
    e.action = "accept";
    e.evidence = w.to_string();  // file:line:col: path: message; messages never hold secrets
    sink.emit(std::move(e));
  }
}

}  // namespace vg::server
