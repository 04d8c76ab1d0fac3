#include "feeds/feed_set.h"

#include <algorithm>
#include <set>

#include "feeds/list_parser.h"

namespace vg::feeds {
namespace {

std::shared_ptr<const geo::RangeTable> build_set(const std::vector<Cidr>& entries) {
  geo::RangeTableBuilder b(geo::RangeTableBuilder::Overlap::kUnion);
  for (const auto& c : entries) b.add(c, 1);
  auto t = b.build();  // union mode: CIDRs are never reversed or mixed, so this cannot fail
  return std::make_shared<const geo::RangeTable>(t ? std::move(*t) : geo::RangeTable{});
}

}  // namespace

FeedSet::FeedSet(std::vector<FeedSpec> specs, Fetcher& fetcher, events::EventSink& sink, const Clock& clock)
    : fetcher_(fetcher), sink_(sink), clock_(clock) {
  for (auto& s : specs) {
    auto f = std::make_unique<Feed>();
    f->spec = std::move(s);
    f->list.store(std::make_shared<const geo::RangeTable>());
    f->next_fetch = clock_.mono();
    feeds_.push_back(std::move(f));
  }
}

FeedSet::~FeedSet() { stop(); }

size_t FeedSet::index_of(std::string_view name) const {
  for (size_t i = 0; i < feeds_.size(); ++i) {
    if (feeds_[i]->spec.name == name) return i;
  }
  return feeds_.size();
}

FeedStatus FeedSet::status(size_t i) const {
  std::lock_guard lock(status_mu_);
  return feeds_[i]->status;
}

void FeedSet::emit(const Feed& f, std::string kind, events::Severity severity, std::string evidence) {
  events::Event e;
  e.time_ms = std::chrono::duration_cast<std::chrono::milliseconds>(clock_.wall().time_since_epoch()).count();
  e.kind = std::move(kind);
  e.severity = severity;
  e.filter = "feed";
  e.rule = f.spec.name;
  e.action = "update";
  e.evidence = std::move(evidence);
  e.fields = {{"feed", f.spec.name}, {"source", redact_url(f.spec.source)}};
  sink_.emit(std::move(e));
}

Result<std::vector<Cidr>, std::string> FeedSet::fetch(const FeedSpec& spec, size_t& ignored) {
  ignored = 0;
  if (spec.format == Format::kText) {
    auto r = fetcher_.get(spec.source, spec.timeout);
    if (!r) return unexpected(r.error());
    if (r->status != 200) return unexpected("HTTP status " + std::to_string(r->status));
    auto list = parse_text_list(r->body);
    if (!list) return unexpected(list.error());
    ignored = list->ignored;
    return std::move(list->entries);
  }
  // APIBAN: the first page, then source/ID for each next page until the ID is "none".
  std::vector<Cidr> all;
  std::set<std::string> seen;
  std::string url = spec.source;
  for (size_t page = 0; page < kMaxApibanPages; ++page) {
    auto r = fetcher_.get(url, spec.timeout);
    if (!r) return unexpected(r.error() + " (page " + std::to_string(page + 1) + ")");
    // The last page comes with HTTP 400 and {"ipaddress":["no new bans"],"ID":"none"}: the body
    // decides, the status only explains a body that is not APIBAN JSON.
    auto p = parse_apiban_page(r->body);
    if (!p) {
      return unexpected((r->status != 200 ? "HTTP status " + std::to_string(r->status) : "bad answer: " + p.error()) +
                        " (page " + std::to_string(page + 1) + ")");
    }
    ignored += p->list.ignored;
    if (all.size() + p->list.entries.size() > kMaxFeedEntries) return unexpected(std::string("more than 1000000 entries"));
    all.insert(all.end(), p->list.entries.begin(), p->list.entries.end());
    if (p->next_id == "none") return all;
    if (!seen.insert(p->next_id).second) return unexpected("APIBAN ID " + p->next_id + " repeats (loop)");
    url = spec.source + "/" + p->next_id;
  }
  return unexpected(std::string("more than 10000 APIBAN pages"));
}

size_t FeedSet::poll() {
  size_t fetched = 0;
  for (auto& fp : feeds_) {
    Feed& f = *fp;
    const auto now = clock_.mono();
    if (f.last_success_mono && f.spec.expire_after.count() > 0 && now - *f.last_success_mono >= f.spec.expire_after &&
        !f.list.load()->empty()) {
      f.list.store(std::make_shared<const geo::RangeTable>());
      {
        std::lock_guard lock(status_mu_);
        f.status.entries = 0;
      }
      emit(f, "feed.expired", events::Severity::kWarning,
           "no successful fetch for " + std::to_string(f.spec.expire_after.count()) + " s: list dropped");
    }
    if (now < f.next_fetch) continue;

    size_t ignored = 0;
    auto entries = fetch(f.spec, ignored);
    const auto after = clock_.mono();
    if (!entries) {
      f.next_fetch = after + std::min<Clock::Duration>(f.spec.interval, kRetryAfterFailure);
      FeedStatus st;
      {
        std::lock_guard lock(status_mu_);
        f.status.failures++;
        f.status.last_error = entries.error();
        st = f.status;
      }
      emit(f, "feed.fetch_failed", events::Severity::kWarning,
           entries.error() + "; keeping the last good list (" + std::to_string(st.entries) + " entries)");
      continue;
    }
    const size_t n = entries->size();
    f.list.store(build_set(*entries), std::memory_order_release);
    f.next_fetch = after + f.spec.interval;
    f.last_success_mono = after;
    {
      std::lock_guard lock(status_mu_);
      f.status = FeedStatus{n, clock_.unix_seconds(), 0, {}};
    }
    ++fetched;
    emit(f, "feed.updated", events::Severity::kInfo,
         std::to_string(n) + " entries" + (ignored ? " (" + std::to_string(ignored) + " items ignored)" : ""));
  }
  return fetched;
}

void FeedSet::start(std::chrono::milliseconds tick) {
  stop();
  {
    std::lock_guard lock(thread_mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this, tick] {
    std::unique_lock lock(thread_mu_);
    do {
      lock.unlock();
      (void)poll();
      lock.lock();
    } while (!cv_.wait_for(lock, tick, [this] { return stopping_; }));
  });
}

void FeedSet::stop() {
  {
    std::lock_guard lock(thread_mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace vg::feeds
