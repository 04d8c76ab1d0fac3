// Tests for src/store/packed_event.cc: an event survives the writer queue's byte form unchanged.
#include "store/packed_event.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vg::store {
namespace {

events::Event full_event() {
  events::Event e;
  e.time_ms = 1'765'000'000'123;
  e.kind = "filter.flood";
  e.severity = events::Severity::kCritical;
  e.source = *Endpoint::parse("[2001:db8::7]:5080");
  e.transport = "TCP";
  e.tenant = "example.com";
  e.account = "alice";
  e.filter = "flood";
  e.rule = "invite_per_ip";
  e.action = "ban";
  e.evidence = std::string(300, 'x') + " 42 INVITE in 10 s";  // longer than any small-string buffer
  e.fields = {{"user_agent", "friendly-scanner"}, {"count", "42"}, {"", ""}, {"call_id", std::string(80, 'c')}};
  return e;
}

void expect_same(const events::Event& a, const events::Event& b) {
  EXPECT_EQ(a.time_ms, b.time_ms);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.severity, b.severity);
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.transport, b.transport);
  EXPECT_EQ(a.tenant, b.tenant);
  EXPECT_EQ(a.account, b.account);
  EXPECT_EQ(a.filter, b.filter);
  EXPECT_EQ(a.rule, b.rule);
  EXPECT_EQ(a.action, b.action);
  EXPECT_EQ(a.evidence, b.evidence);
  EXPECT_EQ(a.fields, b.fields);
}

TEST(PackedEvent, EveryPartSurvivesTheRoundTrip) {
  const events::Event e = full_event();
  std::string bytes;
  pack_event(e, bytes);
  expect_same(unpack_event(bytes), e);
}

TEST(PackedEvent, AnEmptyEventStaysEmpty) {
  events::Event e;
  std::string bytes;
  pack_event(e, bytes);
  const events::Event back = unpack_event(bytes);
  expect_same(back, e);
  EXPECT_FALSE(back.source.has_value());
}

TEST(PackedEvent, EventsPackedOneAfterAnotherAreReadBackByTheirSpans) {
  events::Event first = full_event();
  events::Event second;
  second.kind = "auth.failure";
  second.source = *Endpoint::parse("192.0.2.9:5060");
  second.fields = {{"method", "REGISTER"}};
  std::string log;
  pack_event(first, log);
  const size_t split = log.size();
  pack_event(second, log);
  expect_same(unpack_event(std::string_view(log).substr(0, split)), first);
  expect_same(unpack_event(std::string_view(log).substr(split)), second);
}

TEST(PackedEvent, TextsAroundTheOneByteLengthLimitSurvive) {
  for (size_t n : {size_t{253}, size_t{254}, size_t{255}, size_t{256}, size_t{70000}}) {
    events::Event e;
    e.kind = "sip.request";
    e.evidence = std::string(n, 'e');
    e.fields = {{std::string(n, 'k'), "v"}};
    std::string bytes;
    pack_event(e, bytes);
    expect_same(unpack_event(bytes), e);
  }
}

TEST(PackedEvent, AnEventRefOfViewsPacksAsItsEventDoes) {
  const events::Event e = full_event();
  std::vector<events::FieldRef> views;
  for (const auto& [k, v] : e.fields) views.push_back({k, v});
  events::EventRef r = e;
  r.fields = views;
  std::string from_event, from_views;
  pack_event(e, from_event);
  pack_event(r, from_views);
  EXPECT_EQ(from_views, from_event);
}

TEST(PackedEvent, TruncatedBytesGiveEmptyPartsNotACrash) {
  std::string bytes;
  pack_event(full_event(), bytes);
  for (size_t n : {size_t{0}, size_t{3}, size_t{9}, bytes.size() / 2, bytes.size() - 1}) {
    const events::Event e = unpack_event(std::string_view(bytes).substr(0, n));
    EXPECT_LE(e.fields.size(), 4u) << n;
  }
}

}  // namespace
}  // namespace vg::store
