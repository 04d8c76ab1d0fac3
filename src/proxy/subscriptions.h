// Dialogs created by SUBSCRIBE and REFER (RFC 6665, RFC 3515) that pass through voipguard: which
// (Call-ID, tags) pairs may carry in-dialog SUBSCRIBE and NOTIFY requests, so that a presence or
// message-waiting subscription between two phones works while a forged in-dialog request (a tag
// pair nobody set up through us) still gets 481. Call dialogs are the DialogTracker's; these are
// kept apart so they never count as calls, reach a CDR or satisfy a re-INVITE. Thread-safe, sharded;
// entries expire with the subscription (bounded state).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.h"
#include "core/small_string.h"
#include "proxy/timer_wheel.h"

namespace vg::proxy {

class SubscriptionTracker {
 public:
  // How long a usage is kept when nothing says otherwise, and the most any Expires may ask for.
  static constexpr std::chrono::seconds kDefaultExpiry{3600};
  static constexpr std::chrono::seconds kMaxExpiry{86400};
  // Kept after it ends or after a failure response: the final NOTIFY and its 200 still pass.
  static constexpr std::chrono::seconds kLinger{32};

  // An out-of-dialog SUBSCRIBE or REFER was forwarded: the subscriber's tag is from_tag.
  void start(std::string_view call_id, std::string_view from_tag, std::chrono::seconds expires, Clock::MonoTime now);
  // A response to a SUBSCRIBE/REFER of the usage: 2xx learns the notifier's tag and the granted
  // expiry; a failure (before any NOTIFY created the dialog) ends it.
  void on_response(std::string_view call_id, std::string_view from_tag, int status, std::string_view to_tag,
                   std::optional<std::chrono::seconds> expires, Clock::MonoTime now);
  // Whether an in-dialog request with these tags belongs to a usage we set up (either direction:
  // the subscriber sends with its tag first, the notifier with the tags swapped). A NOTIFY may come
  // before the 2xx of its SUBSCRIBE (RFC 6665 §4.1.2.4): the first tag seen for the notifier is kept.
  [[nodiscard]] bool known(std::string_view call_id, std::string_view tag_a, std::string_view tag_b,
                           Clock::MonoTime now);
  // An in-dialog SUBSCRIBE or NOTIFY passed: refreshes the expiry; `terminated` (Subscription-State:
  // terminated, or a SUBSCRIBE with Expires: 0) ends the usage after the linger.
  void on_request(std::string_view call_id, std::string_view tag_a, std::string_view tag_b,
                  std::optional<std::chrono::seconds> expires, bool terminated, Clock::MonoTime now);
  // Drops what has expired. Returns how many were dropped.
  size_t expire(Clock::MonoTime now);
  [[nodiscard]] size_t size() const;

 private:
  struct Usage {
    SmallString<40> notifier_tag;  // empty until a 2xx or the first NOTIFY names it
    Clock::MonoTime deadline{};
    TimerLink timer;
  };
  using Key = SmallString<112>;  // call_id + '\x1f' + subscriber tag
  using Map = std::unordered_map<Key, Usage, ViewHash, ViewEq>;
  static constexpr size_t kShards = 8;
  struct Shard {
    mutable std::mutex mu;
    Map usages;
    TimerWheel wheel;
  };
  Shard& shard(std::string_view call_id) const { return shards_[std::hash<std::string_view>{}(call_id) % kShards]; }
  static void schedule(Shard& s, Map::value_type& e, Clock::MonoTime deadline);
  // The usage (and whether it was found by the first tag) for a request's tag pair, or nullptr.
  static Map::value_type* locate(Shard& s, std::string_view call_id, std::string_view tag_a, std::string_view tag_b,
                                 bool* subscriber_first);

  mutable std::array<Shard, kShards> shards_;
};

}  // namespace vg::proxy
