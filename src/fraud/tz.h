// Local time for schedules. g++ 12's library has no std::chrono::locate_zone (C++20 time zones
// arrived in GCC 14), and localtime_r depends on the process-wide TZ variable, so voipguard reads the
// system's compiled tz database (RFC 8536 TZif files under /usr/share/zoneinfo) itself, or takes a
// fixed offset ("UTC", "UTC+02:00", "-05:00"). Immutable after load; any thread may read.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vg::fraud {

struct LocalTime {
  int year = 1970, month = 1, day = 1;  // civil date
  int weekday = 4;                      // 0 = Sunday ... 6 = Saturday
  int minute_of_day = 0;                // 0..1439
  int64_t day_number = 0;               // days since 1970-01-01 in local time (a day key)
  int64_t month_number = 0;             // year * 12 + month - 1 (a month key)
};

class TimeZone {
 public:
  // "UTC" / "UTC+02:00" / "+05:30" / "-0800", or an IANA name ("Europe/Berlin") read from
  // `zoneinfo_dir`. The error is a sentence for the config loader.
  static Result<std::shared_ptr<const TimeZone>, std::string> load(std::string_view name,
                                                                  const std::string& zoneinfo_dir = "/usr/share/zoneinfo");
  static std::shared_ptr<const TimeZone> utc();
  // From the bytes of a TZif file (tests).
  static Result<std::shared_ptr<const TimeZone>, std::string> from_tzif(std::string_view name, std::string_view bytes);

  // UTC offset in seconds at a Unix time. After the file's last transition (2037 in Debian's
  // "fat" files) the last offset stays in force.
  [[nodiscard]] int32_t offset_at(int64_t unix_seconds) const;
  [[nodiscard]] LocalTime local(int64_t unix_seconds) const;
  [[nodiscard]] const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::vector<int64_t> transitions_;  // sorted Unix times
  std::vector<int32_t> offsets_;      // offset from each transition on
  int32_t initial_offset_ = 0;        // before the first transition (the whole time for a fixed offset)
};

// Civil date of a day number (Howard Hinnant's days_from_civil inverse).
void civil_from_days(int64_t days, int& year, int& month, int& day);

}  // namespace vg::fraud
