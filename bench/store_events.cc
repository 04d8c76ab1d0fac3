// Sustained security events per second written by the store (StoreWriter: bounded queue, one
// background thread, batched multi-row INSERTs, one transaction per batch) to SQLite and to
// PostgreSQL, against the peer every naive logger is: one INSERT committed per event. Also the
// cost of emit() on a packet thread (what the proxy pays per event) against a NullSink.
//
//   store_events PG_CLUSTER_SCRIPT [EVENTS]
//
// PostgreSQL runs in a private throwaway cluster started with tests/support/pg_cluster.sh, as the
// tests do. Prints figures and ratios; medians of 3 runs.
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "store/sqlite_connection.h"
#include "store/store.h"

namespace {

using namespace vg;
using Clk = std::chrono::steady_clock;

events::Event make_event(int i) {
  events::Event e;
  e.time_ms = 1'700'000'000'000 + i;
  e.kind = "auth.failure";
  e.severity = events::Severity::kWarning;
  e.source = Endpoint{*IpAddress::parse("192.0.2.7"), static_cast<uint16_t>(5060 + i % 1000)};
  e.transport = "UDP";
  e.tenant = "example.com";
  e.account = std::to_string(1000 + i % 500);
  e.filter = "auth";
  e.rule = "digest";
  e.action = "reply:403";
  e.evidence = "wrong response";
  e.fields = {{"user_agent", "friendly-scanner"}};
  return e;
}

// CPU seconds used by this process so far (all threads): the writer's work, whatever else runs on
// the machine. The wall-clock rate depends on the load of the (shared) machine; this does not.
double process_cpu_s() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

double thread_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

struct Rate {
  double wall = 0;  // events per wall-clock second
  double cpu = 0;   // events per CPU second of this process
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Events/s through the StoreWriter: one producer appends as fast as it can; the clock stops when
// flush() returns with everything committed.
Rate writer_rate(const store::StoreOptions& base, int n) {
  store::StoreOptions o = base;
  o.writer.queue_capacity = static_cast<size_t>(n) + 1;  // measure the writer, not drops
  SystemClock clock;
  auto w = store::open_store(o, clock);
  if (!w) {
    std::fprintf(stderr, "open: %s\n", w.error().c_str());
    std::exit(1);
  }
  std::vector<events::Event> evs;
  evs.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) evs.push_back(make_event(i));
  const auto t0 = Clk::now();
  const double cpu0 = process_cpu_s();
  for (auto& e : evs) (*w)->emit(std::move(e));
  (*w)->flush();
  const double s = std::chrono::duration<double>(Clk::now() - t0).count();
  const double cpu = process_cpu_s() - cpu0;
  const auto c = (*w)->counters();
  if (c.written != static_cast<uint64_t>(n)) {
    std::fprintf(stderr, "written %llu of %d\n", static_cast<unsigned long long>(c.written), n);
    std::exit(1);
  }
  return Rate{n / s, n / cpu};
}

// The naive peer: one INSERT per event, each in its own transaction (autocommit).
Rate naive_rate(const store::StoreOptions& o, int n) {
  auto conn = store::connect(o);
  if (!conn) {
    std::fprintf(stderr, "connect: %s\n", conn.error().c_str());
    std::exit(1);
  }
  const std::string sql =
      "INSERT INTO security_events (time_ms, kind, severity, source_ip, source_port, transport, tenant, account, "
      "filter, rule, action, evidence, fields) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
  const auto t0 = Clk::now();
  const double cpu0 = process_cpu_s();
  for (int i = 0; i < n; ++i) {
    events::Event e = make_event(i);
    const std::string ip = e.source->address.to_string();
    const std::string acct = e.account;
    const store::SqlParam p[] = {e.time_ms,      std::string_view(e.kind), std::string_view("warning"),
                                 std::string_view(ip), int64_t{e.source->port}, std::string_view(e.transport),
                                 std::string_view(e.tenant), std::string_view(acct), std::string_view(e.filter),
                                 std::string_view(e.rule), std::string_view(e.action), std::string_view(e.evidence),
                                 std::string_view(R"({"user_agent":"friendly-scanner"})")};
    if (auto r = (*conn)->execute(sql, p); !r) {
      std::fprintf(stderr, "insert: %s\n", r.error().c_str());
      std::exit(1);
    }
  }
  return Rate{n / std::chrono::duration<double>(Clk::now() - t0).count(), n / (process_cpu_s() - cpu0)};
}

// CPU ns per emit() on the calling (packet) thread, two producer threads at once, building the
// event included (thread CPU time: independent of what else the machine runs).
double emit_ns(events::EventSink& sink, int n) {
  double total = 0;
  std::mutex mu;
  auto work = [&] {
    const double t0 = thread_cpu_ns();
    for (int i = 0; i < n; ++i) sink.emit(make_event(i));
    const double t = thread_cpu_ns() - t0;
    std::lock_guard lock(mu);
    total += t;
  };
  std::thread a(work);
  std::thread b(work);
  a.join();
  b.join();
  return total / (2.0 * n);
}

std::string read_line(const std::string& path) {
  std::ifstream in(path);
  std::string s;
  std::getline(in, s);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s PG_CLUSTER_SCRIPT [EVENTS]\n", argv[0]);
    return 2;
  }
  const std::string script = argv[1];
  const int n = argc > 2 ? std::atoi(argv[2]) : 200000;
  const int naive_n = std::max(1, n / 40);
  const auto dir = std::filesystem::temp_directory_path() / ("vg-store-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string state = (dir / "pg").string();
  // Stopped however the program ends (the error paths call std::exit).
  static std::string stop_cmd;
  stop_cmd = "bash '" + script + "' stop '" + state + "' >/dev/null; rm -rf '" + dir.string() + "'";
  std::atexit([] { (void)std::system(stop_cmd.c_str()); });
  if (std::system(("bash '" + script + "' start '" + state + "' >/dev/null").c_str()) != 0) {
    std::fprintf(stderr, "PostgreSQL did not start\n");
    return 1;
  }
  int run = 0;
  auto sqlite = [&] {
    store::StoreOptions o;
    o.sqlite_path = (dir / ("bench" + std::to_string(run++) + ".db")).string();
    return o;
  };
  auto pg = [&] {
    store::StoreOptions o;
    o.backend = store::Backend::kPostgresql;
    o.postgresql.conninfo = read_line(state + "/conninfo");
    auto c = store::PgConnection::open(o.postgresql);
    if (c) (void)(*c)->exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public");  // a fresh database per run
    return o;
  };

  std::printf("store_events: %d events per run, medians of 3 (naive peer: %d events)\n", n, naive_n);
  std::fflush(stdout);
  std::vector<double> sq, sqc, sqn, sqnc, pw, pwn;
  for (int i = 0; i < 3; ++i) {
    const Rate a = writer_rate(sqlite(), n);
    const Rate b = naive_rate(sqlite(), naive_n);
    sq.push_back(a.wall);
    sqc.push_back(a.cpu);
    sqn.push_back(b.wall);
    sqnc.push_back(b.cpu);
    pw.push_back(writer_rate(pg(), n).wall);
    pwn.push_back(naive_rate(pg(), naive_n).wall);
  }
  const double s1 = median(sq), s0 = median(sqn), p1 = median(pw), p0 = median(pwn);
  const double s1c = median(sqc), s0c = median(sqnc);
  std::printf("%-28s %16s %22s %8s\n", "backend", "StoreWriter ev/s", "naive (commit/event)", "ratio");
  std::printf("%-28s %16.0f %22.0f %7.1fx\n", "SQLite (wall clock)", s1, s0, s1 / s0);
  std::printf("%-28s %16.0f %22.0f %7.1fx\n", "SQLite (per CPU second)", s1c, s0c, s1c / s0c);
  std::printf("%-28s %16.0f %22.0f %7.1fx\n", "PostgreSQL (wall clock)", p1, p0, p1 / p0);
  double load[1] = {0};
  if (getloadavg(load, 1) == 1) std::printf("machine load average during the run: %.1f\n", load[0]);
  std::printf("bar: >= 50000 events/s to SQLite: %s (wall clock), %s (per CPU second)\n",
              s1 >= 50000 ? "met" : "NOT met", s1c >= 50000 ? "met" : "NOT met");

  // The packet path's share: emit() into the store's writer vs into a sink that does nothing.
  {
    store::StoreOptions o = sqlite();
    o.writer.queue_capacity = static_cast<size_t>(2 * n) + 1;
    SystemClock clock;
    auto w = store::open_store(o, clock);
    events::NullSink null_sink;
    std::vector<double> ws, ns;
    for (int i = 0; i < 3; ++i) {
      ns.push_back(emit_ns(null_sink, n / 2));
      ws.push_back(emit_ns(**w, n / 2));
      (*w)->flush();
    }
    const double wn = median(ws), nn = median(ns);
    std::printf("emit() on a packet thread (2 threads, event built included, thread CPU time): %.0f ns into the "
                "store writer, %.0f ns into a NullSink; the store adds %.0f ns per event\n",
                wn, nn, wn - nn);
  }
  return 0;
}
