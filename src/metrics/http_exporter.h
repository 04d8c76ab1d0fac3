// Serves a Registry at GET /metrics (Prometheus text format 0.0.4) with cpp-httplib on its own
// thread. Bound to a loopback address by configuration (the endpoint has no authentication).
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "core/ip.h"
#include "core/result.h"
#include "metrics/registry.h"

namespace httplib {
class Server;
}

namespace vg::metrics {

class HttpExporter {
 public:
  explicit HttpExporter(const Registry& registry);
  ~HttpExporter();
  HttpExporter(const HttpExporter&) = delete;
  HttpExporter& operator=(const HttpExporter&) = delete;

  // Binds (errors name the address) and starts the serving thread.
  Result<void, std::string> start(const Endpoint& listen);
  void stop();

 private:
  const Registry& registry_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  std::atomic<bool> loop_ended_{false};
};

}  // namespace vg::metrics
