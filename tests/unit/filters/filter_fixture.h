// Shared fixture of the filter tests: a configuration from YAML, a fake clock, a ban list, a
// recording event sink, a pipeline built by the registry, and raw SIP requests as a UA would send.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>

#include "config/config.h"
#include "core/clock.h"
#include "events/sink.h"
#include "filters/ban/ban_list.h"
#include "filters/pipeline.h"
#include "filters/registry.h"
#include "net/transport.h"
#include "sip/message.h"

namespace vg::filters::test {

inline constexpr std::string_view kBaseYaml = R"(mode: registrar
listeners:
  - { name: udp4, transport: udp, address: 127.0.0.1, port: 5060 }
  - { name: tcp4, transport: tcp, address: 127.0.0.1, port: 5060 }
tenants:
  - domain: example.com
    accounts:
      - { username: "1001", password: "Wonder-Land-2024!" }
      - { username: "1002", password: "Bu1lder#Crane-77", allow_from: [10.1.0.0/16] }
)";

inline config::Config load_config(std::string_view filters_yaml) {
  std::string yaml(kBaseYaml);
  yaml += filters_yaml;
  auto r = config::load_config_string(yaml, "test.yaml");
  if (!r) {
    std::string all;
    for (const auto& e : r.error()) all += e.to_string() + "\n";
    ADD_FAILURE() << all;
    return config::Config{};
  }
  return std::move(*r);
}

// Every error of loading kBaseYaml + `filters_yaml` (file "test.yaml"), one per line; empty when it loads.
inline std::string config_errors(std::string_view filters_yaml) {
  auto r = config::load_config_string(std::string(kBaseYaml) + std::string(filters_yaml), "test.yaml");
  std::string all;
  if (!r) {
    for (const auto& e : r.error()) all += e.to_string() + "\n";
  }
  return all;
}

inline Endpoint ep(std::string_view text) { return *Endpoint::parse(text); }

// A request as a UA sends it; `extra` are whole header lines ending in CRLF.
inline std::string request(std::string_view method, std::string_view to_user, std::string_view extra = {},
                           std::string_view user_agent = "Yealink SIP-T46S 66.86.0.15", int cseq = 1,
                           std::string_view domain = "example.com") {
  std::string m(method);
  std::string r = m + " sip:" + std::string(to_user) + "@" + std::string(domain) + " SIP/2.0\r\n";
  r += "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK" + std::to_string(cseq) + std::string(to_user) + "\r\n";
  r += "Max-Forwards: 70\r\n";
  r += "From: <sip:1001@" + std::string(domain) + ">;tag=abc\r\n";
  r += "To: <sip:" + std::string(to_user) + "@" + std::string(domain) + ">\r\n";
  r += "Call-ID: call-" + std::string(to_user) + "-" + std::to_string(cseq) + "\r\n";
  r += "CSeq: " + std::to_string(cseq) + " " + m + "\r\n";
  if (m == "INVITE" || m == "REGISTER") r += "Contact: <sip:1001@192.0.2.10:5060>\r\n";
  if (!user_agent.empty()) r += "User-Agent: " + std::string(user_agent) + "\r\n";
  r += std::string(extra);
  r += "Content-Length: 0\r\n\r\n";
  return r;
}

class FilterTest : public ::testing::Test {
 protected:
  void build(std::string_view filters_yaml, BuildInputs in = {}) {
    cfg = load_config(filters_yaml);
    for (const auto& l : cfg.listeners) in.listener_names.push_back(l.name);
    auto p = build_pipeline(cfg, Pipeline::Deps{bans, events, clock}, std::move(in));
    ASSERT_TRUE(p) << p.error();
    pipeline = std::move(*p);
  }

  net::Inbound inbound(std::string_view bytes, const Endpoint& from, size_t listener = 0) {
    net::Inbound in;
    in.data = bytes;
    in.source = from;
    in.local = ep("127.0.0.1:5060");
    in.listener = listener;
    in.received_at = clock.mono();
    return in;
  }

  // Runs a datagram through the pipeline as the proxy does: admit, parse, check_request.
  Verdict run(const std::string& bytes, const Endpoint& from, size_t listener = 0) {
    auto in = inbound(bytes, from, listener);
    if (!pipeline->admit(in)) return Verdict::drop("admit", "");
    auto m = sip::Message::parse(bytes);
    EXPECT_TRUE(m) << bytes;
    if (!m) return Verdict::drop("parse", "");
    EXPECT_TRUE(m->validate()) << bytes;
    return pipeline->check_request(in, *m, cfg);
  }

  FakeClock clock;
  BanList bans{clock};
  events::RecordingSink events;
  config::Config cfg;
  std::unique_ptr<Pipeline> pipeline;
};

}  // namespace vg::filters::test
