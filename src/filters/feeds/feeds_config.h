// Blocklist feed settings: each feed's source (file or HTTP(S) URL), format (text or APIBAN),
// schedule, expiry and action. Without feeds nothing is fetched.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "feeds/feed_spec.h"
#include "filters/config_fwd.h"

namespace vg::filters::feeds {

// What happens to a datagram from a listed source (checked before parsing):
// drop it; ban the source (its host network, for ban_for: later datagrams die in the ban list and
// `voipguard ban list` shows it); or only record what would have been done (monitor).
enum class FeedAction : uint8_t { kDrop, kBan, kMonitor };

struct FeedConfig {
  vg::feeds::FeedSpec spec;
  FeedAction action = FeedAction::kDrop;
  std::chrono::seconds ban_for{86400};
};

struct FeedsConfig {
  std::vector<FeedConfig> feeds;
};

// Reads `filters.feeds` (a list; compiled into vg_config; errors with file:line:col).
void read_feeds_config(config::detail::Diagnostics& d, const config::detail::Field& f, const config::Config& cfg,
                       FeedsConfig& out);

}  // namespace vg::filters::feeds
