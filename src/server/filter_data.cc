#include "server/filter_data.h"

namespace vg::server {

namespace {
// How often the feed thread looks for feeds that are due (each feed has its own interval).
constexpr std::chrono::seconds kFeedTick{1};
}  // namespace

Result<void, std::string> FilterData::configure(const config::Config& cfg, filters::BuildInputs& in) {
  const auto& g = cfg.filters.geo;
  if (g.active()) {
    if (!geo_ || *geo_ != g.sources) {
      auto w = std::make_unique<vg::geo::Watcher>(g.sources, events_, clock_);
      if (auto r = w->load(); !r) return unexpected("filters.geo: " + r.error().to_string());
      if (geo_) watchers_.back()->stop();
      watchers_.push_back(std::move(w));
      geo_ = g.sources;
    }
    watchers_.back()->start(g.reload_check);  // (re)started: reload_check may have changed
    in.geo = watchers_.back().get();
  } else if (geo_) {
    watchers_.back()->stop();
    geo_.reset();
  }

  std::vector<vg::feeds::FeedSpec> specs;
  for (const auto& f : cfg.filters.feeds.feeds) specs.push_back(f.spec);
  if (!specs.empty()) {
    if (!feeds_ || *feeds_ != specs) {
      // A changed feed list starts afresh: the new set fetches every feed at once.
      if (feeds_) feed_sets_.back()->stop();
      feed_sets_.push_back(std::make_unique<vg::feeds::FeedSet>(specs, fetcher_, events_, clock_));
      feed_sets_.back()->start(kFeedTick);
      feeds_ = std::move(specs);
    }
    in.feeds = feed_sets_.back().get();
  } else if (feeds_) {
    feed_sets_.back()->stop();
    feeds_.reset();
  }
  return {};
}

void FilterData::stop() {
  for (auto& w : watchers_) w->stop();
  for (auto& f : feed_sets_) f->stop();
}

}  // namespace vg::server
