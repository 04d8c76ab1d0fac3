// One blocklist feed as a pre-parse filter: a datagram whose source is in the feed's current list
// is dropped, or its source banned, or (action monitor) only recorded. One filter per feed, named
// "feed:<name>", so each feed has its own counters, events and mode. The list is read with one
// atomic load and one binary search; fetching happens on the FeedSet's thread.
#pragma once

#include <string>

#include "feeds/feed_set.h"
#include "filters/feeds/feeds_config.h"
#include "filters/filter.h"

namespace vg::filters::feeds {

class FeedFilter final : public Filter {
 public:
  // `set` must outlive the filter (the server owns it, across pipeline rebuilds); `index` is the
  // feed's position in it.
  FeedFilter(const FeedConfig& c, const vg::feeds::FeedSet& set, size_t index);
  [[nodiscard]] std::string_view name() const override { return name_; }
  [[nodiscard]] bool pre_parse() const override { return true; }
  [[nodiscard]] Verdict check_source(const SourceInfo& s) override;

 private:
  std::string name_;
  FeedAction action_;
  Clock::Duration ban_for_;
  const vg::feeds::FeedSet& set_;
  size_t index_;
};

}  // namespace vg::filters::feeds
