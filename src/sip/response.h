// Builds a response to a request (RFC 3261 §8.2.6): status line, Via (all values, in order), From,
// To (with our tag added unless present or the status is 100), Call-ID, CSeq, extra headers, body.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "sip/message.h"

namespace vg::sip {

using HeaderPair = std::pair<std::string_view, std::string_view>;

// The request must have passed Message::validate(). to_tag may be empty (then none is added).
// Header values must not contain CR or LF (callers build them from validated data).
std::string build_response(const Message& request, int status, std::string_view reason, std::string_view to_tag,
                           std::initializer_list<HeaderPair> extra = {}, std::string_view body = {},
                           std::string_view content_type = {});

// The standard reason phrase of a status code ("Bad Request"), or "Unknown".
std::string_view default_reason(int status);

}  // namespace vg::sip
