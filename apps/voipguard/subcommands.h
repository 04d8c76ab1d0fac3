// Registration of voipguard's subcommands; each lives in its own file.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>

namespace vg::app {

struct Command {
  virtual ~Command() = default;
  // Exit status of the command that ran (0 when this command did not run).
  virtual int result() const = 0;
};

std::shared_ptr<Command> add_parse_command(CLI::App& app);
std::shared_ptr<Command> add_check_config_command(CLI::App& app);
std::shared_ptr<Command> add_run_command(CLI::App& app);
std::shared_ptr<Command> add_ban_command(CLI::App& app);
std::shared_ptr<Command> add_account_command(CLI::App& app);
std::shared_ptr<Command> add_pin_command(CLI::App& app);
std::shared_ptr<Command> add_admin_command(CLI::App& app);
std::shared_ptr<Command> add_audit_command(CLI::App& app);

}  // namespace vg::app
