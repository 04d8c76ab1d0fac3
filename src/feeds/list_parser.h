// Parsers for the two blocklist formats: plain text (one IP or CIDR per line; '#' and ';' start
// comments, as in Spamhaus DROP and FireHOL lists; anything after the first word is ignored) and
// one page of the APIBAN API (https://apiban.org: {"ipaddress": [...], "ID": "..."}, where ID names
// the next page, "none" the end). Entries that are not addresses are counted, not fatal: a feed
// with a stray line still blocks the rest. Input is untrusted: sizes are bounded, nothing throws.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/ip.h"
#include "core/result.h"

namespace vg::feeds {

// Most entries one feed may hold (APIBAN lists a few thousand, FireHOL level 1 a few thousand CIDRs).
inline constexpr size_t kMaxFeedEntries = 1'000'000;

struct ParsedList {
  std::vector<Cidr> entries;
  size_t ignored = 0;          // lines or items that were not an IP or CIDR
  size_t first_ignored = 0;    // text: 1-based line of the first one (0 = none)
};

// Errors name the problem; the caller adds the feed's name.
Result<ParsedList, std::string> parse_text_list(std::string_view text);

struct ApibanPage {
  ParsedList list;
  std::string next_id;  // "none" at the end
};
Result<ApibanPage, std::string> parse_apiban_page(std::string_view json);

}  // namespace vg::feeds
