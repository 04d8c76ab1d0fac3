#include "sip/response.h"

namespace vg::sip {

std::string_view default_reason(int status) {
  switch (status) {
    case 100: return "Trying";
    case 180: return "Ringing";
    case 183: return "Session Progress";
    case 200: return "OK";
    case 202: return "Accepted";
    case 301: return "Moved Permanently";
    case 302: return "Moved Temporarily";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 407: return "Proxy Authentication Required";
    case 408: return "Request Timeout";
    case 413: return "Request Entity Too Large";
    case 414: return "Request-URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Unsupported URI Scheme";
    case 420: return "Bad Extension";
    case 423: return "Interval Too Brief";
    case 480: return "Temporarily Unavailable";
    case 481: return "Call/Transaction Does Not Exist";
    case 482: return "Loop Detected";
    case 483: return "Too Many Hops";
    case 484: return "Address Incomplete";
    case 486: return "Busy Here";
    case 487: return "Request Terminated";
    case 488: return "Not Acceptable Here";
    case 491: return "Request Pending";
    case 500: return "Server Internal Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Server Time-out";
    case 505: return "Version Not Supported";
    case 513: return "Message Too Large";
    case 600: return "Busy Everywhere";
    case 603: return "Decline";
    case 604: return "Does Not Exist Anywhere";
    case 606: return "Not Acceptable";
    default: return "Unknown";
  }
}

std::string build_response(const Message& request, int status, std::string_view reason, std::string_view to_tag,
                           std::initializer_list<HeaderPair> extra, std::string_view body,
                           std::string_view content_type) {
  std::string out;
  out.reserve(512 + body.size());
  out.append("SIP/2.0 ");
  out.append(std::to_string(status));
  out.push_back(' ');
  out.append(reason.empty() ? default_reason(status) : reason);
  out.append("\r\n");
  auto add = [&out](std::string_view name, std::string_view value) {
    out.append(name);
    out.append(": ");
    out.append(value);
    out.append("\r\n");
  };
  // RFC 3261 §8.2.6.2: Via, From, To, Call-ID and CSeq copied; Via values in order.
  for (const auto& h : request.headers()) {
    if (h.id == HeaderId::kVia) add("Via", h.value);
  }
  if (const auto* h = request.header(HeaderId::kFrom)) add("From", h->value);
  if (const auto* h = request.header(HeaderId::kTo)) {
    auto to = request.to();
    const bool has_tag = to && (*to)->tag().has_value();
    if (!has_tag && !to_tag.empty() && status != 100) {
      out.append("To: ");
      out.append(h->value);
      out.append(";tag=");
      out.append(to_tag);
      out.append("\r\n");
    } else {
      add("To", h->value);
    }
  }
  if (const auto* h = request.header(HeaderId::kCallId)) add("Call-ID", h->value);
  if (const auto* h = request.header(HeaderId::kCSeq)) add("CSeq", h->value);
  // RFC 3261 §8.2.6.1: a 100 Trying copies Timestamp.
  if (status == 100) {
    if (const auto* h = request.header(HeaderId::kTimestamp)) add("Timestamp", h->value);
  }
  for (const auto& [name, value] : extra) add(name, value);
  if (!body.empty() && !content_type.empty()) add("Content-Type", content_type);
  add("Content-Length", std::to_string(body.size()));
  out.append("\r\n");
  out.append(body);
  return out;
}

}  // namespace vg::sip
