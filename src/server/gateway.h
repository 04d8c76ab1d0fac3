// The composition root: owns and wires everything (config snapshot, transports, proxy core,
// location service, dialog tracker, transactions, binding store) and handles reload and shutdown.
// Created and driven by `voipguard run` on the main thread.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/ip.h"
#include "core/random.h"
#include "core/result.h"
#include "proxy/settings.h"

namespace vg::net {
class Server;
}
namespace vg::proxy {
class ProxyCore;
class LocationService;
class DialogTracker;
class TransactionTable;
class DigestGuard;
}  // namespace vg::proxy

namespace vg::server {

class BindingStoreAdapter;

struct GatewayOptions {
  std::string config_path;        // empty: the embedded default
  std::string var_dir_override;   // non-empty: replaces node.var_dir (tests)
};

class Gateway {
 public:
  static Result<std::unique_ptr<Gateway>, std::string> create(const GatewayOptions& opts, const Clock& clock,
                                                              Random& random);
  ~Gateway();

  Result<void, std::string> start();
  // Re-reads the configuration. An invalid file leaves the running one in place (error returned).
  // Listener changes need a restart and are reported, not applied.
  Result<void, std::string> reload();
  // Graceful: stops listening, flushes bindings to the store.
  void stop();

  [[nodiscard]] std::vector<Endpoint> bound_endpoints() const;
  // Plaintext of passwords generated at this start ("user@domain: password"), to print once.
  [[nodiscard]] const std::vector<std::string>& announcements() const { return announcements_; }
  [[nodiscard]] proxy::ProxyCore& proxy() { return *proxy_; }
  [[nodiscard]] std::string summary() const;

 private:
  Gateway(const GatewayOptions& opts, const Clock& clock, Random& random);
  Result<proxy::SettingsPtr, std::string> build_settings(config::Config cfg, bool first);

  GatewayOptions opts_;
  const Clock& clock_;
  Random& random_;
  std::string var_dir_;
  std::vector<std::string> announcements_;
  proxy::SettingsPtr settings_;
  std::unique_ptr<BindingStoreAdapter> store_;
  std::unique_ptr<proxy::LocationService> location_;
  std::unique_ptr<proxy::DialogTracker> dialogs_;
  std::unique_ptr<proxy::TransactionTable> txns_;
  std::unique_ptr<proxy::DigestGuard> digest_;
  std::unique_ptr<proxy::ProxyCore> proxy_;
  std::unique_ptr<net::Server> net_;
  std::mutex reload_mu_;
};

}  // namespace vg::server
