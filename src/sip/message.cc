// Typed, lazily parsed access to a framed Message, and proxy-level validation.
#include "sip/message.h"

#include <type_traits>

#include "sip/scan.h"

namespace vg::sip {

namespace {

ParseError name_addr_error(HeaderId id, ParseError e) {
  if (e == ParseError::kUriTooLong) return e;
  switch (id) {
    case HeaderId::kFrom: return ParseError::kBadFrom;
    case HeaderId::kTo: return ParseError::kBadTo;
    case HeaderId::kContact: return ParseError::kBadContact;
    default: return ParseError::kBadNameAddr;
  }
}

// Runs parse on first use and caches value or error. Struct-valued fields are parsed in place
// (parse(T&) -> ParseError) so the cached value is never copied.
template <class T, class F>
Result<const T*, ParseError> lazy(auto& slot, F&& parse) {
  if (!slot.done) {
    slot.done = true;
    if constexpr (std::is_invocable_r_v<ParseError, F, T&>) {
      slot.error = parse(slot.value);
    } else {
      auto r = parse();
      if (r) {
        slot.value = *r;
      } else {
        slot.error = r.error();
      }
    }
  }
  if (slot.error != ParseError::kNone) return unexpected(slot.error);
  return &slot.value;
}

}  // namespace

bool valid_call_id(std::string_view s) {
  if (s.empty()) return false;
  size_t at = s.find('@');
  auto word_ok = [](std::string_view w) { return !w.empty() && scan::all_of(w, scan::kWord); };
  if (at == std::string_view::npos) return word_ok(s);
  return word_ok(s.substr(0, at)) && word_ok(s.substr(at + 1));
}

Result<CSeq, ParseError> parse_cseq(std::string_view value) {
  value = scan::trim(value);
  size_t i = 0;
  while (i < value.size() && scan::is_digit(value[i])) ++i;
  // RFC 3261 §8.1.1.5: 32-bit unsigned (RFC 4475 §3.1.2.4 rejects larger values).
  auto num = scan::parse_uint<uint32_t>(value.substr(0, i), UINT32_MAX);
  if (!num || i == value.size() || !scan::is_lws(value[i])) return unexpected(ParseError::kBadCSeq);
  auto method = scan::trim(value.substr(i));
  if (!scan::is_token_str(method)) return unexpected(ParseError::kBadCSeq);
  return CSeq{*num, method, method_from(method)};
}

const HeaderField* Message::header(HeaderId id) const {
  for (const auto& h : headers_) {
    if (h.id == id) return &h;
  }
  return nullptr;
}

const HeaderField* Message::header(std::string_view name) const {
  HeaderId id = lookup_header(name);
  if (id != HeaderId::kUnknown) return header(id);
  for (const auto& h : headers_) {
    if (h.id == HeaderId::kUnknown && scan::iequals(h.name, name)) return &h;
  }
  return nullptr;
}

size_t Message::header_count(HeaderId id) const {
  size_t c = 0;
  for (const auto& h : headers_) c += h.id == id ? 1 : 0;
  return c;
}

Result<const Uri*, ParseError> Message::request_uri() const {
  return lazy<Uri>(cache_.request_uri, [&](Uri& u) {
    if (!is_request()) return ParseError::kMissingHeader;
    auto e = parse_uri_into(request_uri_text_, limits_.max_uri_length, u);
    if (e != ParseError::kNone) return e == ParseError::kUriTooLong ? e : ParseError::kBadRequestUri;
    // RFC 3261 §19.1.1 (table 1): URI headers are not allowed in a Request-URI (RFC 4475 §3.1.2.11).
    return u.headers.empty() ? ParseError::kNone : ParseError::kBadRequestUri;
  });
}

Result<const Via*, ParseError> Message::top_via() const {
  return lazy<Via>(cache_.top_via, [&](Via& v) {
    const auto* h = header(HeaderId::kVia);
    return h ? parse_via_into(h->value, v) : ParseError::kMissingHeader;
  });
}

Result<std::vector<Via>, ParseError> Message::vias() const {
  std::vector<Via> out;
  for (const auto& h : headers_) {
    if (h.id != HeaderId::kVia) continue;
    auto v = parse_via(h.value);
    if (!v) return unexpected(v.error());
    out.push_back(*v);
  }
  return out;
}

Result<const NameAddr*, ParseError> Message::from() const {
  return lazy<NameAddr>(cache_.from, [&](NameAddr& na) {
    const auto* h = header(HeaderId::kFrom);
    if (!h) return ParseError::kMissingHeader;
    auto e = parse_name_addr_into(h->value, limits_.max_uri_length, false, na);
    return e == ParseError::kNone ? e : name_addr_error(HeaderId::kFrom, e);
  });
}

Result<const NameAddr*, ParseError> Message::to() const {
  return lazy<NameAddr>(cache_.to, [&](NameAddr& na) {
    const auto* h = header(HeaderId::kTo);
    if (!h) return ParseError::kMissingHeader;
    auto e = parse_name_addr_into(h->value, limits_.max_uri_length, false, na);
    return e == ParseError::kNone ? e : name_addr_error(HeaderId::kTo, e);
  });
}

Result<const NameAddr*, ParseError> Message::contact() const {
  return lazy<NameAddr>(cache_.contact, [&](NameAddr& na) {
    const auto* h = header(HeaderId::kContact);
    if (!h) return ParseError::kMissingHeader;
    auto e = parse_name_addr_into(h->value, limits_.max_uri_length, true, na);
    return e == ParseError::kNone ? e : name_addr_error(HeaderId::kContact, e);
  });
}

Result<std::vector<NameAddr>, ParseError> Message::contacts() const {
  return routes(HeaderId::kContact);
}

Result<std::vector<NameAddr>, ParseError> Message::routes(HeaderId id) const {
  std::vector<NameAddr> out;
  for (const auto& h : headers_) {
    if (h.id != id) continue;
    auto r = parse_name_addr(h.value, limits_.max_uri_length, id == HeaderId::kContact);
    if (!r) return unexpected(name_addr_error(id, r.error()));
    out.push_back(*r);
  }
  return out;
}

Result<std::string_view, ParseError> Message::call_id() const {
  auto r = lazy<std::string_view>(cache_.call_id, [&]() -> Result<std::string_view, ParseError> {
    const auto* h = header(HeaderId::kCallId);
    if (!h) return unexpected(ParseError::kMissingHeader);
    if (!valid_call_id(h->value)) return unexpected(ParseError::kBadCallId);
    return h->value;
  });
  if (!r) return unexpected(r.error());
  return **r;
}

Result<CSeq, ParseError> Message::cseq() const {
  auto r = lazy<CSeq>(cache_.cseq, [&]() -> Result<CSeq, ParseError> {
    const auto* h = header(HeaderId::kCSeq);
    if (!h) return unexpected(ParseError::kMissingHeader);
    return parse_cseq(h->value);
  });
  if (!r) return unexpected(r.error());
  return **r;
}

Result<uint32_t, ParseError> Message::max_forwards() const {
  const auto* h = header(HeaderId::kMaxForwards);
  if (!h) return unexpected(ParseError::kMissingHeader);
  // Max-Forwards = 1*DIGIT; RFC 4475 §3.1.2.4 treats values above 255 as out of range.
  auto n = scan::parse_uint<uint32_t>(h->value, 255);
  if (!n) return unexpected(ParseError::kBadMaxForwards);
  return *n;
}

Result<uint32_t, ParseError> Message::expires() const {
  const auto* h = header(HeaderId::kExpires);
  if (!h) return unexpected(ParseError::kMissingHeader);
  auto n = scan::parse_uint<uint32_t>(h->value, UINT32_MAX);
  if (!n) return unexpected(ParseError::kBadExpires);
  return *n;
}

Result<DigestParams, ParseError> Message::auth(HeaderId id) const {
  const auto* h = header(id);
  if (!h) return unexpected(ParseError::kMissingHeader);
  return parse_auth(h->value);
}

std::string_view Message::content_type() const {
  const auto* h = header(HeaderId::kContentType);
  if (!h) return {};
  return scan::trim(h->value.substr(0, h->value.find(';')));
}

std::string_view Message::user_agent() const {
  const auto* h = header(HeaderId::kUserAgent);
  return h ? h->value : std::string_view{};
}

std::string_view Message::server() const {
  const auto* h = header(HeaderId::kServer);
  return h ? h->value : std::string_view{};
}

Result<void, ParseError> Message::validate() const {
  if (is_request()) {
    if (auto r = request_uri(); !r) return unexpected(r.error());
  }
  bool seen_via = false, seen_from = false, seen_to = false, seen_call_id = false, seen_cseq = false,
       seen_max_forwards = false, seen_expires = false, seen_contact = false;
  NameAddr other;  // Contact values after the first
  Via other_via;   // Via values after the top one
  auto once = [](bool& seen) {
    if (seen) return false;
    seen = true;
    return true;
  };
  for (const auto& h : headers_) {
    switch (h.id) {
      case HeaderId::kVia: {
        if (!seen_via) {
          seen_via = true;
          if (auto r = top_via(); !r) return unexpected(ParseError::kBadVia);
        } else if (parse_via_into(h.value, other_via) != ParseError::kNone) {
          return unexpected(ParseError::kBadVia);
        }
        break;
      }
      case HeaderId::kFrom:
        if (!once(seen_from)) return unexpected(ParseError::kDuplicateSingleHeader);
        if (auto r = from(); !r) return unexpected(r.error());
        break;
      case HeaderId::kTo:
        if (!once(seen_to)) return unexpected(ParseError::kDuplicateSingleHeader);
        if (auto r = to(); !r) return unexpected(r.error());
        break;
      case HeaderId::kCallId:
        if (!once(seen_call_id)) return unexpected(ParseError::kDuplicateSingleHeader);
        if (auto r = call_id(); !r) return unexpected(r.error());
        break;
      case HeaderId::kCSeq: {
        if (!once(seen_cseq)) return unexpected(ParseError::kDuplicateSingleHeader);
        auto r = cseq();
        if (!r) return unexpected(r.error());
        // RFC 3261 §8.1.1.5: the CSeq method MUST match the request method (RFC 4475 §3.1.2.17).
        if (is_request() && r->method_name != method_name_) return unexpected(ParseError::kCSeqMethodMismatch);
        break;
      }
      case HeaderId::kMaxForwards:
        if (!once(seen_max_forwards)) return unexpected(ParseError::kDuplicateSingleHeader);
        if (auto r = max_forwards(); !r) return unexpected(r.error());
        break;
      case HeaderId::kExpires:
        if (!once(seen_expires)) return unexpected(ParseError::kDuplicateSingleHeader);
        if (auto r = expires(); !r) return unexpected(r.error());
        break;
      case HeaderId::kContact: {
        // The first Contact is parsed into the cache (handlers read it again); the others in place.
        const NameAddr* na = nullptr;
        if (!seen_contact) {
          seen_contact = true;
          auto r = contact();
          if (!r) return unexpected(r.error());
          na = *r;
        } else {
          auto e = parse_name_addr_into(h.value, limits_.max_uri_length, true, other);
          if (e != ParseError::kNone) return unexpected(name_addr_error(HeaderId::kContact, e));
          na = &other;
        }
        if (auto e = na->params.get("expires"); e && !scan::parse_uint<uint32_t>(*e, UINT32_MAX)) {
          return unexpected(ParseError::kBadContact);
        }
        break;
      }
      default:
        break;
    }
  }
  if (!seen_via || !seen_from || !seen_to || !seen_call_id || !seen_cseq) {
    return unexpected(ParseError::kMissingRequiredHeader);
  }
  return {};
}

}  // namespace vg::sip
