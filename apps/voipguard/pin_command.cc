// `voipguard pin check PIN [--extension N]`: checks a voicemail PIN against the PIN policy
// (docs/accounts.md). Prints "ok" (exit 0) or every rule it breaks (exit 1). The PIN may also come
// from standard input ("-") so that it stays out of the shell history.
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "auth/pin_policy.h"
#include "cli_store.h"
#include "subcommands.h"

namespace vg::app {

namespace {

class PinCommand : public Command {
 public:
  int result() const override { return status_; }
  void run();
  std::string pin_;
  std::string extension_;
  size_t min_length_ = 0;
  bool json_ = false;
  int status_ = 0;
};

void PinCommand::run() {
  if (pin_ == "-") {
    auto line = read_secret_line();
    pin_ = line ? *line : "";
  }
  auth::PinPolicy policy;
  if (min_length_ > 0) policy.min_length = min_length_;
  const auto v = auth::check_pin(pin_, extension_, policy);
  status_ = v.empty() ? 0 : 1;
  if (json_) {
    nlohmann::json out = {{"ok", v.empty()}, {"violations", nlohmann::json::array()}};
    for (const auto& x : v) out["violations"].push_back({{"rule", auth::to_string(x.rule)}, {"message", x.message}});
    std::cout << out.dump(2) << "\n";
    return;
  }
  if (v.empty()) {
    std::cout << "ok\n";
    return;
  }
  std::cout << "weak PIN:\n";
  for (const auto& x : v) std::cout << "  " << auth::to_string(x.rule) << ": " << x.message << "\n";
}

}  // namespace

std::shared_ptr<Command> add_pin_command(CLI::App& app) {
  auto cmd = std::make_shared<PinCommand>();
  auto* pin = app.add_subcommand("pin", "Voicemail PIN policy");
  pin->require_subcommand(1);
  auto* check = pin->add_subcommand("check", "Check a voicemail PIN: prints ok (exit 0) or the rules it breaks (exit 1)");
  check->add_option("pin", cmd->pin_, "The PIN, or - to read it from standard input")->required();
  check->add_option("--extension,-e", cmd->extension_, "The mailbox's extension (the PIN must not contain it)");
  check->add_option("--min-length", cmd->min_length_, "Minimum length (default 6)")->check(CLI::Range(4, 16));
  check->add_flag("--json", cmd->json_, "JSON output");
  check->callback([cmd] { cmd->run(); });
  return cmd;
}

}  // namespace vg::app
