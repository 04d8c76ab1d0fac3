// `voipguard parse [FILE|-]`: parse one raw SIP message (bytes taken as they are) and print it as
// JSON, or print the precise rejection reason and exit 2.
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "sip/message.h"
#include "sip_json.h"
#include "subcommands.h"

namespace vg::app {

namespace {

constexpr int kExitRejected = 2;
constexpr int kExitIoError = 1;

class ParseCommand : public Command {
 public:
  int result() const override { return status_; }
  void run();
  std::string path_ = "-";
  bool stream_ = false;
  int status_ = 0;
};

void print_rejection(sip::ParseError e) {
  nlohmann::ordered_json j;
  j["valid"] = false;
  j["error"] = std::string(sip::error_name(e));
  j["reason"] = std::string(sip::describe(e));
  std::cout << j.dump(2) << "\n";
  std::cerr << "rejected: " << sip::describe(e) << " (" << sip::error_name(e) << ")\n";
}

void ParseCommand::run() {
  std::string data;
  if (path_ == "-") {
    data.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(path_, std::ios::binary);
    if (!in) {
      std::cerr << "voipguard parse: cannot read '" << path_ << "'\n";
      status_ = kExitIoError;
      return;
    }
    data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  sip::ParseOptions opts;
  opts.stream = stream_;
  auto m = sip::Message::parse(data, opts);
  if (!m) {
    print_rejection(m.error());
    status_ = kExitRejected;
    return;
  }
  if (auto v = m->validate(); !v) {
    print_rejection(v.error());
    status_ = kExitRejected;
    return;
  }
  std::cout << message_to_json(*m).dump(2) << "\n";
}

}  // namespace

std::shared_ptr<Command> add_parse_command(CLI::App& app) {
  auto cmd = std::make_shared<ParseCommand>();
  auto* sub = app.add_subcommand(
      "parse",
      "Parse one raw SIP message and print it as JSON (exit 0), or print why a proxy must reject it (exit 2).\n"
      "The bytes are taken as they are (CRLF line ends, no conversion). A message shorter than its\n"
      "Content-Length is rejected; bytes beyond it are ignored, as for a UDP datagram.");
  sub->add_option("file", cmd->path_, "File holding the raw message, or - for standard input")->default_val("-");
  sub->add_flag("--stream", cmd->stream_, "Treat the input as one message framed from a stream transport (TCP/TLS)");
  sub->callback([cmd] { cmd->run(); });
  return cmd;
}

}  // namespace vg::app
