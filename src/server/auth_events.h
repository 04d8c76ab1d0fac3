// Turns the proxy's authentication outcomes (proxy::ProxyObserver) into security events:
// "auth.failure" when a digest verification fails in registrar mode (wrong password, unknown user,
// source outside allow_from), "auth.upstream_failure" when the PBX answers 401/403 in edge mode.
// Brute-force detection and alerts consume these events from Gateway::events().
#pragma once

#include "core/clock.h"
#include "events/sink.h"
#include "proxy/proxy.h"

namespace vg::server {

// Called on worker threads; only builds an event and hands it to the sink (which never blocks),
// then passes the call on to `next` (the proxy has one observer: this one leads the chain).
class AuthEventObserver final : public proxy::ProxyObserver {
 public:
  AuthEventObserver(events::EventSink& sink, const Clock& clock, proxy::ProxyObserver* next = nullptr)
      : sink_(sink), clock_(clock), next_(next) {}

  void on_upstream_auth_failure(const Endpoint& source, std::string_view user, int status) override;
  void on_auth_failure(const Endpoint& source, std::string_view user, std::string_view why) override;

 private:
  events::EventSink& sink_;
  const Clock& clock_;
  proxy::ProxyObserver* next_;
};

}  // namespace vg::server
