// What it costs the packet path when every SIP message produces a security event: the proxy core's
// CPU per call (bench/proxy_call_driver.h: 6 messages in, 7 out) on the packet thread, without
// events and with one event per message going through the gateway's real event path — the EventHub
// fanning out to the alert service and the store's writer, the writer's bounded queue, its
// background thread and a SQLite file in a temporary directory, all built from the embedded default
// configuration as `voipguard run` builds them.
//
// The event is made by a benchmark-only hook called after ProxyCore::on_message (the product emits
// no per-message events): kind, source, transport, tenant, method or status, Call-ID, as a
// component building an event from a parsed message would. Call-IDs are softphone-sized (37
// characters), so copying one allocates as it would in production.
//
// Measured: CPU time of the packet thread (CLOCK_THREAD_CPUTIME_ID, so other processes on a shared
// machine do not count), runs with and without events interleaved, medians of REPEAT pairs; the
// driver's own string work is measured alone and subtracted to give the proxy's share. The writer
// keeps up (the driver waits, untimed, when more than 20 000 records are queued), so every event
// is really written: the run fails if one is dropped.
//
//   build/proxy_events_bench [CALLS] [REPEAT]     (defaults 20000 and 7)
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "proxy_call_driver.h"
#include "server/event_hub.h"
#include "server/event_store.h"
#include "server/observability.h"
#include "store/store_writer.h"

namespace {

using namespace vg;

constexpr uint64_t kChunk = 500;            // calls between two looks at the writer's queue
constexpr uint64_t kMaxQueued = 20000;      // beyond this the driver lets the writer catch up
constexpr int kMessagesPerCall = 6;
constexpr std::string_view kCallIdSuffix = "-3f2a9c1e7b5d40a8@softphone.example";

double thread_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

double process_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

// One security event per message, as a component that saw the message would build it.
class EventPerMessage final : public bench::MessageHook {
 public:
  EventPerMessage(events::EventSink& sink, const Clock& clock) : sink_(sink), clock_(clock) {}
  void on_message(const net::Inbound& in, std::string_view what, std::string_view call_id) override {
    const bool request = !what.empty() && (what.front() < '0' || what.front() > '9');
    events::Event e;
    e.time_ms = std::chrono::duration_cast<std::chrono::milliseconds>(clock_.wall().time_since_epoch()).count();
    e.kind = request ? "sip.request" : "sip.response";
    e.severity = events::Severity::kInfo;
    e.source = in.source;
    e.transport = net::transport_name(in.transport);
    e.tenant = "bench.example";
    e.filter = "proxy";
    e.rule = what;
    e.action = "forward";
    e.fields.reserve(2);
    e.fields.emplace_back(request ? "method" : "status", what);
    e.fields.emplace_back("call_id", call_id);
    sink_.emit(std::move(e));
  }

 private:
  events::EventSink& sink_;
  const Clock& clock_;
};

// The gateway's event path (server/gateway.cc): hub -> alert service, store writer -> SQLite.
struct EventPath {
  explicit EventPath(const std::string& db) {
    auto c = config::load_config_or_default("");
    if (!c) fail("default config: " + c.error());
    cfg = std::move(*c);
    obs = std::make_unique<server::Observability>(cfg, clock);
    hub.add(&obs->alerts());
    auto w = server::open_event_store(cfg.storage, db, clock, &hub);
    if (!w) fail(w.error());
    writer = std::move(*w);
    hub.add(writer.get());
    if (auto r = obs->start(); !r) fail(r.error());
  }
  static void fail(const std::string& why) {
    std::fprintf(stderr, "proxy_events_bench: %s\n", why.c_str());
    std::exit(1);
  }
  SystemClock clock;
  config::Config cfg;
  std::unique_ptr<server::Observability> obs;
  server::EventHub hub;
  std::unique_ptr<store::StoreWriter> writer;
};

struct Sample {
  double packet_ns = 0;  // packet thread CPU per call
  double other_ns = 0;   // CPU of every other thread of the process per call (writer, alerts)
};

enum class Mode { kDriverOnly, kNoEvents, kEvents };

Sample run(Mode mode, uint64_t calls, const std::filesystem::path& dir, int index) {
  EventPath path((dir / ("events-" + std::to_string(index) + ".db")).string());
  EventPerMessage hook(path.hub, path.clock);
  bench::Driver d(std::string(kCallIdSuffix), mode == Mode::kEvents ? &hook : nullptr);
  const bool proxy = mode != Mode::kDriverOnly;
  double packet = 0;
  const double process0 = process_cpu_ns();
  for (uint64_t done = 0; done < calls;) {
    const uint64_t end = std::min(calls, done + kChunk);
    const double t0 = thread_cpu_ns();
    for (uint64_t i = done + 1; i <= end; ++i) {
      if (!d.call(i, proxy)) EventPath::fail("a call failed");
    }
    packet += thread_cpu_ns() - t0;
    done = end;
    // Untimed: a writer far behind would start dropping, and a dropped event costs nothing.
    if (mode == Mode::kEvents && path.writer->counters().queued > kMaxQueued) path.writer->flush();
  }
  path.writer->flush();
  const double process = process_cpu_ns() - process0;
  if (proxy && d.stats().forwarded_responses.load() < 3 * calls) EventPath::fail("the call flow is broken");
  const auto c = path.writer->counters();
  const uint64_t expected = mode == Mode::kEvents ? kMessagesPerCall * calls : 0;
  if (c.accepted != expected || c.dropped_queue_full != 0 || c.written < expected) {
    EventPath::fail("events: accepted " + std::to_string(c.accepted) + ", written " + std::to_string(c.written) +
                    ", dropped " + std::to_string(c.dropped_queue_full) + " of " + std::to_string(expected));
  }
  const auto n = static_cast<double>(calls);
  return Sample{packet / n, (process - packet) / n};
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const uint64_t calls = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 20000;
  const int repeat = argc > 2 ? std::atoi(argv[2]) : 7;
  if (calls == 0 || repeat <= 0) {
    std::fprintf(stderr, "usage: proxy_events_bench [CALLS>0] [REPEAT>0]\n");
    return 2;
  }
  const auto dir = std::filesystem::temp_directory_path() / ("vg-events-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  int index = 0;
  (void)run(Mode::kEvents, calls / 4 + 1, dir, index++);  // warm-up: allocator, page cache, SQLite
  std::vector<double> off, on, drv, off_other, on_other, overhead;
  for (int r = 0; r < repeat; ++r) {
    // Interleaved, and the order alternates, so a burst of load from other processes hits both.
    const bool events_first = r % 2 == 1;
    Sample a, b;
    if (events_first) b = run(Mode::kEvents, calls, dir, index++);
    a = run(Mode::kNoEvents, calls, dir, index++);
    if (!events_first) b = run(Mode::kEvents, calls, dir, index++);
    const Sample c = run(Mode::kDriverOnly, calls, dir, index++);
    off.push_back(a.packet_ns);
    on.push_back(b.packet_ns);
    drv.push_back(c.packet_ns);
    off_other.push_back(a.other_ns);
    on_other.push_back(b.other_ns);
    overhead.push_back((b.packet_ns - a.packet_ns) / (a.packet_ns - c.packet_ns));
  }
  std::filesystem::remove_all(dir);

  const double a = median(off), b = median(on), c = median(drv), o = median(overhead);
  std::printf("proxy_events_bench: edge call flow (%d messages in, 7 out per call), %llu calls x %d interleaved "
              "runs, medians; packet thread CPU time\n",
              kMessagesPerCall, static_cast<unsigned long long>(calls), repeat);
  std::printf("  %-44s %8.0f ns/call\n", "proxy + driver, no events", a);
  std::printf("  %-44s %8.0f ns/call\n", "proxy + driver, one event per message", b);
  std::printf("  %-44s %8.0f ns/call\n", "driver alone", c);
  std::printf("  %-44s %8.0f ns/call (%.0f ns/message)\n", "proxy core, no events", a - c, (a - c) / kMessagesPerCall);
  std::printf("  %-44s %8.0f ns/event\n", "added on the packet thread per event", (b - a) / kMessagesPerCall);
  std::printf("  %-44s %8.0f ns/event\n", "added on the other threads per event",
              (median(on_other) - median(off_other)) / kMessagesPerCall);
  std::printf("  ratio proxy core with / without events: %.3f (median of per-pair ratios; ratio of medians %.3f)\n",
              1.0 + o, (b - c) / (a - c));
  double load[1] = {0};
  if (getloadavg(load, 1) == 1) std::printf("  machine load average (1 min) at the end: %.2f\n", load[0]);
  std::printf("  bar: packet path slower by at most 5 %% with an event per message: %s (%+.1f %%)\n",
              o <= 0.05 ? "met" : "NOT met", o * 100.0);
  return 0;
}
