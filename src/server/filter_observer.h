// Feeds the proxy's authentication outcomes (ProxyObserver) to the security pipeline's brute-force
// filter: registrar-mode digest failures and edge-mode 401/403 answers of the PBX alike. Called on
// worker threads; the pipeline pointer is swapped on reload.
#pragma once

#include <atomic>

#include "core/clock.h"
#include "proxy/proxy.h"

namespace vg::filters {
class Pipeline;
}

namespace vg::server {

class FilterObserver final : public proxy::ProxyObserver {
 public:
  explicit FilterObserver(const Clock& clock) : clock_(clock) {}
  void set_pipeline(filters::Pipeline* p) { pipeline_.store(p, std::memory_order_release); }
  // The pipeline in use (read by the metrics collector).
  [[nodiscard]] const std::atomic<filters::Pipeline*>& pipeline() const { return pipeline_; }

  void on_upstream_auth_failure(const Endpoint& source, std::string_view user, int status) override;
  void on_auth_failure(const Endpoint& source, std::string_view user, std::string_view why) override;

 private:
  const Clock& clock_;
  std::atomic<filters::Pipeline*> pipeline_{nullptr};
};

}  // namespace vg::server
