#include "filters/registry.h"

#include <fstream>
#include <sstream>

#include "filters/acl/acl_filter.h"
#include "filters/bruteforce/bruteforce_filter.h"
#include "filters/feeds/feed_filter.h"
#include "filters/flood/flood_filter.h"
#include "filters/geo/geo_filter.h"
#include "filters/sanity/sanity_filter.h"
#include "filters/scanner/scanner_filter.h"

namespace vg::filters {

namespace {

Result<scanner::Signatures, std::string> load_signatures(const scanner::ScannerConfig& c, const std::string& given) {
  std::string text = given;
  std::string name = "scanner signatures";
  if (text.empty() && !c.signatures_file.empty()) {
    std::ifstream in(c.signatures_file, std::ios::binary);
    if (!in) return unexpected("cannot read scanner signatures file " + c.signatures_file);
    std::ostringstream s;
    s << in.rdbuf();
    text = s.str();
    name = c.signatures_file;
  }
  auto sig = scanner::Signatures::parse(text.empty() ? scanner::Signatures::embedded_text() : std::string_view(text));
  if (!sig) return unexpected(name + ": " + sig.error());
  return sig;
}

}  // namespace

Result<std::unique_ptr<Pipeline>, std::string> build_pipeline(const config::Config& cfg, Pipeline::Deps deps,
                                                              BuildInputs in) {
  const FiltersConfig& fc = cfg.filters;
  deps.bans.set_ipv6_prefix(fc.bans.ipv6_prefix);
  auto signatures = load_signatures(fc.scanner, in.scanner_signatures);
  if (!signatures) return unexpected(signatures.error());

  std::vector<std::unique_ptr<Filter>> f;
  // One line per filter, in the order they run: network lists first (cheapest, and listener
  // lists run before parsing), then scanners (banned before anything answers them), floods,
  // brute force, and sanity last (answering a scanner's odd request would confirm that a SIP
  // server is here).
  f.push_back(std::make_unique<acl::AclFilter>(fc.acl, in.listener_names));
  for (const auto& feed : fc.feeds.feeds) {
    const size_t i = in.feeds ? in.feeds->index_of(feed.spec.name) : 0;
    if (!in.feeds || i == in.feeds->size()) return unexpected("feed " + feed.spec.name + " is configured but not running");
    f.push_back(std::make_unique<feeds::FeedFilter>(feed, *in.feeds, i));
  }
  if (fc.geo.active()) {
    if (!in.geo) return unexpected(std::string("country rules are configured but no geo data is loaded"));
    f.push_back(std::make_unique<geo::GeoFilter>(fc.geo, in.listener_names, *in.geo));
  }
  f.push_back(std::make_unique<scanner::ScannerFilter>(fc.scanner, std::move(*signatures)));
  f.push_back(std::make_unique<flood::FloodFilter>(fc.flood));
  f.push_back(std::make_unique<bruteforce::BruteForceFilter>(fc.bruteforce, std::move(in.has_binding)));
  f.push_back(std::make_unique<sanity::SanityFilter>(fc.sanity));
  return std::make_unique<Pipeline>(deps, fc.trusted, std::move(in.listener_names), std::move(f));
}

}  // namespace vg::filters
