#include "server/auth_events.h"

#include <string>

namespace vg::server {
namespace {

int64_t now_ms(const Clock& clock) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock.wall().time_since_epoch()).count();
}

}  // namespace

void AuthEventObserver::on_auth_failure(const Endpoint& source, std::string_view user, std::string_view why) {
  events::Event e;
  e.time_ms = now_ms(clock_);
  e.kind = "auth.failure";
  e.severity = events::Severity::kWarning;
  e.source = source;
  e.account = std::string(user);  // the user name the client claimed (may not exist)
  e.filter = "auth";
  e.rule = "digest";
  e.action = "reply:403";
  // `why` is the verifier's reason ("wrong response", "unknown user", ...): never the response,
  // the nonce or a hash.
  e.evidence = std::string(why);
  sink_.emit(std::move(e));
  if (next_ != nullptr) next_->on_auth_failure(source, user, why);
}

void AuthEventObserver::on_upstream_auth_failure(const Endpoint& source, std::string_view user, int status) {
  events::Event e;
  e.time_ms = now_ms(clock_);
  e.kind = "auth.upstream_failure";
  e.severity = events::Severity::kNotice;
  e.source = source;
  e.account = std::string(user);
  e.filter = "edge";
  e.rule = "upstream_auth";
  e.action = "reply:" + std::to_string(status);
  e.evidence = "the upstream answered " + std::to_string(status);
  sink_.emit(std::move(e));
  if (next_ != nullptr) next_->on_upstream_auth_failure(source, user, status);
}

}  // namespace vg::server
