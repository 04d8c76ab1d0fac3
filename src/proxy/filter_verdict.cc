// Carrying out a security-pipeline verdict on a request (src/filters): a drop is silent, a reply
// is stateless (no transaction: the request goes no further).
#include "filters/pipeline.h"
#include "proxy/proxy.h"
#include "proxy/proxy_ctx.h"

namespace vg::proxy {

void ProxyCore::apply_filter_verdict(Ctx& c, const filters::Verdict& v) {
  // RFC 3261 §17.2.3: an ACK is never answered.
  if (v.action != filters::Action::kReply || c.m.method() == sip::Method::kAck) {
    ++stats_.filtered_dropped;
    return;
  }
  ++stats_.filtered_replied;
  std::string block;
  if (v.retry_after > 0) block += "Retry-After: " + std::to_string(v.retry_after) + "\r\n";
  if (!v.header_name.empty()) block += std::string(v.header_name) + ": " + v.header_value + "\r\n";
  reply_block(c, v.status, v.reason, block);
}

}  // namespace vg::proxy
