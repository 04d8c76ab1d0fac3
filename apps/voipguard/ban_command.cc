// `voipguard ban list | add IP [--for DURATION] [--reason TEXT] | remove IP`: manages the ban list of
// the running daemon through its control socket (<node.var_dir>/control.sock, mode 0600), so a ban
// or an unban takes effect at once; the daemon persists it in the store.
#include <ctime>
#include <iostream>
#include <string>

#include "config/config.h"
#include "net/control_socket.h"
#include "subcommands.h"

namespace vg::app {

namespace {

// "90", "90s", "15m", "2h", "7d", or "permanent"/"0" (until removed). -1 on error.
int64_t parse_duration(const std::string& s) {
  if (s == "permanent" || s == "0") return 0;
  if (s.empty()) return -1;
  int64_t unit = 1;
  std::string digits = s;
  switch (s.back()) {
    case 's': unit = 1; digits.pop_back(); break;
    case 'm': unit = 60; digits.pop_back(); break;
    case 'h': unit = 3600; digits.pop_back(); break;
    case 'd': unit = 86400; digits.pop_back(); break;
    default: break;
  }
  if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) return -1;
  const int64_t v = std::stoll(digits) * unit;
  return v > 0 ? v : -1;
}

std::string when(int64_t unix) {
  if (unix == 0) return "never";
  std::time_t t = static_cast<std::time_t>(unix);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

class BanCommand : public Command {
 public:
  int result() const override { return status_; }
  void run(const std::string& verb);

  std::string config_path_, var_dir_, socket_, address_, duration_, reason_;
  int status_ = 0;

 private:
  std::string socket_path();
};

std::string BanCommand::socket_path() {
  if (!socket_.empty()) return socket_;
  if (!var_dir_.empty()) return var_dir_ + "/control.sock";
  auto cfg = config_path_.empty()
                 ? config::load_config_string(config::embedded_default_config(), config::kEmbeddedDefaultName)
                 : config::load_config_file(config_path_);
  return (cfg ? cfg->node.var_dir : std::string("var")) + "/control.sock";
}

void BanCommand::run(const std::string& verb) {
  std::string line = "ban " + verb;
  if (verb == "add") {
    int64_t secs = 3600;
    if (!duration_.empty()) {
      secs = parse_duration(duration_);
      if (secs < 0) {
        std::cerr << "voipguard ban add: bad --for '" << duration_ << "' (e.g. 90s, 15m, 2h, 7d, permanent)\n";
        status_ = 2;
        return;
      }
    } else if (auto cfg = config_path_.empty() ? config::load_config_string(config::embedded_default_config(),
                                                                            config::kEmbeddedDefaultName)
                                               : config::load_config_file(config_path_)) {
      secs = cfg->filters.bans.default_duration.count();
    }
    line += " " + address_ + " " + std::to_string(secs);
    if (!reason_.empty()) line += " " + reason_;
  } else if (verb == "remove") {
    line += " " + address_;
  }
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  auto answer = net::control_request(socket_path(), line);
  if (!answer) {
    std::cerr << "voipguard ban: " << answer.error() << "\n";
    status_ = 1;
    return;
  }
  if (answer->rfind("ok\n", 0) != 0) {
    std::cerr << "voipguard ban " << verb << ": " << (answer->rfind("error: ", 0) == 0 ? answer->substr(7) : *answer);
    status_ = 1;
    return;
  }
  std::string body = answer->substr(3);
  if (verb == "list" && body.empty()) {
    std::cout << "no bans\n";
    return;
  }
  // network \t expires_at \t rule \t reason
  size_t pos = 0;
  while (pos < body.size()) {
    size_t end = body.find('\n', pos);
    if (end == std::string::npos) end = body.size();
    std::string row = body.substr(pos, end - pos);
    pos = end + 1;
    size_t a = row.find('\t'), b = a == std::string::npos ? a : row.find('\t', a + 1), c = b == std::string::npos ? b : row.find('\t', b + 1);
    if (a == std::string::npos) continue;
    const std::string expires = row.substr(a + 1, b - a - 1);
    std::cout << row.substr(0, a) << "  until " << when(std::stoll(expires.empty() ? "0" : expires));
    if (c != std::string::npos) std::cout << "  " << row.substr(b + 1, c - b - 1) << "  " << row.substr(c + 1);
    std::cout << "\n";
  }
}

}  // namespace

std::shared_ptr<Command> add_ban_command(CLI::App& app) {
  auto cmd = std::make_shared<BanCommand>();
  auto* ban = app.add_subcommand("ban", "List, add or remove bans of the running voipguard (takes effect at once)");
  ban->require_subcommand(1);
  ban->add_option("--config,-c", cmd->config_path_, "Configuration file (finds node.var_dir; default: embedded)");
  ban->add_option("--var-dir", cmd->var_dir_, "Runtime state directory of the daemon (overrides node.var_dir)");
  ban->add_option("--socket", cmd->socket_, "Control socket path (default: <var_dir>/control.sock)");
  auto* list = ban->add_subcommand("list", "Show the current bans");
  list->callback([cmd] { cmd->run("list"); });
  list->fallthrough();  // --var-dir etc. after the verb too
  auto* add = ban->add_subcommand("add", "Ban an address (IPv6: its configured prefix) or a CIDR");
  add->add_option("address", cmd->address_, "IP address or CIDR")->required();
  add->add_option("--for", cmd->duration_, "Duration: 90s, 15m, 2h, 7d or permanent (default: bans.default_duration)");
  add->add_option("--reason", cmd->reason_, "Why (shown in the list and the event)");
  add->callback([cmd] { cmd->run("add"); });
  add->fallthrough();
  auto* remove = ban->add_subcommand("remove", "Lift a ban at once");
  remove->add_option("address", cmd->address_, "IP address or CIDR")->required();
  remove->callback([cmd] { cmd->run("remove"); });
  remove->fallthrough();
  return cmd;
}

}  // namespace vg::app
