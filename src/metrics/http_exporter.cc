#include "metrics/http_exporter.h"

#include <sys/socket.h>

#include <httplib.h>

namespace vg::metrics {

HttpExporter::HttpExporter(const Registry& registry) : registry_(registry) {}

HttpExporter::~HttpExporter() { stop(); }

Result<void, std::string> HttpExporter::start(const Endpoint& listen) {
  server_ = std::make_unique<httplib::Server>();
  // SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, which would let a second voipguard (or
  // anything else) bind the same address silently and take half the scrapes.
  server_->set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
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
  loop_ended_ = false;
  thread_ = std::thread([this] {
    server_->listen_after_bind();
    loop_ended_ = true;
  });
  // httplib's stop() does nothing until the loop runs: wait for it so that stop() cannot hang.
  while (!server_->is_running() && !loop_ended_) std::this_thread::yield();
  return {};
}

void HttpExporter::stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
}

}  // namespace vg::metrics
