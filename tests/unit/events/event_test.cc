#include "events/event.h"

#include <gtest/gtest.h>

#include "events/sink.h"

namespace vg::events {
namespace {

Event make(std::string kind) {
  Event e;
  e.kind = std::move(kind);
  e.source = Endpoint{*IpAddress::parse("127.0.0.3"), 5070};
  e.fields = {{"user_agent", "friendly-scanner"}, {"count", "7"}};
  return e;
}

TEST(Severity, NamesRoundTrip) {
  for (auto s : {Severity::kInfo, Severity::kNotice, Severity::kWarning, Severity::kCritical}) {
    EXPECT_EQ(severity_from_string(to_string(s)), s);
  }
  EXPECT_FALSE(severity_from_string("fatal"));
  EXPECT_FALSE(severity_from_string("Warning"));
}

TEST(Event, FieldLookupAndSourceText) {
  auto e = make("filter.scanner");
  EXPECT_EQ(e.field("count"), "7");
  EXPECT_EQ(e.field("missing"), "");
  EXPECT_EQ(source_text(e), "127.0.0.3:5070");
  e.source.reset();
  EXPECT_EQ(source_text(e), "");
}

TEST(EventRef, ViewsAnEventAndCopiesBackToAnEqualOne) {
  Event e = make("filter.scanner");
  e.time_ms = 1234;
  e.severity = Severity::kWarning;
  e.transport = "TLS";
  e.tenant = "example.com";
  e.account = "alice";
  e.filter = "scanner";
  e.rule = "user_agent";
  e.action = "drop";
  e.evidence = "friendly-scanner";
  const EventRef r = e;
  EXPECT_EQ(r.kind.data(), e.kind.data());  // a view, not a copy
  EXPECT_EQ(r.field("count"), "7");
  EXPECT_EQ(r.field("missing"), "");
  const Event back = r.to_event();
  EXPECT_EQ(back.time_ms, 1234);
  EXPECT_EQ(back.severity, Severity::kWarning);
  EXPECT_EQ(back.source, e.source);
  EXPECT_EQ(back.fields, e.fields);
  std::vector<std::string> texts, expected;
  for_each_text(back, [&](const std::string& t) { texts.push_back(t); });
  for_each_text(e, [&](const std::string& t) { expected.push_back(t); });
  EXPECT_EQ(texts, expected);
}

TEST(EventRef, AnEmitterBuildsOneFromViewsWithoutAnEvent) {
  const std::string call_id = "a84b4c76e66710@pc33.example.com";
  const FieldRef fields[] = {{"method", "INVITE"}, {"call_id", call_id}};
  EventRef r;
  r.kind = "sip.request";
  r.fields = fields;
  RecordingSink sink;
  sink.emit(r);
  ASSERT_EQ(sink.events().size(), 1u);
  EXPECT_EQ(sink.events()[0].kind, "sip.request");
  EXPECT_EQ(sink.events()[0].field("call_id"), call_id);
  EXPECT_EQ(sink.events()[0].fields.size(), 2u);
}

TEST(Sinks, FanoutDeliversToEverySinkInOrder) {
  RecordingSink a, b;
  FanoutSink fan({&a, &b});
  fan.emit(make("ban.added"));
  fan.emit(make("auth.failure"));
  ASSERT_EQ(a.events().size(), 2u);
  ASSERT_EQ(b.events().size(), 2u);
  EXPECT_EQ(b.events()[0].kind, "ban.added");
  EXPECT_EQ(a.events()[1].field("user_agent"), "friendly-scanner");
  EXPECT_EQ(a.count("auth.failure"), 1u);
  a.clear();
  EXPECT_EQ(a.count("auth.failure"), 0u);
}

// Records what it is given and says which kinds it wants.
class PickySink final : public EventSink {
 public:
  explicit PickySink(std::string kind) : kind_(std::move(kind)) {}
  void emit(const EventRef& e) override { got.push_back(e.to_event()); }
  bool wants(const EventRef& e) const override { return e.kind == kind_; }
  std::vector<Event> got;

 private:
  std::string kind_;
};

TEST(Sinks, FanoutSkipsSinksThatDoNotWantTheEvent) {
  PickySink bans("ban.added"), auth("auth.failure");
  RecordingSink all;
  FanoutSink fan({&bans, &all, &auth});
  fan.emit(make("ban.added"));
  fan.emit(make("auth.failure"));
  fan.emit(make("sip.request"));
  ASSERT_EQ(bans.got.size(), 1u);
  EXPECT_EQ(bans.got[0].kind, "ban.added");
  ASSERT_EQ(auth.got.size(), 1u);
  EXPECT_EQ(auth.got[0].field("user_agent"), "friendly-scanner");
  EXPECT_EQ(all.events().size(), 3u);  // the last sink refusing does not starve the ones before it
  EXPECT_EQ(all.events()[2].field("count"), "7");
  PickySink none("nothing");
  FanoutSink nobody({&none});
  nobody.emit(make("ban.added"));
  EXPECT_TRUE(none.got.empty());
}

}  // namespace
}  // namespace vg::events
