// voipguard command-line entry point: one CLI11 app, one file per subcommand.
#include <CLI/CLI.hpp>

#include "subcommands.h"

int main(int argc, char** argv) {
  CLI::App app{"voipguard - a VoIP security gateway (SIP firewall, registrar and edge proxy)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "voipguard 0.1.0");
  auto parse = vg::app::add_parse_command(app);
  auto check_config = vg::app::add_check_config_command(app);
  auto run = vg::app::add_run_command(app);
  auto ban = vg::app::add_ban_command(app);
  auto account = vg::app::add_account_command(app);
  auto pin = vg::app::add_pin_command(app);
  auto admin = vg::app::add_admin_command(app);
  auto audit = vg::app::add_audit_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return parse->result() + check_config->result() + run->result() + ban->result() + account->result() + pin->result() +
         admin->result() + audit->result();  // only the command that ran is non-zero
}
