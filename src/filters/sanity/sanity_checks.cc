#include "filters/sanity/sanity_checks.h"

namespace vg::filters::sanity {

using sip::HeaderId;
using sip::Method;

std::optional<Problem> check_request(const sip::Message& m) {
  // RFC 3261 §16.3 step 2 / §8.2.2.1: a scheme we cannot route is 416.
  if (auto ruri = m.request_uri(); ruri && (*ruri)->scheme == sip::UriScheme::kOther) {
    return Problem{416, "Unsupported URI Scheme", "uri_scheme",
                   "Request-URI scheme " + std::string((*ruri)->scheme_name.substr(0, 16)), {}, {}};
  }
  // RFC 3261 §16.3 step 6: Proxy-Require options we do not understand (we implement none) -> 420,
  // listing them in Unsupported.
  if (m.header(HeaderId::kProxyRequire) && m.method() != Method::kAck && m.method() != Method::kCancel) {
    std::string tags;
    for (const auto& h : m.headers()) {
      if (h.id != HeaderId::kProxyRequire) continue;
      if (!tags.empty()) tags += ", ";
      tags += std::string(h.value.substr(0, 64));
      if (tags.size() > 200) break;
    }
    return Problem{420, "Bad Extension", "proxy_require", "Proxy-Require: " + tags, "Unsupported", tags};
  }
  // RFC 3261 §8.1.1.8: an INVITE MUST carry one Contact with one SIP URI; without it no in-dialog
  // request can reach the caller (and scanners often omit it).
  if (m.method() == Method::kInvite && m.header_count(HeaderId::kContact) != 1) {
    return Problem{400, "Bad Request (INVITE needs exactly one Contact)", "invite_contact",
                   std::to_string(m.header_count(HeaderId::kContact)) + " Contact values", {}, {}};
  }
  // RFC 3261 §20.15: a body needs a Content-Type.
  if (!m.body().empty() && !m.header(HeaderId::kContentType)) {
    return Problem{400, "Bad Request (body without Content-Type)", "content_type",
                   std::to_string(m.body().size()) + " body bytes without Content-Type", {}, {}};
  }
  return std::nullopt;
}

}  // namespace vg::filters::sanity
