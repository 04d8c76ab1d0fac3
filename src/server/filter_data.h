// The long-lived data the security filters read, owned by the server across pipeline rebuilds:
// the country database (src/geo, with its reload thread) and the blocklist feeds (src/feeds, with
// their fetch thread). Configured at start and on every reload; a version that a pipeline may
// still reference is kept alive (stopped) until the server goes away.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/clock.h"
#include "core/result.h"
#include "events/sink.h"
#include "feeds/feed_set.h"
#include "filters/registry.h"
#include "geo/watcher.h"

namespace vg::server {

class FilterData {
 public:
  // `events` and `clock` must outlive this object.
  FilterData(events::EventSink& events, const Clock& clock) : events_(events), clock_(clock) {}
  ~FilterData() { stop(); }
  FilterData(const FilterData&) = delete;
  FilterData& operator=(const FilterData&) = delete;

  // Loads the country data when filters.geo has rules (a load error is a configuration error),
  // starts the feeds of filters.feeds, keeps what did not change; fills in.geo and in.feeds.
  Result<void, std::string> configure(const config::Config& cfg, filters::BuildInputs& in);
  // Stops the reload and fetch threads (the data stays readable).
  void stop();

 private:
  events::EventSink& events_;
  const Clock& clock_;
  vg::feeds::DefaultFetcher fetcher_;
  std::vector<std::unique_ptr<vg::geo::Watcher>> watchers_;  // the last one is current when geo_ is set
  std::optional<vg::geo::Sources> geo_;
  std::vector<std::unique_ptr<vg::feeds::FeedSet>> feed_sets_;  // the last one is current when feeds_ is set
  std::optional<std::vector<vg::feeds::FeedSpec>> feeds_;
};

}  // namespace vg::server
