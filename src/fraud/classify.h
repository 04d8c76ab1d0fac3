// Destination classes of a normalized number: country (ITU E.164 country codes, NANP area codes),
// and class flags from the shipped data files in data/fraud/ (premium-rate and shared-cost ranges,
// satellite and international networks, NANP premium and Caribbean NPAs, high-risk IRSF list).
// Loaded once, immutable, shared as shared_ptr<const NumberingData> across threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "fraud/number.h"
#include "fraud/prefix_index.h"

namespace vg::fraud {

// One destination class. A number usually has several (international + premium + high_risk).
enum class DestClass : uint8_t {
  kEmergency,
  kShortCode,
  kService,      // * / # codes
  kInvalid,
  kNational,
  kMobile,       // the dial plan's mobile prefixes (national numbers only)
  kInternational,
  kTollFree,
  kPremium,
  kSharedCost,
  kSatellite,    // +870 Inmarsat, +881 GMSS
  kIntlNetwork,  // +882, +883 international networks
  kNanpPremium,  // +1 900, +1 976
  kNanpCaribbean,  // NANP area codes of other countries, dialled like national numbers
  kHighRisk,     // IRSF high-risk destination list
  kCount
};
inline constexpr std::size_t kClassCount = static_cast<std::size_t>(DestClass::kCount);
using ClassSet = uint32_t;
constexpr ClassSet bit(DestClass c) { return ClassSet{1} << static_cast<unsigned>(c); }
std::string_view to_string(DestClass c);
// Parses a class name as written in config and data files ("premium", "high_risk", ...).
bool class_from_string(std::string_view s, DestClass& out);
// "international,premium,high_risk"
std::string classes_text(ClassSet s);

struct Classification {
  ClassSet classes = 0;
  std::string_view country;  // ISO 3166 alpha-2 ("ZZ" for global services), empty when unknown
};

class NumberingData {
 public:
  // Parses the three tab-separated files (see data/fraud/SOURCES.md). Errors read
  // "<name>:<line>: <problem>".
  static Result<std::shared_ptr<const NumberingData>, std::string> load(std::string_view countries,
                                                                        std::string_view classes,
                                                                        std::string_view high_risk);
  // The files shipped in data/fraud/, embedded at build time.
  static std::shared_ptr<const NumberingData> embedded();

  [[nodiscard]] Classification classify(const Number& n, const DialPlan& plan) const;
  // The classes of what a tenant without a dial plan dialled (metrics only): with no home country
  // known, the emergency numbers 112 and 911, short codes, service codes and invalid strings are
  // classified as usual, and a number in international form ('+', tel:+) gets the classes of its
  // prefix (premium, toll_free, satellite, high_risk, ...) but not national, international or
  // mobile. Anything else (a national-format number) gets no class.
  [[nodiscard]] Classification classify_without_plan(std::string_view dialled) const;
  // ISO code of the country an E.164 number belongs to, or empty.
  [[nodiscard]] std::string_view country_of(std::string_view e164) const;
  [[nodiscard]] bool is_known_country(std::string_view iso) const;
  [[nodiscard]] std::size_t prefix_count() const { return countries_.size() + classes_.size() + high_risk_.size(); }

 private:
  PrefixIndex countries_;  // value: index into iso_
  PrefixIndex classes_;    // value: ClassSet
  PrefixIndex high_risk_;  // value: unused
  std::vector<std::string> iso_;
};

}  // namespace vg::fraud
