#include "sip/header_id.h"

#include <array>

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

// kEntries indices by (name length, lower-case first letter): at most a few names share both
// (Call-ID/Contact, Content-Encoding/Content-Language), so a lookup compares one or two names.
constexpr size_t kMaxNameLength = 20;
constexpr size_t kPerCell = 3;
struct LengthLetterIndex {
  std::array<std::array<std::array<uint8_t, kPerCell>, 26>, kMaxNameLength + 1> ids{};
  constexpr LengthLetterIndex() {
    for (size_t i = 1; i < std::size(kEntries); ++i) {
      char c = kEntries[i].name[0];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      auto& cell = ids[kEntries[i].name.size()][static_cast<size_t>(c - 'a')];  // not constexpr unless a letter
      size_t used = 0;
      while (cell[used] != 0) ++used;  // out of range (not constexpr) if a cell overflows
      cell[used] = static_cast<uint8_t>(i);
    }
  }
};
constexpr LengthLetterIndex kByLengthLetter{};

// Canonical names lower-cased, with 0x20 wherever the canonical byte is a letter: (c | fold) == lower
// holds exactly when c is that letter in either case, or the same non-letter byte.
struct FoldedNames {
  std::array<std::array<char, 20>, std::size(kEntries)> lower{}, fold{};
  constexpr FoldedNames() {
    for (size_t i = 0; i < std::size(kEntries); ++i) {
      const auto name = kEntries[i].name;
      for (size_t j = 0; j < name.size(); ++j) {
        const char c = name[j];
        const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        lower[i][j] = letter ? static_cast<char>(c | 0x20) : c;
        fold[i][j] = letter ? static_cast<char>(0x20) : static_cast<char>(0);
      }
    }
  }
};
constexpr FoldedNames kFolded{};

bool equals_entry(size_t i, std::string_view name) {
  const auto& lower = kFolded.lower[i];
  const auto& fold = kFolded.fold[i];
  for (size_t j = 0; j < name.size(); ++j) {
    if ((name[j] | fold[j]) != lower[j]) return false;
  }
  return true;
}

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
  if (name.empty() || name.size() > kMaxNameLength) return HeaderId::kUnknown;
  // Every header line is looked up: only the names with this length and first letter are compared.
  const char first = scan::lower(name[0]);
  if (first < 'a' || first > 'z') return HeaderId::kUnknown;
  for (uint8_t i : kByLengthLetter.ids[name.size()][static_cast<size_t>(first - 'a')]) {
    if (i == 0) break;
    if (equals_entry(i, name)) return kEntries[i].id;
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
