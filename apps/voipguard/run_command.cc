// `voipguard run [--config FILE]`: runs the gateway in the foreground, logging to stderr.
// SIGTERM/SIGINT: graceful shutdown (bindings flushed). SIGHUP: reload the configuration; an invalid
// one is rejected and the running one stays.
#include <signal.h>

#include <chrono>
#include <ctime>
#include <iostream>
#include <string>

#include "core/clock.h"
#include "core/random.h"
#include "server/gateway.h"
#include "subcommands.h"

namespace vg::app {

namespace {

void log_line(std::string_view level, std::string_view text) {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char ts[32];
  std::strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
  std::cerr << ts << " " << level << " " << text << std::endl;
}

class RunCommand : public Command {
 public:
  int result() const override { return status_; }
  void run();
  std::string config_path_;
  std::string var_dir_;
  int status_ = 0;
};

void RunCommand::run() {
  // Block the signals we handle before any thread starts, so only sigwait() below sees them.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);

  SystemClock clock;
  SystemRandom random;
  server::GatewayOptions opts{config_path_, var_dir_};
  auto gw = server::Gateway::create(opts, clock, random);
  if (!gw) {
    log_line("error", "cannot start: " + gw.error());
    status_ = 1;
    return;
  }
  if (auto r = (*gw)->start(); !r) {
    log_line("error", "cannot start: " + r.error());
    status_ = 1;
    return;
  }
  // Printed once, at the start (or reload) that generated them; only the hashes are kept.
  auto announce = [&] {
    const auto& fresh = (*gw)->announcements();
    if (fresh.empty()) return;
    std::cerr << "Generated passwords for new accounts (shown once; also in the var directory's "
                 "generated-credentials.txt, mode 0600):\n";
    for (const auto& line : fresh) std::cerr << "  " << line << "\n";
  };
  announce();
  log_line("info", (*gw)->summary());
  log_line("info", "ready (SIGHUP reloads the configuration, SIGTERM stops)");
  while (true) {
    int sig = 0;
    if (sigwait(&set, &sig) != 0) continue;
    if (sig == SIGHUP) {
      auto r = (*gw)->reload();
      announce();
      log_line(r ? "info" : "error", r ? "configuration reloaded" : "reload rejected, keeping the running configuration: " + r.error());
      continue;
    }
    log_line("info", "shutting down");
    (*gw)->stop();
    log_line("info", "stopped");
    return;
  }
}

}  // namespace

std::shared_ptr<Command> add_run_command(CLI::App& app) {
  auto cmd = std::make_shared<RunCommand>();
  auto* sub = app.add_subcommand("run", "Run the gateway in the foreground (logs to stderr)");
  sub->add_option("--config,-c", cmd->config_path_, "Configuration file (default: the embedded default configuration)");
  sub->add_option("--var-dir", cmd->var_dir_, "Directory for runtime state (overrides node.var_dir)");
  sub->callback([cmd] { cmd->run(); });
  return cmd;
}

}  // namespace vg::app
