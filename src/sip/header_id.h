// Known SIP header names: case-insensitive lookup including compact forms (RFC 3261 §7.3.3),
// canonical spelling, and which headers are comma-separated lists.
#pragma once

#include <cstdint>
#include <string_view>

namespace vg::sip {

enum class HeaderId : uint8_t {
  kUnknown = 0,
  kVia,
  kFrom,
  kTo,
  kCallId,
  kCSeq,
  kMaxForwards,
  kContact,
  kContentLength,
  kContentType,
  kContentEncoding,
  kContentDisposition,
  kContentLanguage,
  kSubject,
  kSupported,
  kRoute,
  kRecordRoute,
  kExpires,
  kMinExpires,
  kAuthorization,
  kProxyAuthorization,
  kWwwAuthenticate,
  kProxyAuthenticate,
  kAuthenticationInfo,
  kUserAgent,
  kServer,
  kAllow,
  kRequire,
  kProxyRequire,
  kUnsupported,
  kAccept,
  kAcceptEncoding,
  kAcceptLanguage,
  kDate,
  kEvent,
  kAllowEvents,
  kReferTo,
  kReferredBy,
  kSessionExpires,
  kIdentity,
  kRetryAfter,
  kPath,
  kServiceRoute,
  kTimestamp,
  kWarning,
  kOrganization,
  kPriority,
  kMimeVersion,
  kSubscriptionState,
  kRSeq,
  kRAck,
  kPAssertedIdentity,
  kPPreferredIdentity,
  kPrivacy,
  kReason,
  kCount_,  // number of ids; not a header
};

// Identifies a header by name as written (any case, compact form allowed). kUnknown if not known.
HeaderId lookup_header(std::string_view name);
// Canonical spelling, e.g. "Call-ID"; empty for kUnknown.
std::string_view canonical_name(HeaderId id);
// True for headers whose values are comma-separated lists that may be split into several fields
// (RFC 3261 §7.3.1). Authorization-style headers are not: their commas separate parameters.
bool is_list_header(HeaderId id);

}  // namespace vg::sip
