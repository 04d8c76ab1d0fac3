#include "sip/error.h"

namespace vg::sip {

namespace {
struct ErrorText {
  std::string_view name;
  std::string_view text;
};

constexpr ErrorText kTexts[] = {
    {"kNone", "no error"},
    {"kEmpty", "empty message"},
    {"kTooLarge", "message larger than the configured limit"},
    {"kNulByte", "NUL byte in the start line or header section"},
    {"kHeaderSectionUnterminated", "header section not terminated by an empty line"},
    {"kTooManyHeaders", "more header fields than the configured limit"},
    {"kHeaderLineTooLong", "header line longer than the configured limit"},
    {"kBadStartLine", "malformed start line"},
    {"kBadMethod", "malformed method token"},
    {"kBadRequestUri", "malformed Request-URI"},
    {"kUriTooLong", "URI longer than the configured limit"},
    {"kBadVersion", "unsupported or malformed SIP version"},
    {"kBadStatusCode", "status code not in 100..699"},
    {"kBadReasonPhrase", "malformed reason phrase"},
    {"kBadHeaderName", "malformed header name"},
    {"kMalformedHeader", "header line without a colon or with stray control characters"},
    {"kBadContentLength", "Content-Length is not a non-negative number within limits"},
    {"kContentLengthConflict", "more than one Content-Length header"},
    {"kBodyTruncated", "body shorter than Content-Length"},
    {"kMissingRequiredHeader", "required header missing (Via, From, To, Call-ID, CSeq)"},
    {"kDuplicateSingleHeader", "single-valued header appears more than once"},
    {"kBadCSeq", "malformed CSeq header"},
    {"kCSeqMethodMismatch", "CSeq method differs from the request method"},
    {"kBadVia", "malformed Via header"},
    {"kBadFrom", "malformed From header"},
    {"kBadTo", "malformed To header"},
    {"kBadCallId", "malformed Call-ID header"},
    {"kBadMaxForwards", "Max-Forwards is not a number in 0..255"},
    {"kBadContact", "malformed Contact header"},
    {"kBadExpires", "Expires is not a number in 0..2^32-1"},
    {"kBadUri", "malformed URI"},
    {"kBadNameAddr", "malformed name-addr"},
    {"kBadAuth", "malformed authentication header"},
    {"kBadHeaderValue", "malformed header value"},
    {"kMissingHeader", "header not present"},
};
static_assert(sizeof(kTexts) / sizeof(kTexts[0]) == static_cast<size_t>(ParseError::kMissingHeader) + 1,
              "every ParseError needs a text");
}  // namespace

std::string_view error_name(ParseError e) {
  auto i = static_cast<size_t>(e);
  return i < std::size(kTexts) ? kTexts[i].name : "kUnknown";
}

std::string_view describe(ParseError e) {
  auto i = static_cast<size_t>(e);
  return i < std::size(kTexts) ? kTexts[i].text : "unknown error";
}

}  // namespace vg::sip
