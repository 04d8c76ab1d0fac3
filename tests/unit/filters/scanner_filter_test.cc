#include "filters/scanner/scanner_filter.h"

#include "filter_fixture.h"
#include "filters/scanner/signatures.h"

namespace vg::filters::test {
namespace {

sip::Message parse(const std::string& bytes) {
  auto m = sip::Message::parse(bytes);
  EXPECT_TRUE(m) << bytes;
  return std::move(*m);
}

TEST(FiltersSignatures, ShippedFileParsesAndScoresSipvicious) {
  auto s = scanner::Signatures::parse(scanner::Signatures::embedded_text());
  ASSERT_TRUE(s) << s.error();
  EXPECT_GE(s->size(), 15u);
  // svmap's OPTIONS as Debian's sipvicious 0.3.3 sends it.
  auto m = parse(
      "OPTIONS sip:100@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.3:5060;branch=z9hG4bK-1;rport\r\n"
      "Max-Forwards: 70\r\nTo: \"sipvicious\"<sip:100@1.1.1.1>\r\nFrom: \"sipvicious\"<sip:100@1.1.1.1>;tag=6162\r\n"
      "User-Agent: friendly-scanner\r\nCall-ID: 1\r\nContact: sip:100@127.0.0.3:5060\r\nCSeq: 1 OPTIONS\r\n"
      "Accept: application/sdp\r\nContent-Length: 0\r\n\r\n");
  auto score = s->score(m);
  EXPECT_GE(score.total, 200u);
  EXPECT_NE(score.evidence.find("user-agent friendly-scanner (+100)"), std::string::npos) << score.evidence;
}

TEST(FiltersSignatures, LegitimateUserAgentsScoreNothingOrBelowThreshold) {
  auto s = scanner::Signatures::parse(scanner::Signatures::embedded_text());
  ASSERT_TRUE(s);
  for (std::string ua : {"Yealink SIP-T46S 66.86.0.15", "baresip v1.0.0 (x86_64/linux)", "Zoiper rv2.10.19.7",
                         "PolycomVVX-VVX_450-UA/6.4.3", "SIPp/Linux", "Asterisk PBX 20.5.0"}) {
    EXPECT_EQ(s->score(parse(request("REGISTER", "1001", {}, ua))).total, 0u) << ua;
  }
  // An SDK that legitimate softphones use is a sign, not a verdict.
  EXPECT_EQ(s->score(parse(request("REGISTER", "1001", {}, "VaxSIPUserAgent/3.1"))).total, 60u);
}

TEST(FiltersSignatures, SyntaxErrorsNameTheLine) {
  EXPECT_EQ(scanner::Signatures::parse("# c\n100 agent contains x\n").error(), "line 2: unknown field 'agent'");
  EXPECT_EQ(scanner::Signatures::parse("abc user-agent contains x\n").error(), "line 1: score must be a number 0..1000");
  EXPECT_EQ(scanner::Signatures::parse("5 user-agent like x\n").error(), "line 1: match must be contains, prefix or equals");
  EXPECT_EQ(scanner::Signatures::parse("5 user-agent prefix   \n").error(), "line 1: missing pattern");
  auto ok = scanner::Signatures::parse("50 header:X-Scan equals yes\n60 sdp-s equals evil\n");
  ASSERT_TRUE(ok);
  auto m = parse(request("OPTIONS", "1001", "X-Scan: YES\r\n"));
  EXPECT_EQ(ok->score(m).total, 50u);
}

TEST_F(FilterTest, ScannerSignatureBansAtTheFirstRequest) {
  build("");
  auto v = run(request("OPTIONS", "100", {}, "friendly-scanner"), ep("127.0.0.3:5060"));
  EXPECT_EQ(v.action, Action::kDrop);  // silently: no answer confirms a server
  auto b = bans.find(*IpAddress::parse("127.0.0.3"));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->rule, "scanner/signature");
  EXPECT_EQ(b->until_unix, clock.unix_seconds() + 86400);
  EXPECT_FALSE(pipeline->admit(inbound("OPTIONS", ep("127.0.0.3:5061"))));
  EXPECT_EQ(events.events().at(0).field("user_agent"), "friendly-scanner");
}

TEST_F(FilterTest, SweepAcrossUnknownUsersIsAScan) {
  build("filters:\n  scanner: { sweep_users: 5, sweep_window: 60s }\n");
  const auto src = ep("192.0.2.44:5060");
  // Registering real accounts never counts.
  for (int i = 0; i < 6; ++i) {
    auto v = run(request("REGISTER", i % 2 ? "1001" : "1002", {}, "x", i + 1), src);
    EXPECT_TRUE(v.passes()) << v.rule << " " << v.evidence;
  }
  for (int u = 100; u < 104; ++u) EXPECT_TRUE(run(request("REGISTER", std::to_string(u), {}, "x", u), src).passes()) << u;
  auto v = run(request("REGISTER", "104", {}, "x", 104), src);
  EXPECT_EQ(v.action, Action::kDrop);
  EXPECT_EQ(v.rule, "sweep");
  EXPECT_EQ(v.evidence, "5 distinct unknown users (5 numeric) in 60 s");
  EXPECT_TRUE(bans.is_banned(src.address));
}

TEST_F(FilterTest, SweepWindowExpires) {
  build("filters:\n  scanner: { sweep_users: 3, sweep_window: 10s }\n");
  const auto src = ep("192.0.2.45:5060");
  EXPECT_TRUE(run(request("OPTIONS", "alice"), src).passes());
  EXPECT_TRUE(run(request("OPTIONS", "bob"), src).passes());
  clock.advance_seconds(11);
  EXPECT_TRUE(run(request("OPTIONS", "carol"), src).passes());
  EXPECT_TRUE(run(request("OPTIONS", "dave"), src).passes());
  EXPECT_FALSE(run(request("OPTIONS", "erin"), src).passes());
}

TEST_F(FilterTest, ScannerInMonitorModeBansNothing) {
  build("filters:\n  scanner: { mode: monitor }\n");
  EXPECT_TRUE(run(request("OPTIONS", "100", {}, "sipcli/v1.8"), ep("192.0.2.9:5060")).passes());
  EXPECT_EQ(bans.size(), 0u);
  EXPECT_EQ(events.events().at(0).action, "monitor:ban:86400s");
  EXPECT_EQ(pipeline->counters("scanner")->monitored.load(), 1u);
}

TEST_F(FilterTest, UnreadableSignaturesFileIsABuildError) {
  cfg = load_config("filters:\n  scanner: { signatures_file: /nonexistent/sig.txt }\n");
  auto p = build_pipeline(cfg, Pipeline::Deps{bans, events, clock}, {});
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error(), "cannot read scanner signatures file /nonexistent/sig.txt");
  BuildInputs bad;
  bad.scanner_signatures = "x y z\n";
  auto q = build_pipeline(cfg, Pipeline::Deps{bans, events, clock}, bad);
  ASSERT_FALSE(q);
  EXPECT_EQ(q.error(), "scanner signatures: line 1: score must be a number 0..1000");
}

}  // namespace
}  // namespace vg::filters::test
