// Delivery channels of alerts: one attempt per call, bounded by the channel's timeout, reporting
// failure as a value (the caller retries). Errors never contain credentials.
#pragma once

#include <memory>
#include <string>

#include "alerts/alert.h"
#include "config/observability.h"
#include "core/result.h"

namespace vg::alerts {

class Channel {
 public:
  virtual ~Channel() = default;
  virtual Result<void, std::string> deliver(const Alert& a) = 0;
};

// Webhook (JSON POST; Slack/Mattermost format option), syslog (RFC 5424 over UDP, RFC 5426) or
// e-mail (SMTP via libcurl), from the channel's configuration.
std::unique_ptr<Channel> make_channel(const config::AlertChannel& c);

// Parts of an http(s) URL: "https://host:8443" and "/path?query".
struct UrlParts {
  std::string origin;
  std::string path;
};
Result<UrlParts, std::string> split_url(const std::string& url);

}  // namespace vg::alerts
