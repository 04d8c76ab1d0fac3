// Shared state of one Server: normalised configuration, collaborators, listeners, workers and the
// connection table. Built by Server::Impl; everything in the library reaches each other through it.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "net/connection_table.h"
#include "net/transport.h"

namespace vg::net {

class Worker;
struct TlsContexts;

struct ListenerInfo {
  ListenerConfig config;
  Endpoint bound;     // after port 0 resolution
  std::string label;  // "udp4 127.0.0.1:5060"
};

struct Context {
  Context(NetConfig c, std::vector<ListenerConfig> l, Handler& h, const Clock& clk);
  ~Context();

  NetConfig config;  // normalised: workers in [1, kMaxWorkers], udp_batch in [1, 1024]
  sip::Limits limits;  // clamped
  Handler& handler;
  const Clock& clock;
  Sender* sender = nullptr;
  NetStats stats;
  std::vector<ListenerInfo> listeners;
  std::vector<std::unique_ptr<Worker>> workers;
  ConnectionTable table;
  std::atomic<bool> running{false};
  std::atomic<size_t> next_worker{0};
  std::chrono::milliseconds sweep_interval{50};  // how often workers check connection deadlines
  // TLS contexts (null until Server::configure_tls); swapped whole on reload, read from any thread.
  std::shared_ptr<const TlsContexts> tls;

  [[nodiscard]] std::shared_ptr<const TlsContexts> tls_contexts() const { return std::atomic_load(&tls); }

  size_t pick_worker() { return next_worker.fetch_add(1, std::memory_order_relaxed) % workers.size(); }
};

}  // namespace vg::net
