// Typed configuration of the observability sections: `metrics:` (Prometheus endpoint) and `alerts:`
// (rules over security events and the channels that deliver them). Part of config::Config.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/ip.h"
#include "events/event.h"

namespace vg::config {

struct MetricsConfig {
  // Where /metrics is served; nullopt = off (the default). Loopback addresses only: the endpoint
  // has no authentication, so a remote Prometheus scrapes through an authenticating proxy.
  std::optional<Endpoint> listen;
};

enum class AlertChannelType { kWebhook, kSyslog, kEmail };
enum class WebhookFormat { kJson, kSlack };

// Delivery retries: exponential backoff from `initial`, doubling, capped at `max`, at most
// `attempts` tries in all; then the alert is dropped and counted as a failure.
struct RetryPolicy {
  std::chrono::milliseconds initial{1000};
  std::chrono::milliseconds max{60000};
  std::uint32_t attempts = 8;
};

struct AlertChannel {
  std::string name;
  AlertChannelType type = AlertChannelType::kWebhook;
  std::chrono::milliseconds timeout{5000};  // one delivery attempt
  RetryPolicy retry;
  // webhook: http:// or https:// URL; body JSON (the alert) or Slack/Mattermost {"text": ...}.
  std::string url;
  WebhookFormat format = WebhookFormat::kJson;
  // syslog: RFC 5424 over UDP (RFC 5426) to host:port.
  Endpoint syslog_to;
  std::uint8_t facility = 16;  // local0
  // email: SMTP server URL (smtp:// or smtps://), envelope and header addresses, optional login.
  std::string smtp_url;
  std::string mail_from;
  std::vector<std::string> mail_to;
  std::string smtp_user;
  std::string smtp_password;  // secret: never logged or echoed in errors
};

struct AlertRule {
  std::string name;
  // Event kinds matched: exact ("ban.added") or a prefix ending in '*' ("filter.*"); empty = any.
  std::vector<std::string> kinds;
  events::Severity min_severity = events::Severity::kInfo;
  // Equality on event attributes (source_ip, transport, tenant, account, filter, rule, action) or,
  // for any other name, on the event's field of that name.
  std::vector<std::pair<std::string, std::string>> where;
  // Numeric field strictly above a value (fraud score, call duration, spend).
  std::vector<std::pair<std::string, double>> above;
  // Fires when `count` matching events with the same `per` key arrive within `window`
  // (count 1: every matching event). per: source | source_ip | account | tenant | a field name |
  // empty (one key for the rule).
  std::uint32_t count = 1;
  std::chrono::milliseconds window{60000};
  std::string per;
  std::optional<events::Severity> severity;  // of the alert; default: the triggering event's
  std::chrono::milliseconds dedupe{300000};  // the same rule and key alert once per this
  std::uint32_t max_per_minute = 20;         // all keys of the rule together (storms of new keys)
  std::vector<std::string> channels;         // names; empty = every channel
};

struct AlertsConfig {
  std::vector<AlertChannel> channels;
  std::vector<AlertRule> rules;
  std::uint32_t queue_size = 10000;  // events waiting for evaluation; a full queue drops and counts
};

}  // namespace vg::config
