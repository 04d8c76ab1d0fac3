#include "geo/country_policy.h"

#include <algorithm>
#include <string_view>

namespace vg::geo {
namespace {

// ISO 3166-1 alpha-2, officially assigned (ISO 3166 Maintenance Agency list), sorted.
constexpr std::string_view kAssigned =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV "
    "BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES "
    "ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE "
    "IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY "
    "MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU "
    "NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM "
    "SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE "
    "VG VI VN VU WF WS YE YT ZA ZM ZW";
// Reserved codes that appear in location data (IPFire/tor-geoipdb, MaxMind): Europe, Asia/Pacific,
// and codes of former countries. (UK, also in the data, is read as GB: see tor_format.cc.)
constexpr std::string_view kReservedInData = "AN AP CS EU SU";

bool in_list(std::string_view list, Country c) {
  const std::string code = c.to_string();
  for (size_t i = 0; i + 2 <= list.size(); i += 3) {
    if (list.substr(i, 2) == code) return true;
  }
  return false;
}

}  // namespace

bool CountryPolicy::blocks(Country c) const {
  if (c.is_local()) return block_local;
  if (c.is_unknown()) {
    if (unknown == Unknown::kByListType) return type == ListType::kAllow;
    return unknown == Unknown::kDeny;
  }
  const bool listed = std::find(countries.begin(), countries.end(), c) != countries.end();
  return type == ListType::kAllow ? !listed : listed;
}

bool is_assigned_country_code(Country c) { return c.is_country() && in_list(kAssigned, c); }

size_t assigned_country_count() { return (kAssigned.size() + 1) / 3; }

bool is_known_country_code(Country c) {
  if (!c.is_country()) return false;
  if (is_assigned_country_code(c) || in_list(kReservedInData, c)) return true;
  // User-assigned (ISO 3166-1 §8.1.3): AA, QM..QZ, XA..XZ, ZZ.
  const std::string s = c.to_string();
  return s == "AA" || s == "ZZ" || (s[0] == 'Q' && s[1] >= 'M') || s[0] == 'X';
}

}  // namespace vg::geo
