#include "filters/feeds/feeds_config.h"

#include <algorithm>

#include "config/config.h"
#include "filters/config_readers.h"

namespace vg::filters::feeds {
namespace {

using config::detail::quote;
using detail::Diagnostics;
using detail::Field;
using detail::MapReader;

bool valid_name(const std::string& s) {
  if (s.empty() || s.size() > 32) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

}  // namespace

void read_feeds_config(Diagnostics& d, const Field& f, const config::Config& /*cfg*/, FeedsConfig& out) {
  constexpr config::detail::EnumName<vg::feeds::Format> kFormats[] = {{"text", vg::feeds::Format::kText},
                                                                      {"apiban", vg::feeds::Format::kApiban}};
  constexpr config::detail::EnumName<FeedAction> kActions[] = {
      {"drop", FeedAction::kDrop}, {"ban", FeedAction::kBan}, {"monitor", FeedAction::kMonitor}};
  for (const Field& item : config::detail::read_sequence(d, f)) {
    MapReader m(d, item);
    FeedConfig c;
    if (auto n = m.require("name"); n && config::detail::read_string(d, *n, c.spec.name)) {
      if (!valid_name(c.spec.name)) {
        d.error(n->mark(), n->path, "must be 1-32 characters of a-z, 0-9, '-' and '_': " + quote(c.spec.name));
      } else if (std::any_of(out.feeds.begin(), out.feeds.end(), [&](const auto& o) { return o.spec.name == c.spec.name; })) {
        d.error(n->mark(), n->path, "a feed named " + quote(c.spec.name) + " is already defined");
      }
    }
    auto url = m.get("url");
    auto file = m.get("file");
    if (url && file) {
      d.error(file->mark(), file->path, "give either url or file, not both");
    } else if (url) {
      // The URL may hold an API key: never echoed in a message.
      if (config::detail::read_string(d, *url, c.spec.source) && c.spec.source.rfind("http://", 0) != 0 &&
          c.spec.source.rfind("https://", 0) != 0) {
        d.error(url->mark(), url->path, "must start with http:// or https://");
      }
    } else if (file) {
      if (config::detail::read_string(d, *file, c.spec.source) && c.spec.source.empty()) {
        d.error(file->mark(), file->path, "empty file name");
      }
    } else {
      d.error(item.mark(), item.path, "needs url or file");
    }
    if (auto fm = m.get("format")) (void)config::detail::read_enum(d, *fm, kFormats, c.spec.format);
    if (auto a = m.get("action")) (void)config::detail::read_enum(d, *a, kActions, c.action);
    detail::read_seconds(d, m, "interval", std::chrono::seconds(10), std::chrono::seconds(7 * 86400), c.spec.interval);
    detail::read_seconds(d, m, "expire_after", std::chrono::seconds(0), std::chrono::seconds(365 * 86400),
                         c.spec.expire_after);
    detail::read_seconds(d, m, "ban_for", std::chrono::seconds(1), std::chrono::seconds(365 * 86400), c.ban_for);
    std::chrono::seconds timeout = std::chrono::duration_cast<std::chrono::seconds>(c.spec.timeout);
    detail::read_seconds(d, m, "timeout", std::chrono::seconds(1), std::chrono::seconds(300), timeout);
    c.spec.timeout = timeout;
    m.finish();
    out.feeds.push_back(std::move(c));
  }
}

}  // namespace vg::filters::feeds
