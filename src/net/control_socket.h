// The local control socket: a Unix stream socket (mode 0600, in node.var_dir) on which the running
// daemon takes one command line per connection and answers with text, for `voipguard ban` and other
// operator commands. Its own thread, never the packet path. Requests are capped at 4 KiB and
// answered within the handler's time; a client that sends nothing is dropped after 5 s.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "core/result.h"

namespace vg::net {

class ControlServer {
 public:
  using Handler = std::function<std::string(std::string_view line)>;

  // Binds `path` (replacing a stale socket file), chmod 0600, starts the accept thread.
  static Result<std::unique_ptr<ControlServer>, std::string> start(const std::string& path, Handler handler);
  ~ControlServer();  // stops the thread, removes the socket file
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  ControlServer(std::string path, int fd, Handler handler);
  void run();

  std::string path_;
  int fd_;
  Handler handler_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// Client side: sends `line` to the socket at `path` and returns the whole answer.
Result<std::string, std::string> control_request(const std::string& path, std::string_view line);

}  // namespace vg::net
