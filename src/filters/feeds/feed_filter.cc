#include "filters/feeds/feed_filter.h"

namespace vg::filters::feeds {

FeedFilter::FeedFilter(const FeedConfig& c, const vg::feeds::FeedSet& set, size_t index)
    : Filter(c.action == FeedAction::kMonitor ? FilterMode::kMonitor : FilterMode::kEnforce),
      name_("feed:" + c.spec.name),
      action_(c.action),
      ban_for_(c.ban_for),
      set_(set),
      index_(index) {}

Verdict FeedFilter::check_source(const SourceInfo& s) {
  if (set_.list(index_)->lookup(s.source.address) == 0) return Verdict::pass();
  std::string evidence = "listed by feed " + set_.spec(index_).name;
  if (action_ == FeedAction::kBan) return Verdict::ban(ban_for_, "listed", std::move(evidence));
  // kDrop, and kMonitor (the pipeline records "monitor:drop" and lets it pass).
  return Verdict::drop("listed", std::move(evidence));
}

}  // namespace vg::filters::feeds
