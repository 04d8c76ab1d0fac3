// Closed set of reasons why a SIP message is rejected, each with a short operator-facing text.
#pragma once

#include <cstdint>
#include <string_view>

namespace vg::sip {

enum class ParseError : uint8_t {
  kNone = 0,
  kEmpty,
  kTooLarge,
  kNulByte,
  kHeaderSectionUnterminated,
  kTooManyHeaders,
  kHeaderLineTooLong,
  kBadStartLine,
  kBadMethod,
  kBadRequestUri,
  kUriTooLong,
  kBadVersion,
  kBadStatusCode,
  kBadReasonPhrase,
  kBadHeaderName,
  kMalformedHeader,
  kBadContentLength,
  kContentLengthConflict,
  kBodyTruncated,
  kMissingRequiredHeader,
  kDuplicateSingleHeader,
  kBadCSeq,
  kCSeqMethodMismatch,
  kBadVia,
  kBadFrom,
  kBadTo,
  kBadCallId,
  kBadMaxForwards,
  kBadContact,
  kBadExpires,
  kBadUri,
  kBadNameAddr,
  kBadAuth,
  kBadHeaderValue,
  kMissingHeader,
};

// Stable identifier, e.g. "kBadVia" (used in fixtures and JSON output).
std::string_view error_name(ParseError e);
// Short human-readable reason, e.g. "malformed Via header".
std::string_view describe(ParseError e);

}  // namespace vg::sip
