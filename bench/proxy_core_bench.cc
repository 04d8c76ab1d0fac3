// In-process benchmark of the proxy core alone: the call flow of bench/proxy_vs_kamailio (INVITE,
// 100, 180, 200, ACK, BYE, 200 through an edge tenant, record-routed and transaction-stateful)
// driven straight into ProxyCore::on_message, without sockets or SIPp. It prints the time per call
// of the proxy core plus this driver (which builds the UAs' messages with plain string work), and
// the driver's share measured alone, so profiles (perf, callgrind) and before/after comparisons of
// the hot path are not drowned by the noise of a shared machine's network stack.
//
//   build/proxy_core_bench [CALLS] [REPEAT] [US_PER_CALL]   (defaults 100000, 7 and 1000 µs of fake
//                                                           time per call; medians printed)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "proxy_call_driver.h"

namespace {

using vg::bench::Driver;

double run(uint64_t calls, bool with_proxy, uint64_t* failed, std::chrono::microseconds per_call) {
  Driver d;
  d.set_time_per_call(per_call);
  const auto t0 = std::chrono::steady_clock::now();
  for (uint64_t i = 1; i <= calls; ++i) {
    if (!d.call(i, with_proxy)) ++*failed;
  }
  const auto t1 = std::chrono::steady_clock::now();
  if (with_proxy && d.stats().forwarded_responses.load() < 3 * calls) {
    std::fprintf(stderr, "the proxy forwarded %llu responses for %llu calls: the call flow is broken\n",
                 static_cast<unsigned long long>(d.stats().forwarded_responses.load()),
                 static_cast<unsigned long long>(calls));
    std::exit(1);
  }
  return std::chrono::duration<double, std::nano>(t1 - t0).count() / static_cast<double>(calls);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const uint64_t calls = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
  const int repeat = argc > 2 ? std::atoi(argv[2]) : 7;
  const std::chrono::microseconds per_call(argc > 3 ? std::atoll(argv[3]) : 1000);
  if (calls == 0 || repeat <= 0) {
    std::fprintf(stderr, "usage: proxy_core_bench [CALLS>0] [REPEAT>0] [US_PER_CALL]\n");
    return 2;
  }
  std::vector<double> total, driver;
  uint64_t failed = 0;
  for (int r = 0; r < repeat; ++r) {
    total.push_back(run(calls, true, &failed, per_call));
    driver.push_back(run(calls, false, &failed, per_call));
  }
  const double t = median(total), dr = median(driver);
  std::printf("proxy core, edge call flow (6 messages in, 7 out per call), %llu calls x %d runs (medians)\n",
              static_cast<unsigned long long>(calls), repeat);
  std::printf("  proxy + driver  %8.0f ns/call\n  driver alone    %8.0f ns/call\n  proxy core      %8.0f ns/call"
              "  (%.0f ns/message in)\n",
              t, dr, t - dr, (t - dr) / 6.0);
  if (failed) std::printf("  %llu calls failed\n", static_cast<unsigned long long>(failed));
  return failed ? 1 : 0;
}
