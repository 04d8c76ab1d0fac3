// Dialled-number normalization: every trick of issue 6 item 1, table-driven, under three dial plans.
#include "fraud/number.h"

#include <gtest/gtest.h>

namespace vg::fraud {
namespace {

DialPlan nanp_pbx() {  // a US office PBX: 9 for an outside line
  DialPlan p;
  p.country_code = "1";
  p.national_prefix = "1";
  p.international_prefixes = {"011"};
  p.outside_line_prefixes = {"9"};
  p.emergency_numbers = {"911", "112"};
  p.service_prefixes = {"*67", "*82"};
  p.max_short_code_length = 4;
  return p;
}

DialPlan germany() {
  DialPlan p;
  p.country_code = "49";
  p.national_prefix = "0";
  p.international_prefixes = {"00"};
  p.emergency_numbers = {"112", "110"};
  p.mobile_prefixes = {"15", "16", "17"};
  p.max_short_code_length = 5;
  return p;
}

DialPlan uk_pbx() {  // a UK PBX where 9 reaches the outside line
  DialPlan p;
  p.country_code = "44";
  p.national_prefix = "0";
  p.international_prefixes = {"00"};
  p.outside_line_prefixes = {"9"};
  p.emergency_numbers = {"999", "112"};
  p.max_short_code_length = 4;
  return p;
}

struct Case {
  const char* dialled;
  NumberKind kind;
  const char* e164;
  uint32_t tricks;
  bool international;
};

void check(const DialPlan& plan, const Case& c) {
  SCOPED_TRACE(c.dialled);
  const Number n = normalize(c.dialled, plan);
  EXPECT_EQ(to_string(n.kind), to_string(c.kind));
  EXPECT_EQ(n.e164, c.e164);
  EXPECT_EQ(n.tricks, c.tricks);
  EXPECT_EQ(n.international, c.international);
}

TEST(FraudNumber, NanpPbxDialling) {
  const Case cases[] = {
      {"912125550100", NumberKind::kE164, "12125550100", kTrickNone, false},      // 9 + 1 + NPA
      {"92125550100", NumberKind::kE164, "12125550100", kTrickNone, false},       // 9 + 10 digits
      {"2125550100", NumberKind::kE164, "12125550100", kTrickNone, false},
      {"12125550100", NumberKind::kE164, "12125550100", kTrickNone, false},
      {"9011442079460000", NumberKind::kE164, "442079460000", kTrickNone, true},  // 9 + 011 + UK
      {"011442079460000", NumberKind::kE164, "442079460000", kTrickNone, true},
      {"+442079460000", NumberKind::kE164, "442079460000", kTrickNone, true},
      {"9+442079460000", NumberKind::kE164, "442079460000", kTrickNone, true},
      {"+011442079460000", NumberKind::kE164, "442079460000", kTrickRepeatedPrefix, true},
      {"011011442079460000", NumberKind::kE164, "442079460000", kTrickRepeatedPrefix, true},
      {"901188160000000", NumberKind::kE164, "88160000000", kTrickNone, true},   // Iridium via 9011
      {"19005550100", NumberKind::kE164, "19005550100", kTrickNone, false},      // NANP premium
      {"918765550100", NumberKind::kE164, "18765550100", kTrickNone, false},     // Jamaica, no 011
      {"911", NumberKind::kEmergency, "911", kTrickNone, false},
      {"9911", NumberKind::kEmergency, "9911", kTrickNone, false},               // 9 + 911 is still 911
      {"112", NumberKind::kEmergency, "112", kTrickNone, false},
      {"1234", NumberKind::kShortCode, "1234", kTrickNone, false},               // extension
      {"*679011442079460000", NumberKind::kE164, "442079460000", kTrickNone, true},  // *67 withheld ID
      {"*82+19005550100", NumberKind::kE164, "19005550100", kTrickNone, true},
      {"(212) 555-0100", NumberKind::kE164, "12125550100", kTrickNone, false},
      {"1.212.555.0100", NumberKind::kE164, "12125550100", kTrickNone, false},
      {"+1-900-555-0100", NumberKind::kE164, "19005550100", kTrickNone, true},
  };
  for (const auto& c : cases) check(nanp_pbx(), c);
}

TEST(FraudNumber, GermanDialling) {
  const Case cases[] = {
      {"030123456", NumberKind::kE164, "4930123456", kTrickNone, false},
      {"0900123456", NumberKind::kE164, "49900123456", kTrickNone, false},
      {"01701234567", NumberKind::kE164, "491701234567", kTrickNone, false},
      {"0044900123456", NumberKind::kE164, "44900123456", kTrickNone, true},
      {"+44900123456", NumberKind::kE164, "44900123456", kTrickNone, true},
      {"++44900123456", NumberKind::kE164, "44900123456", kTrickRepeatedPrefix, true},
      {"+++44900123456", NumberKind::kE164, "44900123456", kTrickRepeatedPrefix, true},
      {"+0044900123456", NumberKind::kE164, "44900123456", kTrickRepeatedPrefix, true},
      {"+00 44 900 123456", NumberKind::kE164, "44900123456", kTrickRepeatedPrefix, true},
      {"0+44900123456", NumberKind::kE164, "44900123456", kTrickPrefixBeforePlus, true},
      {"00+44900123456", NumberKind::kE164, "44900123456", kTrickRepeatedPrefix, true},
      {"0000044900123456", NumberKind::kE164, "44900123456", kTrickRepeatedPrefix | kTrickLeadingZeros, true},
      {"+044900123456", NumberKind::kE164, "44900123456", kTrickLeadingZeros, true},
      {"%2B44900123456", NumberKind::kE164, "44900123456", kTrickEscaped, true},
      {"%2b44900123456", NumberKind::kE164, "44900123456", kTrickEscaped, true},
      {"%252B44900123456", NumberKind::kE164, "44900123456", kTrickEscaped, true},   // escaped twice
      {"%2B%2B44900123456", NumberKind::kE164, "44900123456", kTrickEscaped | kTrickRepeatedPrefix, true},
      {"%30%30%34%34900123456", NumberKind::kE164, "44900123456", kTrickEscaped, true},
      {"+44;phone-context=+49", NumberKind::kInvalid, "", kTrickNone, false},
      {"+49-30-123456;ext=12", NumberKind::kE164, "4930123456", kTrickNone, true},
      {"112", NumberKind::kEmergency, "112", kTrickNone, false},
      {"110", NumberKind::kEmergency, "110", kTrickNone, false},
      {"11833", NumberKind::kShortCode, "11833", kTrickNone, false},
      {"*21*0900123456#", NumberKind::kService, "49900123456", kTrickServiceCode, false},
      {"**21*+44900123456#", NumberKind::kService, "44900123456", kTrickServiceCode, true},
      {"*#06#", NumberKind::kService, "", kTrickServiceCode, false},
      {"#31#0044900123456", NumberKind::kService, "44900123456", kTrickServiceCode, true},
  };
  for (const auto& c : cases) check(germany(), c);
}

TEST(FraudNumber, UkPbxDialling) {
  const Case cases[] = {
      {"9999", NumberKind::kEmergency, "9999", kTrickNone, false},
      {"999", NumberKind::kEmergency, "999", kTrickNone, false},
      {"902079460000", NumberKind::kE164, "442079460000", kTrickNone, false},
      {"900442079460000", NumberKind::kE164, "442079460000", kTrickNone, true},
      {"90+442079460000", NumberKind::kE164, "442079460000", kTrickPrefixBeforePlus, true},
      {"09098790000", NumberKind::kE164, "449098790000", kTrickNone, false},
      {"0 20 7946 0000", NumberKind::kE164, "442079460000", kTrickNone, false},
  };
  for (const auto& c : cases) check(uk_pbx(), c);
}

TEST(FraudNumber, NotNumbers) {
  for (const char* s : {"", "alice", "+", "++", "0+", "%2", "%ZZ44", "44+20", "+44abc", "+1234567890123456",
                        "%25%32%35%32%42"}) {
    SCOPED_TRACE(s);
    EXPECT_EQ(normalize(s, germany()).kind, NumberKind::kInvalid);
  }
  EXPECT_EQ(normalize(std::string(200, '1'), germany()).kind, NumberKind::kInvalid);
}

TEST(FraudNumber, DialledPartOfUris) {
  EXPECT_EQ(dialled_part("sip:+442079460000;user=phone@gw.example.com"), "+442079460000;user=phone");
  EXPECT_EQ(dialled_part("sip:+44%20790@gw.example.com;user=phone"), "+44%20790");
  EXPECT_EQ(dialled_part("SIPS:0044123@h"), "0044123");
  EXPECT_EQ(dialled_part("tel:+1-212-555-0100"), "+1-212-555-0100");
  EXPECT_EQ(dialled_part("TEL:911;phone-context=+1"), "911;phone-context=+1");
  EXPECT_EQ(dialled_part("sip:example.com"), "");
  EXPECT_EQ(dialled_part("mailto:a@b"), "");
  // The whole chain: a tel: URI with separators under the German plan.
  EXPECT_EQ(normalize(dialled_part("tel:+44-909-879-0000"), germany()).e164, "449098790000");
  EXPECT_EQ(normalize(dialled_part("sip:%2B44909;user=phone@x"), germany()).e164, "44909");
}

}  // namespace
}  // namespace vg::fraud
