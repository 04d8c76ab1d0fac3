#include "sip/header_id.h"

#include "sip/scan.h"

namespace vg::sip {

namespace {

struct Entry {
  std::string_view name;
  HeaderId id;
  bool list;
};

// Canonical names, in HeaderId order (index = id).
constexpr Entry kEntries[] = {
    {"", HeaderId::kUnknown, false},
    {"Via", HeaderId::kVia, true},
    {"From", HeaderId::kFrom, false},
    {"To", HeaderId::kTo, false},
    {"Call-ID", HeaderId::kCallId, false},
    {"CSeq", HeaderId::kCSeq, false},
    {"Max-Forwards", HeaderId::kMaxForwards, false},
    {"Contact", HeaderId::kContact, true},
    {"Content-Length", HeaderId::kContentLength, false},
    {"Content-Type", HeaderId::kContentType, false},
    {"Content-Encoding", HeaderId::kContentEncoding, true},
    {"Content-Disposition", HeaderId::kContentDisposition, false},
    {"Content-Language", HeaderId::kContentLanguage, true},
    {"Subject", HeaderId::kSubject, false},
    {"Supported", HeaderId::kSupported, true},
    {"Route", HeaderId::kRoute, true},
    {"Record-Route", HeaderId::kRecordRoute, true},
    {"Expires", HeaderId::kExpires, false},
    {"Min-Expires", HeaderId::kMinExpires, false},
    {"Authorization", HeaderId::kAuthorization, false},
    {"Proxy-Authorization", HeaderId::kProxyAuthorization, false},
    {"WWW-Authenticate", HeaderId::kWwwAuthenticate, false},
    {"Proxy-Authenticate", HeaderId::kProxyAuthenticate, false},
    {"Authentication-Info", HeaderId::kAuthenticationInfo, false},
    {"User-Agent", HeaderId::kUserAgent, false},
    {"Server", HeaderId::kServer, false},
    {"Allow", HeaderId::kAllow, true},
    {"Require", HeaderId::kRequire, true},
    {"Proxy-Require", HeaderId::kProxyRequire, true},
    {"Unsupported", HeaderId::kUnsupported, true},
    {"Accept", HeaderId::kAccept, true},
    {"Accept-Encoding", HeaderId::kAcceptEncoding, true},
    {"Accept-Language", HeaderId::kAcceptLanguage, true},
    {"Date", HeaderId::kDate, false},
    {"Event", HeaderId::kEvent, false},
    {"Allow-Events", HeaderId::kAllowEvents, true},
    {"Refer-To", HeaderId::kReferTo, false},
    {"Referred-By", HeaderId::kReferredBy, false},
    {"Session-Expires", HeaderId::kSessionExpires, false},
    {"Identity", HeaderId::kIdentity, false},
    {"Retry-After", HeaderId::kRetryAfter, false},
    {"Path", HeaderId::kPath, true},
    {"Service-Route", HeaderId::kServiceRoute, true},
    {"Timestamp", HeaderId::kTimestamp, false},
    {"Warning", HeaderId::kWarning, false},
    {"Organization", HeaderId::kOrganization, false},
    {"Priority", HeaderId::kPriority, false},
    {"MIME-Version", HeaderId::kMimeVersion, false},
    {"Subscription-State", HeaderId::kSubscriptionState, false},
    {"RSeq", HeaderId::kRSeq, false},
    {"RAck", HeaderId::kRAck, false},
    {"P-Asserted-Identity", HeaderId::kPAssertedIdentity, true},
    {"P-Preferred-Identity", HeaderId::kPPreferredIdentity, true},
    {"Privacy", HeaderId::kPrivacy, false},
    {"Reason", HeaderId::kReason, false},
};
static_assert(std::size(kEntries) == static_cast<size_t>(HeaderId::kCount_), "kEntries must list every HeaderId");

constexpr bool entries_in_order() {
  for (size_t i = 0; i < std::size(kEntries); ++i) {
    if (static_cast<size_t>(kEntries[i].id) != i) return false;
  }
  return true;
}
static_assert(entries_in_order(), "kEntries must be in HeaderId order");

// RFC 3261 §7.3.3 compact forms and later RFCs (o: RFC 6665, u: RFC 6665, r/b: RFC 3515/3892,
// x: RFC 4028, y: RFC 8224).
HeaderId compact(char c) {
  switch (scan::lower(c)) {
    case 'i': return HeaderId::kCallId;
    case 'm': return HeaderId::kContact;
    case 'f': return HeaderId::kFrom;
    case 't': return HeaderId::kTo;
    case 'v': return HeaderId::kVia;
    case 'l': return HeaderId::kContentLength;
    case 'c': return HeaderId::kContentType;
    case 'k': return HeaderId::kSupported;
    case 's': return HeaderId::kSubject;
    case 'e': return HeaderId::kContentEncoding;
    case 'o': return HeaderId::kEvent;
    case 'u': return HeaderId::kAllowEvents;
    case 'r': return HeaderId::kReferTo;
    case 'b': return HeaderId::kReferredBy;
    case 'x': return HeaderId::kSessionExpires;
    case 'y': return HeaderId::kIdentity;
    default: return HeaderId::kUnknown;
  }
}

}  // namespace

HeaderId lookup_header(std::string_view name) {
  if (name.size() == 1) return compact(name[0]);
  if (name.empty() || name.size() > 20) return HeaderId::kUnknown;
  // Cheap pre-filter on length and first letter before the case-insensitive compare.
  const char first = scan::lower(name[0]);
  for (size_t i = 1; i < std::size(kEntries); ++i) {
    const auto& e = kEntries[i];
    if (e.name.size() == name.size() && scan::lower(e.name[0]) == first && scan::iequals(e.name, name)) {
      return e.id;
    }
  }
  return HeaderId::kUnknown;
}

std::string_view canonical_name(HeaderId id) {
  auto i = static_cast<size_t>(id);
  return i < std::size(kEntries) ? kEntries[i].name : std::string_view{};
}

bool is_list_header(HeaderId id) {
  auto i = static_cast<size_t>(id);
  return i < std::size(kEntries) && kEntries[i].list;
}

}  // namespace vg::sip
