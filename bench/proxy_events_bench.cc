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
// Measured: CPU time of the packet thread (CLOCK_THREAD_CPUTIME_ID: time the thread waits or
// other processes run does not count) per call, for sides built alike and driven in turn, in short
// rounds whose order rotates, medians over the rounds (the ratio: median of the per-round ratios):
//   * no events (the baseline), and the driver's own string work alone (subtracted from every side
//     to give the proxy core's share);
//   * an event per message with the writer idle during the round (it is flushed, untimed, after
//     it): the packet path's own work — building the event, the hub, the writer's queue;
//   * an event per message with the writer running as configured (a batch every 5000 records),
//     the proxy thread 100 % busy; what the writer has not written when the round ends is flushed
//     untimed, so it never runs during another side's round and never falls behind (the run fails
//     if an event is dropped);
//   * the control: no events, with a thread copying memory beside the proxy for the round — what
//     any busy neighbour thread costs the packet thread on the machine at hand;
//   * an event per message with the writer running, the proxy paced at 2000 and 5000 calls/s
//     (sleeping between bursts of 5 calls, as a worker waits for datagrams), 1 s rounds.
//
//   build/proxy_events_bench [CALLS_PER_ROUND] [ROUNDS] [PACED_ROUNDS]     (defaults 3000, 21, 11)
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "config/config.h"
#include "proxy_call_driver.h"
#include "server/event_hub.h"
#include "server/event_store.h"
#include "server/observability.h"
#include "store/store_writer.h"

namespace {

using namespace vg;

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
    // Views of what the component has at hand (the parsed message, its own names): the event
    // allocates nothing on the packet thread; the store copies it into its queue's bytes.
    const events::FieldRef fields[] = {{request ? "method" : "status", what}, {"call_id", call_id}};
    events::EventRef e;
    e.time_ms = std::chrono::duration_cast<std::chrono::milliseconds>(clock_.wall().time_since_epoch()).count();
    e.kind = request ? "sip.request" : "sip.response";
    e.severity = events::Severity::kInfo;
    e.source = in.source;
    e.transport = net::transport_name(in.transport);
    e.tenant = "bench.example";
    e.filter = "proxy";
    e.rule = what;
    e.action = "forward";
    e.fields = fields;
    sink_.emit(e);
  }

 private:
  events::EventSink& sink_;
  const Clock& clock_;
};

// The gateway's event path (server/gateway.cc): hub -> alert service, store writer -> SQLite.
// idle_writer: the writer wakes only when flushed (no batch trigger, no flush interval), so that the
// packet path's own work can be measured without the writer running beside it.
struct EventPath {
  explicit EventPath(const std::string& db, bool idle_writer = false) {
    auto c = config::load_config_or_default("");
    if (!c) fail("default config: " + c.error());
    cfg = std::move(*c);
    obs = std::make_unique<server::Observability>(cfg, clock);
    hub.add(&obs->alerts());
    auto options = server::store_options(cfg.storage, db);
    if (!options) fail(options.error());
    if (idle_writer) {
      options->writer.batch_size = options->writer.queue_capacity = 1u << 30;
      options->writer.flush_interval = std::chrono::hours(1);
    }
    auto w = store::open_store(*options, clock, &hub);
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

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// One side of the comparison: a proxy core with its call driver, and an event path of its own.
struct Side {
  Side(const std::filesystem::path& db, bool events, bool idle_writer = false)
      : path(db.string(), idle_writer),
        hook(path.hub, path.clock),
        driver(std::string(kCallIdSuffix), events ? &hook : nullptr) {}
  EventPath path;
  EventPerMessage hook;
  bench::Driver driver;
  uint64_t next = 1;
};

// The control: a thread copying 2 MiB blocks (memory traffic like a writer's pages) while it lives,
// so that what any busy neighbour thread costs the packet thread on this machine is measured too.
class Neighbour {
 public:
  Neighbour() : a_(2u << 20, 1), b_(2u << 20, 2), t_([this] { run(); }) {}
  ~Neighbour() {
    stop_ = true;
    t_.join();
  }

 private:
  void run() {
    while (!stop_.load(std::memory_order_relaxed)) {
      std::memcpy(b_.data(), a_.data(), a_.size());
      a_.swap(b_);
    }
  }
  std::vector<char> a_, b_;
  std::atomic<bool> stop_{false};
  std::thread t_;
};

// Packet thread CPU ns per call for the next `calls` calls of `s`. proxy false: the driver alone.
// rate > 0: paced at that many calls/s (bursts of 5 calls, sleeping until each burst's deadline, as
// a worker waits in epoll between datagrams).
double run_calls(Side& s, uint64_t calls, bool proxy, double rate = 0) {
  using Clk = std::chrono::steady_clock;
  const auto start = Clk::now();
  const double t0 = thread_cpu_ns();
  for (uint64_t i = 1; i <= calls; ++i, ++s.next) {
    if (!s.driver.call(s.next, proxy)) EventPath::fail("a call failed");
    if (rate > 0 && i % 5 == 0) {
      std::this_thread::sleep_until(start + std::chrono::duration_cast<Clk::duration>(std::chrono::duration<double>(
                                                static_cast<double>(i) / rate)));
    }
  }
  return (thread_cpu_ns() - t0) / static_cast<double>(calls);
}

void check_written(Side& s, uint64_t calls) {
  const auto c = s.path.writer->counters();
  const uint64_t expected = kMessagesPerCall * calls;
  if (c.accepted != expected || c.dropped_queue_full != 0 || c.written < expected) {
    EventPath::fail("events: accepted " + std::to_string(c.accepted) + ", written " + std::to_string(c.written) +
                    ", dropped " + std::to_string(c.dropped_queue_full) + " of " + std::to_string(expected));
  }
  if (s.driver.stats().forwarded_responses.load() < 3 * calls) EventPath::fail("the call flow is broken");
}

struct Row {
  std::string name;
  double off = 0, on = 0, ratio = 0;  // ns per call without / with events; median per-round ratio
};

void print_row(const Row& r, double driver) {
  std::printf("  %-40s %9.0f %9.0f %9.0f %8.3f  %s\n", r.name.c_str(), r.off - driver, r.on - driver,
              (r.on - r.off) / kMessagesPerCall, r.ratio, r.ratio <= 1.05 ? "met" : "NOT met");
}

}  // namespace

int main(int argc, char** argv) {
  const uint64_t calls = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 3000;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 21;
  const int paced_rounds = argc > 3 ? std::atoi(argv[3]) : 11;
  if (calls < 200 || rounds <= 0 || paced_rounds < 0) {
    std::fprintf(stderr, "usage: proxy_events_bench [CALLS_PER_ROUND>=200] [ROUNDS>0] [PACED_ROUNDS>=0]\n");
    return 2;
  }
  const auto dir = std::filesystem::temp_directory_path() / ("vg-events-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::vector<Row> rows;
  double driver = 0, writer_ns = 0;
  {
    Side a(dir / "without.db", false), b(dir / "with.db", true), c(dir / "driver.db", false),
        d(dir / "idle-writer.db", true, true);
    // Warm-up (allocator, page cache, SQLite's first pages): not counted.
    (void)run_calls(a, calls, true);
    (void)run_calls(b, calls, true);
    (void)run_calls(c, calls, false);
    (void)run_calls(d, calls, true);
    b.path.writer->flush();
    d.path.writer->flush();
    std::vector<double> off, on, drv, held, busy, ratio, held_ratio, busy_ratio;
    double neighbour_cpu = 0;
    const double process0 = process_cpu_ns(), thread0 = thread_cpu_ns();
    for (int r = 0; r < rounds; ++r) {
      // Short rounds, the order rotating: a burst of load from other processes hits every side.
      double x = 0, y = 0, z = 0, h = 0, n = 0;
      for (int k = 0; k < 5; ++k) {
        switch ((r + k) % 5) {
          case 4: {
            const double p0 = process_cpu_ns(), t0 = thread_cpu_ns();
            {
              Neighbour busy_thread;
              n = run_calls(a, calls, true);
            }
            neighbour_cpu += (process_cpu_ns() - p0) - (thread_cpu_ns() - t0);
            break;
          }
          case 0: x = run_calls(a, calls, true); break;
          case 1:
            y = run_calls(b, calls, true);
            // Untimed: what the writer has not written yet is written now, so that it neither runs
            // during another side's round nor falls behind (a dropped event costs nothing).
            b.path.writer->flush();
            break;
          case 2: z = run_calls(c, calls, false); break;
          default:
            h = run_calls(d, calls, true);
            d.path.writer->flush();
            break;
        }
      }
      off.push_back(x);
      on.push_back(y);
      drv.push_back(z);
      held.push_back(h);
      busy.push_back(n);
      ratio.push_back((y - z) / (x - z));
      held_ratio.push_back((h - z) / (x - z));
      busy_ratio.push_back((n - z) / (x - z));
    }
    writer_ns = ((process_cpu_ns() - process0) - (thread_cpu_ns() - thread0) - neighbour_cpu) /
                (2.0 * kMessagesPerCall * static_cast<double>(calls) * rounds);
    driver = median(drv);
    rows.push_back({"writer idle (the packet path's own work)", median(off), median(held), median(held_ratio)});
    rows.push_back({"writer running, unpaced (thread 100 % busy)", median(off), median(on), median(ratio)});
    rows.push_back({"control: no events, a memcpy thread beside", median(off), median(busy), median(busy_ratio)});
    // Paced: the writer runs as it would under that load, a batch now and then.
    constexpr std::array<double, 2> kRates = {2000.0, 5000.0};
    for (const double rate : kRates) {
      if (paced_rounds == 0) break;
      const auto n = static_cast<uint64_t>(rate);  // 1 s per round
      std::vector<double> p_off, p_on, p_ratio;
      for (int r = 0; r < paced_rounds; ++r) {
        double x = 0, y = 0;
        for (int k = 0; k < 2; ++k) {
          if ((r + k) % 2 == 0) {
            x = run_calls(a, n, true, rate);
          } else {
            y = run_calls(b, n, true, rate);
            b.path.writer->flush();
          }
        }
        p_off.push_back(x);
        p_on.push_back(y);
        p_ratio.push_back((y - driver) / (x - driver));
      }
      char name[64];
      std::snprintf(name, sizeof name, "writer running, paced at %.0f calls/s", rate);
      rows.push_back({name, median(p_off), median(p_on), median(p_ratio)});
    }
    check_written(d, calls * static_cast<uint64_t>(rounds + 1));
    b.path.writer->flush();
    uint64_t b_calls = calls * static_cast<uint64_t>(rounds + 1);
    if (paced_rounds > 0) b_calls += static_cast<uint64_t>(paced_rounds * (kRates[0] + kRates[1]));
    check_written(b, b_calls);
    if (a.path.writer->counters().accepted != 0) EventPath::fail("events emitted without the hook");
  }
  std::filesystem::remove_all(dir);

  std::printf("proxy_events_bench: the proxy core's CPU per call (edge call flow, %d messages in and 7 out), "
              "packet thread CPU time, without and with one security event per message through the gateway's event "
              "path (hub, alert service, store writer, SQLite); medians of %d rounds of %llu calls per side "
              "(paced: %d rounds of 1 s), rotating order\n",
              kMessagesPerCall, rounds, static_cast<unsigned long long>(calls), paced_rounds);
  std::printf("  %-40s %9s %9s %9s %8s  %s\n", "", "ns/call", "ns/call", "ns added", "ratio", "bar");
  std::printf("  %-40s %9s %9s %9s %8s  %s\n", "", "no events", "events", "per event", "", "<= 1.05");
  for (const Row& r : rows) print_row(r, driver);
  std::printf("  driver's own string work (subtracted above): %.0f ns/call; writer and other threads: %.0f ns CPU per "
              "event\n",
              driver, writer_ns);
  double load[3] = {0, 0, 0};
  if (getloadavg(load, 3) == 3) std::printf("  machine load average: %.2f %.2f %.2f\n", load[0], load[1], load[2]);
  return 0;
}
