// Toll-fraud policy evaluation per INVITE (issue 6, bar: median <= 5 us): normalize + classify +
// every rule + scoring, with 100,000 prefixes in the rate table and 10,000 accounts (each with its
// own policy override and counters). Each call is timed alone; medians and p99 are printed. The peer
// measured in the same run is the rate lookup a hand-written policy would do — a hash map probed at
// every prefix length — against the sorted-vector index voipguard uses.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "events/sink.h"
#include "fraud/engine.h"

namespace {

using Steady = std::chrono::steady_clock;
using vg::fraud::Rate;

double ns_since(Steady::time_point t0) {
  return static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(Steady::now() - t0).count());
}

struct Stats {
  double median, p99;
};
Stats summarize(std::vector<double>& v) {
  std::sort(v.begin(), v.end());
  return {v[v.size() / 2], v[v.size() * 99 / 100]};
}

std::string random_digits(std::mt19937& rng, size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + rng() % 10));
  return s;
}

}  // namespace

int main() {
  constexpr size_t kPrefixes = 100'000, kAccounts = 10'000, kCalls = 300'000;
  std::mt19937 rng(42);
  const char* ccs[] = {"1", "44", "49", "33", "39", "34", "31", "7", "86", "91", "53", "252", "881", "882", "675", "234"};

  // Rate table: 100,000 distinct prefixes under real country codes.
  std::string csv;
  std::unordered_map<std::string, Rate> peer_rates;
  while (peer_rates.size() < kPrefixes) {
    std::string p = std::string(ccs[rng() % std::size(ccs)]) + random_digits(rng, 1 + rng() % 6);
    if (!peer_rates.emplace(p, Rate{static_cast<int64_t>(rng() % 2'000'000), 0, 60, 60}).second) continue;
    csv += p + ",0." + std::to_string(rng() % 999'999) + ",0,60/60\n";
  }
  auto rates = vg::fraud::RateTable::parse(csv, "bench");
  if (!rates) {
    std::fprintf(stderr, "rate table: %s\n", rates.error().c_str());
    return 1;
  }

  vg::fraud::TenantRules t;
  t.plan.country_code = "49";
  t.plan.national_prefix = "0";
  t.plan.international_prefixes = {"00"};
  t.plan.outside_line_prefixes = {"9"};
  t.plan.emergency_numbers = {"112", "110"};
  t.plan.mobile_prefixes = {"15", "16", "17"};
  t.rates = *rates;
  vg::fraud::Policy& p = t.policy;
  p.schedule.enabled = true;
  p.schedule.zone = vg::fraud::TimeZone::utc();
  p.in_hours.max_concurrent = 50;
  p.in_hours.calls_per_minute = 100;
  p.in_hours.international_per_hour = 200;
  p.in_hours.international_per_day = 1000;
  p.in_hours.same_number_max = 50;
  p.in_hours.max_duration = std::chrono::seconds(3600);
  p.in_hours.spend_per_day = 100'000'000;
  p.in_hours.spend_per_month = 1'000'000'000;
  p.in_hours.blocked_countries = {"CU", "KP"};
  p.out_of_hours = p.in_hours;
  p.scoring.suspend = 0;  // keep every account usable for the whole run
  std::vector<std::string> accounts;
  for (size_t i = 0; i < kAccounts; ++i) {
    accounts.push_back("user" + std::to_string(i));
    t.accounts.emplace(accounts.back(), p);
  }
  auto cfg = std::make_shared<vg::fraud::EngineConfig>();
  cfg->tenants.emplace("example.com", std::move(t));

  vg::FakeClock clock(1'795'770'000);
  vg::events::NullSink sink;
  vg::fraud::Engine engine(cfg, clock, sink);

  // Dialled strings as phones send them: national, international in several spellings, premium.
  std::vector<std::string> dialled;
  for (size_t i = 0; i < 20'000; ++i) {
    switch (rng() % 6) {
      case 0: dialled.push_back("030" + random_digits(rng, 7)); break;
      case 1: dialled.push_back("9017" + random_digits(rng, 8)); break;
      case 2: dialled.push_back("0044" + random_digits(rng, 10)); break;
      case 3: dialled.push_back("+1-212-" + random_digits(rng, 3) + "-" + random_digits(rng, 4)); break;
      case 4: dialled.push_back("%2B33" + random_digits(rng, 9)); break;
      default: dialled.push_back("0900" + random_digits(rng, 6)); break;
    }
  }

  std::vector<double> invite_ns, end_ns, classify_ns;
  invite_ns.reserve(kCalls);
  end_ns.reserve(kCalls);
  size_t allowed = 0;
  for (size_t i = 0; i < kCalls; ++i) {
    const std::string id = "c" + std::to_string(i);
    vg::fraud::CallRequest r;
    r.tenant = "example.com";
    r.account = accounts[rng() % kAccounts];
    r.call_id = id;
    r.from_tag = "t";
    r.dialled = dialled[i % dialled.size()];
    auto t0 = Steady::now();
    auto d = engine.on_invite(r);
    invite_ns.push_back(ns_since(t0));
    allowed += d.allowed() ? 1 : 0;
    if (d.allowed()) {
      engine.on_answer(id, "t");
      t0 = Steady::now();
      engine.on_end(id, "t", "caller hung up");
      end_ns.push_back(ns_since(t0));
    }
    if (i % 1000 == 0) clock.advance_seconds(1);
  }
  const auto data = cfg->data;
  const auto& plan = cfg->tenants.at("example.com").plan;
  for (size_t i = 0; i < 200'000; ++i) {
    auto t0 = Steady::now();
    auto n = vg::fraud::normalize(dialled[i % dialled.size()], plan);
    auto c = data->classify(n, plan);
    classify_ns.push_back(ns_since(t0));
    if (c.classes == 0) std::puts("");
  }

  // Rate lookups: voipguard's index vs the peer (hash map probed from the longest prefix down).
  std::vector<std::string> numbers;
  for (size_t i = 0; i < 100'000; ++i) numbers.push_back(std::string(ccs[rng() % std::size(ccs)]) + random_digits(rng, 9));
  auto time_lookups = [&](auto&& lookup) {
    size_t found = 0;
    auto t0 = Steady::now();
    for (int rep = 0; rep < 5; ++rep) {
      for (const auto& n : numbers) found += lookup(n) ? 1 : 0;
    }
    return std::make_pair(ns_since(t0) / (5.0 * static_cast<double>(numbers.size())), found);
  };
  auto [ours_ns, ours_found] = time_lookups([&](const std::string& n) { return (*rates)->find(n) != nullptr; });
  auto [peer_ns, peer_found] = time_lookups([&](const std::string& n) {
    for (size_t len = std::min<size_t>(n.size(), 15); len > 0; --len) {
      if (peer_rates.count(n.substr(0, len))) return true;
    }
    return false;
  });

  const Stats inv = summarize(invite_ns), end = summarize(end_ns), cls = summarize(classify_ns);
  std::printf("== fraud policy per INVITE: %zu rate prefixes, %zu accounts, %zu calls (%zu allowed)\n",
              (*rates)->size(), kAccounts, kCalls, allowed);
  std::printf("%-44s %10s %10s\n", "", "median", "p99");
  std::printf("%-44s %8.2f us %8.2f us\n", "on_invite (normalize+classify+rules+score)", inv.median / 1000,
              inv.p99 / 1000);
  std::printf("%-44s %8.2f us %8.2f us\n", "on_end (release counters, cost, CDR)", end.median / 1000, end.p99 / 1000);
  std::printf("%-44s %8.2f us %8.2f us\n", "normalize + classify only", cls.median / 1000, cls.p99 / 1000);
  std::printf("rate lookup: voipguard index %.0f ns, peer hash-map probing %.0f ns, ratio peer/voipguard %.2f"
              " (hits %zu / %zu)\n",
              ours_ns, peer_ns, peer_ns / ours_ns, ours_found, peer_found);
  std::printf("bar: median on_invite <= 5 us: %s\n", inv.median <= 5000 ? "PASS" : "FAIL");
  return ours_found == peer_found ? 0 : 1;
}
