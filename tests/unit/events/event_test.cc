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

}  // namespace
}  // namespace vg::events
