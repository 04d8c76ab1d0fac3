// The filter interface of the security pipeline (DESIGN.md "Filter pipeline"): one class per
// concern, each seeing either the raw datagram's source (before parsing) or the parsed request and
// a context, and answering with a Verdict. Filters are called concurrently from worker threads:
// every implementation keeps its state sharded or atomic.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "config/config.h"
#include "core/clock.h"
#include "core/ip.h"
#include "filters/mode.h"
#include "net/transport.h"
#include "sip/message.h"

namespace vg::filters {


enum class Action : uint8_t { kContinue, kReply, kDrop, kBan };
std::string_view to_string(Action a);

// A filter's answer. Non-continue verdicts name the rule that fired and say why (evidence, never
// a secret). A ban also drops the message that caused it.
struct Verdict {
  Action action = Action::kContinue;
  uint16_t status = 0;           // kReply: the response code
  std::string_view reason;       // kReply: reason phrase (static text)
  uint32_t retry_after = 0;      // kReply: seconds for Retry-After (RFC 3261 §20.33), 0 = none
  std::string_view header_name;  // kReply: one more header, e.g. Unsupported for a 420
  std::string header_value;
  Clock::Duration ban_for{};     // kBan: how long (0 = the ban list's default)
  std::string_view rule;         // which rule fired (static text)
  std::string evidence;          // human-readable why: "42 INVITE in 10 s", "User-Agent friendly-scanner"

  [[nodiscard]] bool passes() const { return action == Action::kContinue; }
  static Verdict pass() { return {}; }
  static Verdict drop(std::string_view rule, std::string evidence);
  static Verdict reply(uint16_t status, std::string_view reason, std::string_view rule, std::string evidence,
                       uint32_t retry_after = 0);
  static Verdict ban(Clock::Duration d, std::string_view rule, std::string evidence);
};

// What is known of a datagram before it is parsed (the cheap checks: bans, trusted, flood).
struct SourceInfo {
  Endpoint source;
  net::Transport transport = net::Transport::kUdp;
  size_t listener = 0;
  std::string_view bytes;
  Clock::MonoTime now{};
};

// What a filter knows about a parsed request besides the message itself.
struct Context {
  Endpoint source;
  net::Transport transport = net::Transport::kUdp;
  size_t listener = 0;
  std::string_view listener_name;
  const config::Tenant* tenant = nullptr;  // the tenant the request is addressed to, when served here
  std::string_view account;                // username of the request's credentials (claimed, not yet verified)
  Clock::MonoTime now{};
  const Clock* clock = nullptr;
};

class Filter {
 public:
  explicit Filter(FilterMode mode) : mode_(mode) {}
  virtual ~Filter() = default;
  Filter(const Filter&) = delete;
  Filter& operator=(const Filter&) = delete;

  // Stable lower-case name: event `filter`, counter label, config key.
  [[nodiscard]] virtual std::string_view name() const = 0;
  // Before parsing (only the source and the bytes). Default: no opinion.
  [[nodiscard]] virtual Verdict check_source(const SourceInfo& /*s*/) { return Verdict::pass(); }
  // A parsed, validated request. Default: no opinion.
  [[nodiscard]] virtual Verdict check(const Context& /*c*/, const sip::Message& /*m*/) { return Verdict::pass(); }
  // True for filters that run before parsing (the pipeline only calls check_source on those).
  [[nodiscard]] virtual bool pre_parse() const { return false; }
  // Trusted sources skip every filter except those returning true here (message sanity).
  [[nodiscard]] virtual bool applies_to_trusted() const { return false; }
  // Periodic housekeeping (expiry of idle state); called from one thread.
  virtual void on_tick(Clock::MonoTime /*now*/) {}

  [[nodiscard]] FilterMode mode() const { return mode_; }

 private:
  FilterMode mode_;
};

}  // namespace vg::filters
