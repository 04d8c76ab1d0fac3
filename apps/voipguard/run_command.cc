// `voipguard run [--config FILE]`: runs the gateway in the foreground, logging as the `log:` section
// says (stderr by default; docs/observability.md).
// SIGTERM/SIGINT: graceful shutdown (bindings flushed). SIGHUP: reload the configuration; an invalid
// one is rejected and the running one stays.
#include <signal.h>

#include <algorithm>
#include <iostream>
#include <string>

#include "config/config.h"
#include "core/clock.h"
#include "core/random.h"
#include "log/log.h"
#include "proxy/proxy.h"
#include "server/gateway.h"
#include "subcommands.h"

namespace vg::app {

namespace {

log::Options log_options(const config::LogConfig& c) {
  log::Options o;
  o.level = static_cast<log::Level>(static_cast<int>(c.level));  // same order: trace..error
  o.format = c.format == config::LogFormat::kJson ? log::Format::kJson : log::Format::kText;
  o.file = c.file;
  return o;
}

// The log section of the configuration to be started, read before the gateway (so that everything
// it logs goes where configured); a broken file is reported by Gateway::create.
void init_log(const std::string& config_path) {
  (void)log::init(log::Options{});
  auto cfg = config_path.empty()
                 ? config::load_config_string(config::embedded_default_config(), config::kEmbeddedDefaultName)
                 : config::load_config_file(config_path);
  if (!cfg) return;
  if (auto r = log::init(log_options(cfg->log)); !r) log::error("{}; logging to stderr", r.error());
}

// One record per line of a multi-line message (configuration errors come one per line).
void log_lines(log::Level level, std::string_view prefix, std::string_view text) {
  bool first = true;
  while (first || !text.empty()) {
    const auto nl = text.find('\n');
    log::write(level, "{}{}", first ? prefix : std::string_view("  "), text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    first = false;
  }
}

class RunCommand : public Command {
 public:
  int result() const override { return status_; }
  void run();
  std::string config_path_;
  std::string var_dir_;
  int64_t test_wall_clock_ = 0;  // hidden, tests only: Unix time the wall clock starts at (0 = real time)
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

  init_log(config_path_);
  struct LogFlush {
    ~LogFlush() { log::shutdown(); }
  } flush_log_at_exit;
  SystemClock real_clock;
  // Tests set the time of day (schedules, CDRs) without waiting for it; timers keep real time.
  const OffsetClock clock(real_clock, test_wall_clock_ ? std::chrono::seconds(test_wall_clock_ - real_clock.unix_seconds())
                                                      : std::chrono::seconds(0));
  SystemRandom random;
  server::GatewayOptions opts{config_path_, var_dir_};
  auto gw = server::Gateway::create(opts, clock, random);
  if (!gw) {
    log_lines(log::Level::kError, "cannot start: ", gw.error());
    status_ = 1;
    return;
  }
  // The first administrator, created by this start (empty store): shown once, right away, so that
  // a start failing later (a port in use) does not lose it. Terminal only, like the passwords below.
  if (auto admin = (*gw)->take_first_admin_announcement(); !admin.empty()) {
    std::cerr << admin << std::flush;
    std::fill(admin.begin(), admin.end(), '\0');
  }
  if (auto r = (*gw)->start(); !r) {
    log_lines(log::Level::kError, "cannot start: ", r.error());
    status_ = 1;
    return;
  }
  // Printed once, at the start (or reload) that generated them; only the hashes are kept. Written to
  // the terminal (stderr) directly, never as log records: a log file or collector must not get them.
  auto announce = [&] {
    const auto& fresh = (*gw)->announcements();
    if (fresh.empty()) return;
    // One write, so that no log record lands in the middle of it.
    std::string text = "Generated passwords for new accounts (shown once; also in the var directory's "
                       "generated-credentials.txt, mode 0600):\n";
    for (const auto& line : fresh) text += "  " + line + "\n";
    std::cerr << text << std::flush;
  };
  announce();
  log::info("{}", (*gw)->summary());
  log::info("ready (SIGHUP reloads the configuration, SIGTERM stops)");
  while (true) {
    int sig = 0;
    if (sigwait(&set, &sig) != 0) continue;
    if (sig == SIGHUP) {
      auto r = (*gw)->reload();
      announce();
      if (r) {
        // The level applies at once; a new format or file needs a restart.
        log::set_level(log_options((*gw)->proxy().settings()->config.log).level);
        log::info("configuration reloaded");
      } else {
        log_lines(log::Level::kError, "reload rejected, keeping the running configuration: ", r.error());
      }
      continue;
    }
    log::info("shutting down");
    (*gw)->stop();
    log::info("stopped");
    return;
  }
}

}  // namespace

std::shared_ptr<Command> add_run_command(CLI::App& app) {
  auto cmd = std::make_shared<RunCommand>();
  auto* sub = app.add_subcommand("run", "Run the gateway in the foreground (logs to stderr)");
  sub->add_option("--config,-c", cmd->config_path_, "Configuration file (default: the embedded default configuration)");
  sub->add_option("--var-dir", cmd->var_dir_, "Directory for runtime state (overrides node.var_dir)");
  // Hidden (empty group): for end-to-end tests only, see docs/fraud.md.
  sub->add_option("--test-wall-clock", cmd->test_wall_clock_, "Tests only: start the wall clock at this Unix time")
      ->group("");
  sub->callback([cmd] { cmd->run(); });
  return cmd;
}

}  // namespace vg::app
