#include "feeds/list_parser.h"

#include <nlohmann/json.hpp>

namespace vg::feeds {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

}  // namespace

Result<ParsedList, std::string> parse_text_list(std::string_view text) {
  ParsedList out;
  size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    line = line.substr(0, line.find_first_of("#;"));
    while (!line.empty() && is_space(line.front())) line.remove_prefix(1);
    size_t end = 0;
    while (end < line.size() && !is_space(line[end])) ++end;
    const std::string_view word = line.substr(0, end);
    if (word.empty()) continue;
    if (auto c = Cidr::parse(word)) {
      if (out.entries.size() >= kMaxFeedEntries) return unexpected(std::string("more than 1000000 entries"));
      out.entries.push_back(*c);
    } else {
      if (out.ignored++ == 0) out.first_ignored = line_no;
    }
  }
  if (out.entries.empty() && out.ignored > 0) {
    return unexpected("no IP or CIDR in " + std::to_string(out.ignored) + " lines (line " +
                      std::to_string(out.first_ignored) + " is the first); not a blocklist?");
  }
  return out;
}

Result<ApibanPage, std::string> parse_apiban_page(std::string_view json) {
  const auto doc = nlohmann::json::parse(json.begin(), json.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return unexpected(std::string("not a JSON object"));
  const auto id = doc.find("ID");
  if (id == doc.end()) return unexpected(std::string("no \"ID\" in the answer"));
  ApibanPage page;
  // APIBAN sends the ID as a string; accept a number too.
  if (id->is_string()) {
    page.next_id = id->get<std::string>();
  } else if (id->is_number_unsigned()) {
    page.next_id = std::to_string(id->get<uint64_t>());
  } else {
    return unexpected(std::string("\"ID\" is neither a string nor a number"));
  }
  if (page.next_id.empty()) return unexpected(std::string("empty \"ID\""));
  const auto ips = doc.find("ipaddress");
  if (ips != doc.end()) {
    if (!ips->is_array()) return unexpected(std::string("\"ipaddress\" is not a list"));
    for (const auto& item : *ips) {
      // The last page says {"ipaddress": ["no new bans"], "ID": "none"}: not an address, ignored.
      if (!item.is_string()) {
        ++page.list.ignored;
        continue;
      }
      if (auto c = Cidr::parse(item.get_ref<const std::string&>())) {
        page.list.entries.push_back(*c);
      } else {
        ++page.list.ignored;
      }
    }
  }
  return page;
}

}  // namespace vg::feeds
