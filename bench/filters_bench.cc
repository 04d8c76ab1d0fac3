// The security pipeline's cost (make bench): messages per second through admit + parse + validate +
// check_request with every filter on against the same messages with no filter (same run), and the
// cost of dropping a datagram from a banned source before parsing (bar: <= 200 ns).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "config/config.h"
#include "core/clock.h"
#include "events/sink.h"
#include "filters/ban/ban_list.h"
#include "filters/pipeline.h"
#include "filters/registry.h"
#include "sip/message.h"

namespace {

using namespace vg;

// Every filter on, limits high enough that the measured messages pass every check (the cost of a
// pass is what every legitimate message pays).
constexpr std::string_view kYaml = R"(listeners:
  - { name: udp, transport: udp, address: 127.0.0.1, port: 5060 }
tenants:
  - domain: example.com
    accounts:
      - { username: "1001", password: "Wonder-Land-2024!", allow_from: [10.0.0.0/8] }
filters:
  acl:
    listeners: [{ listener: udp, deny: [203.0.113.0/24] }]
    tenants: [{ tenant: example.com, deny: [198.51.100.0/24] }]
  flood:
    per_ip: { requests: 10000000, per: 1s }
    invite_per_ip: { requests: 10000000, per: 1s }
    register_per_ip: { requests: 10000000, per: 1s }
    per_account: { requests: 10000000, per: 1s }
    global: { requests: 10000000, per: 1s }
)";

std::string invite(int i) {
  return "INVITE sip:1002@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK" + std::to_string(i) +
         "\r\nMax-Forwards: 70\r\nFrom: <sip:1001@example.com>;tag=a" + std::to_string(i) +
         "\r\nTo: <sip:1002@example.com>\r\nCall-ID: c" + std::to_string(i) +
         "\r\nCSeq: 2 INVITE\r\nContact: <sip:1001@10.0.0.5:5060>\r\nUser-Agent: Yealink SIP-T46S 66.86.0.15\r\n"
         "Proxy-Authorization: Digest username=\"1001\", realm=\"example.com\", nonce=\"abc\", "
         "uri=\"sip:1002@example.com\", response=\"0123456789abcdef0123456789abcdef\"\r\n"
         "Content-Type: application/sdp\r\nContent-Length: 4\r\n\r\nv=0\n";
}

struct Fixture {
  explicit Fixture(bool with_filters) {
    cfg = *config::load_config_string(kYaml, "bench");
    filters::BuildInputs in{{"udp"}, {}, {}};
    if (with_filters) {
      auto p = filters::build_pipeline(cfg, {bans, sink, clock}, std::move(in));
      pipeline = std::move(p.value());
    } else {
      pipeline = std::make_unique<filters::Pipeline>(filters::Pipeline::Deps{bans, sink, clock}, std::vector<Cidr>{},
                                                     std::vector<std::string>{"udp"},
                                                     std::vector<std::unique_ptr<filters::Filter>>{});
    }
    for (int i = 0; i < 256; ++i) messages.push_back(invite(i));
  }
  SystemClock clock;
  filters::BanList bans{clock};
  events::NullSink sink;
  config::Config cfg;
  std::unique_ptr<filters::Pipeline> pipeline;
  std::vector<std::string> messages;
};

void run_pipeline(benchmark::State& state, bool with_filters) {
  Fixture f(with_filters);
  net::Inbound in;
  in.listener = 0;
  size_t i = 0, passed = 0;
  for (auto _ : state) {
    const std::string& bytes = f.messages[i % f.messages.size()];
    in.data = bytes;
    in.source = Endpoint{IpAddress::v4(0x0A000000U + static_cast<uint32_t>(i % 4096)), 5060};
    in.received_at = f.clock.mono();
    if (f.pipeline->admit(in)) {
      auto m = sip::Message::parse(bytes);
      if (m && m->validate()) passed += f.pipeline->check_request(in, *m, f.cfg).passes() ? 1 : 0;
    }
    ++i;
  }
  if (passed != i) state.SkipWithError("a message did not pass: the benchmark would measure drops");
  state.SetItemsProcessed(static_cast<int64_t>(i));
}

void BM_PipelineNoFilters(benchmark::State& s) { run_pipeline(s, false); }
void BM_PipelineAllFilters(benchmark::State& s) { run_pipeline(s, true); }

// A datagram from a banned source: dropped by admit() before parsing, with 10 000 other bans listed.
void BM_BannedSourceDrop(benchmark::State& state) {
  Fixture f(true);
  for (uint32_t k = 0; k < 10000; ++k) {
    filters::BanEntry e;
    e.network = f.bans.host_network(IpAddress::v4(0xC6336400U + k));  // 198.51.100.0 + k
    f.bans.add(e);
  }
  net::Inbound in;
  const std::string bytes = invite(1);
  in.data = bytes;
  uint32_t k = 0;
  size_t dropped = 0;
  for (auto _ : state) {
    in.source = Endpoint{IpAddress::v4(0xC6336400U + (k++ % 10000)), 5060};
    dropped += f.pipeline->admit(in) ? 0 : 1;
  }
  if (dropped != static_cast<size_t>(state.iterations())) state.SkipWithError("a banned source was admitted");
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_PipelineNoFilters);
BENCHMARK(BM_PipelineAllFilters);
BENCHMARK(BM_BannedSourceDrop);

}  // namespace

BENCHMARK_MAIN();
