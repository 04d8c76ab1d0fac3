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

ParseError finish_params(NameAddr& na, std::string_view tail) {
  tail = scan::ltrim(tail);
  if (tail.empty()) return ParseError::kNone;
  if (tail[0] != ';') return kBad;
  tail.remove_prefix(1);
  na.params = ParamList(tail);
  // Validation and the tag (the first one, as ParamList::get would find) in one pass.
  const bool ok = scan_params(tail, true, [&na](const Param& p) {
    if (!na.tag_param && p.name.size() == 3 && scan::iequals(p.name, "tag")) na.tag_param = p.value;
    return true;
  });
  return ok ? ParseError::kNone : kBad;
}

}  // namespace

ParseError parse_name_addr_into(std::string_view text, size_t max_uri_length, bool allow_star, NameAddr& na) {
  na = NameAddr{};
  text = scan::trim(text);
  na.raw = text;
  if (text.empty()) return kBad;
  if (allow_star && text == "*") {
    na.star = true;
    return ParseError::kNone;
  }
  auto uri_error = [](ParseError e) { return e == ParseError::kUriTooLong ? e : kBad; };
  bool unbalanced = false;
  size_t lt = scan::find_top_level(text, '<', 0, &unbalanced);
  if (unbalanced) return kBad;
  if (lt != std::string_view::npos) {
    std::string_view display = scan::trim(text.substr(0, lt));
    if (!display.empty() && display.front() == '"') {
      size_t end = scan::skip_quoted(display, 0);
      if (end != display.size()) return kBad;
      na.display_name = display.substr(1, display.size() - 2);
      na.display_quoted = true;
    } else {
      if (!valid_token_display(display)) return kBad;
      na.display_name = display;
    }
    size_t gt = text.find('>', lt);
    if (gt == std::string_view::npos) return kBad;
    if (auto e = parse_uri_into(text.substr(lt + 1, gt - lt - 1), max_uri_length, na.uri); e != ParseError::kNone) {
      return uri_error(e);
    }
    na.angle_brackets = true;
    return finish_params(na, text.substr(gt + 1));
  }
  // addr-spec: RFC 3261 §20: without angle brackets, parameters after ';' belong to the header,
  // and the URI may contain neither ',' nor '?' nor ';' (those force the name-addr form).
  size_t semi = text.find(';');
  std::string_view spec = scan::trim(text.substr(0, semi));
  // Two memchr scans; find_first_of(",?") would make one call per character.
  if (spec.find(',') != std::string_view::npos || spec.find('?') != std::string_view::npos) return kBad;
  if (auto e = parse_uri_into(spec, max_uri_length, na.uri); e != ParseError::kNone) return uri_error(e);
  if (semi == std::string_view::npos) return ParseError::kNone;
  return finish_params(na, text.substr(semi));
}

Result<NameAddr, ParseError> parse_name_addr(std::string_view text, size_t max_uri_length, bool allow_star) {
  NameAddr na;
  if (auto e = parse_name_addr_into(text, max_uri_length, allow_star, na); e != ParseError::kNone) {
    return unexpected(e);
  }
  return na;
}

}  // namespace vg::sip
