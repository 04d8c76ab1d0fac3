#include "sip/name_addr.h"

#include "sip/scan.h"

namespace vg::sip {

namespace {

constexpr auto kBad = ParseError::kBadNameAddr;

// display-name = *(token LWS) / quoted-string (RFC 3261 §25.1).
bool valid_token_display(std::string_view s) {
  for (char ch : s) {
    if (!scan::is_token(ch) && !scan::is_lws(ch)) return false;
  }
  return true;
}

Result<NameAddr, ParseError> finish_params(NameAddr na, std::string_view tail) {
  tail = scan::ltrim(tail);
  if (tail.empty()) return na;
  if (tail[0] != ';') return unexpected(kBad);
  tail.remove_prefix(1);
  if (!validate_params(tail, true)) return unexpected(kBad);
  na.params = ParamList(tail);
  return na;
}

}  // namespace

Result<NameAddr, ParseError> parse_name_addr(std::string_view text, size_t max_uri_length, bool allow_star) {
  NameAddr na;
  text = scan::trim(text);
  na.raw = text;
  if (text.empty()) return unexpected(kBad);
  if (allow_star && text == "*") {
    na.star = true;
    return na;
  }
  bool unbalanced = false;
  size_t lt = scan::find_top_level(text, '<', 0, &unbalanced);
  if (unbalanced) return unexpected(kBad);
  if (lt != std::string_view::npos) {
    std::string_view display = scan::trim(text.substr(0, lt));
    if (!display.empty() && display.front() == '"') {
      size_t end = scan::skip_quoted(display, 0);
      if (end != display.size()) return unexpected(kBad);
      na.display_name = display.substr(1, display.size() - 2);
      na.display_quoted = true;
    } else {
      if (!valid_token_display(display)) return unexpected(kBad);
      na.display_name = display;
    }
    size_t gt = text.find('>', lt);
    if (gt == std::string_view::npos) return unexpected(kBad);
    auto uri = parse_uri(text.substr(lt + 1, gt - lt - 1), max_uri_length);
    if (!uri) return unexpected(uri.error() == ParseError::kUriTooLong ? uri.error() : kBad);
    na.uri = *uri;
    na.angle_brackets = true;
    return finish_params(na, text.substr(gt + 1));
  }
  // addr-spec: RFC 3261 §20: without angle brackets, parameters after ';' belong to the header,
  // and the URI may contain neither ',' nor '?' nor ';' (those force the name-addr form).
  size_t semi = text.find(';');
  std::string_view spec = scan::trim(text.substr(0, semi));
  // Two memchr scans; find_first_of(",?") would make one call per character.
  if (spec.find(',') != std::string_view::npos || spec.find('?') != std::string_view::npos) return unexpected(kBad);
  auto uri = parse_uri(spec, max_uri_length);
  if (!uri) return unexpected(uri.error() == ParseError::kUriTooLong ? uri.error() : kBad);
  na.uri = *uri;
  if (semi == std::string_view::npos) return na;
  return finish_params(na, text.substr(semi));
}

}  // namespace vg::sip
