// One blocklist feed as configured: where it comes from, its format and schedule. Plain data
// (the config loader fills it; FeedSet fetches it).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace vg::feeds {

enum class Format : uint8_t { kText, kApiban };

struct FeedSpec {
  std::string name;
  std::string source;  // file path, http:// or https:// URL (may contain an API key: never logged)
  Format format = Format::kText;
  std::chrono::seconds interval{3600};
  std::chrono::seconds expire_after{7 * 86400};  // 0 = keep the last good list forever
  std::chrono::milliseconds timeout{10000};

  friend bool operator==(const FeedSpec&, const FeedSpec&) = default;
};

}  // namespace vg::feeds
