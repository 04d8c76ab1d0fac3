// Shared set-up of the fraud engine tests: a German tenant (Europe/Berlin business hours, 9 for an
// outside line), a fake clock, a recording event sink and the CDRs written.
#pragma once

#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "events/sink.h"
#include "fraud/engine.h"

namespace vg::fraud::testing {

// Friday 2026-11-27 03:00 and 10:00 in Berlin (UTC+1 in November).
inline constexpr int64_t kFriday0300 = 1795744800;
inline constexpr int64_t kFriday1000 = 1795770000;

inline TenantRules german_tenant() {
  TenantRules t;
  t.plan.country_code = "49";
  t.plan.national_prefix = "0";
  t.plan.international_prefixes = {"00"};
  t.plan.outside_line_prefixes = {"9"};
  t.plan.emergency_numbers = {"112", "110"};
  t.plan.mobile_prefixes = {"15", "16", "17"};
  t.plan.max_short_code_length = 4;
  Policy& p = t.policy;
  p.schedule.enabled = true;
  p.schedule.zone = *TimeZone::load("UTC+01:00");
  p.in_hours.international_per_hour = 20;
  p.out_of_hours = p.in_hours;
  p.out_of_hours.international_per_hour = 2;
  return t;
}

class FraudEngineTest : public ::testing::Test {
 protected:
  explicit FraudEngineTest(int64_t start = kFriday1000) : clock_(start) {}

  void make_engine(TenantRules t) {
    auto cfg = std::make_shared<EngineConfig>();
    cfg->tenants.emplace("example.com", std::move(t));
    engine_ = std::make_unique<Engine>(cfg, clock_, events_);
    engine_->set_cdr_sink([this](Cdr c) {
      std::lock_guard lock(mu_);
      cdrs_.push_back(std::move(c));
    });
  }

  Decision call(const std::string& dialled, const std::string& account = "alice") {
    const std::string id = "call-" + std::to_string(++next_);
    last_call_ = id;
    CallRequest r;
    r.tenant = "example.com";
    r.account = account;
    r.call_id = id;
    r.from_tag = "tag";
    r.dialled = dialled;
    r.caller = account;
    r.user_agent = "test";
    return engine_->on_invite(r);
  }
  void end(const std::string& id, std::string_view how) { engine_->on_end(id, "tag", how); }
  [[nodiscard]] std::vector<Cdr> cdrs() {
    std::lock_guard lock(mu_);
    return cdrs_;
  }

  FakeClock clock_;
  events::RecordingSink events_;
  std::unique_ptr<Engine> engine_;
  std::string last_call_;
  int next_ = 0;
  std::mutex mu_;
  std::vector<Cdr> cdrs_;
};

}  // namespace vg::fraud::testing
