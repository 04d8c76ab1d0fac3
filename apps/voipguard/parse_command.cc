// `voipguard parse [FILE|-]`: parse one raw SIP message and print it as JSON, or print why it is
// rejected (exit 2).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "sip/message.h"
#include "subcommands.h"

namespace vg::app {

namespace {

class ParseCommand : public Command {
 public:
  int result() const override { return status_; }
  void run();
  std::string path_ = "-";
  int status_ = 0;
};

void ParseCommand::run() {
  std::string data;
  if (path_ == "-") {
    data.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(path_, std::ios::binary);
    if (!in) {
      std::cerr << "voipguard parse: cannot read " << path_ << "\n";
      status_ = 1;
      return;
    }
    data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  auto m = sip::Message::parse(data);
  if (!m) {
    std::cout << "rejected: " << sip::error_name(m.error()) << ": " << sip::describe(m.error()) << "\n";
    status_ = 2;
    return;
  }
  if (auto v = m->validate(); !v) {
    std::cout << "rejected: " << sip::error_name(v.error()) << ": " << sip::describe(v.error()) << "\n";
    status_ = 2;
    return;
  }
  nlohmann::json j;
  j["start_line"] = std::string(m->start_line());
  std::cout << j.dump(2) << "\n";
}

}  // namespace

std::shared_ptr<Command> add_parse_command(CLI::App& app) {
  auto cmd = std::make_shared<ParseCommand>();
  auto* sub = app.add_subcommand("parse", "Parse one raw SIP message and print it as JSON, or say why it is rejected");
  sub->add_option("file", cmd->path_, "File with the raw message, or - for standard input")->default_val("-");
  sub->callback([cmd] { cmd->run(); });
  return cmd;
}

}  // namespace vg::app
