#include "metrics/http_exporter.h"

#include <httplib.h>

namespace vg::metrics {

HttpExporter::HttpExporter(const Registry& registry) : registry_(registry) {}

HttpExporter::~HttpExporter() { stop(); }

Result<void, std::string> HttpExporter::start(const Endpoint& listen) {
  server_ = std::make_unique<httplib::Server>();
  server_->set_keep_alive_max_count(10);
  server_->set_read_timeout(5, 0);
  server_->set_write_timeout(5, 0);
  server_->Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(registry_.render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  const std::string host = listen.address.to_string();
  if (!server_->bind_to_port(host, listen.port)) {
    server_.reset();
    return unexpected("metrics: cannot listen on " + listen.to_string());
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  return {};
}

void HttpExporter::stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
}

}  // namespace vg::metrics
