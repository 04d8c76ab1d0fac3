// `voipguard check-config FILE | --default`: load and validate a configuration file; print
// "ok: FILE" (exit 0) or every error as `file:line:col: path: message` on stderr (exit 1).
#include <iostream>
#include <string>

#include "config/config.h"
#include "subcommands.h"

namespace vg::app {

namespace {

constexpr int kExitInvalid = 1;

class CheckConfigCommand : public Command {
 public:
  int result() const override { return status_; }
  void run();
  std::string path_;
  bool use_default_ = false;
  int status_ = 0;
};

void CheckConfigCommand::run() {
  const auto loaded = use_default_
                          ? config::load_config_string(config::embedded_default_config(), config::kEmbeddedDefaultName)
                          : config::load_config_file(path_);
  if (!loaded) {
    for (const auto& e : loaded.error()) std::cerr << e.to_string() << "\n";
    status_ = kExitInvalid;
    return;
  }
  for (const auto& w : loaded->warnings) std::cerr << "warning: " << w.to_string() << "\n";
  std::cout << "ok: " << (use_default_ ? std::string(config::kEmbeddedDefaultName) : path_) << "\n";
}

}  // namespace

std::shared_ptr<Command> add_check_config_command(CLI::App& app) {
  auto cmd = std::make_shared<CheckConfigCommand>();
  auto* sub = app.add_subcommand(
      "check-config",
      "Load and validate a configuration file: print \"ok: FILE\" (exit 0), or print every error found,\n"
      "one per line as file:line:column: key.path: message, on standard error (exit 1).\n"
      "Passwords and HA1 hashes from the file are never printed.");
  auto* file = sub->add_option("file", cmd->path_, "YAML configuration file to check");
  auto* def =
      sub->add_flag("--default", cmd->use_default_, "Check the embedded default configuration instead of a file");
  file->excludes(def);
  sub->callback([cmd] {
    if (!cmd->use_default_ && cmd->path_.empty()) throw CLI::RequiredError("FILE or --default");
    cmd->run();
  });
  return cmd;
}

}  // namespace vg::app
