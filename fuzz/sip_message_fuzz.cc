// Fuzz target: SIP message parsing, validation, every typed accessor, and the editor's output
// re-parsing. Any crash, sanitizer report or broken invariant (abort) is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sip/editor.h"
#include "sip/message.h"

namespace {

template <class T>
void touch(const T& v) {
  volatile size_t sink = sizeof(v);
  (void)sink;
}

void touch_uri(const vg::sip::Uri& u) {
  touch(u.user.size() + u.host.size() + u.port + u.params.raw().size());
  (void)u.params.get("transport");
  (void)u.params.get("lr");
  std::string un;
  (void)vg::sip::unescape(u.user, un);
}

void exercise(const vg::sip::Message& m) {
  if (auto r = m.request_uri()) touch_uri(**r);
  if (auto v = m.top_via()) {
    touch((*v)->branch.size() + (*v)->port);
    (void)(*v)->rfc3261_branch();
  }
  (void)m.vias();
  if (auto f = m.from()) {
    touch_uri((*f)->uri);
    (void)(*f)->tag();
  }
  if (auto t = m.to()) (void)(*t)->tag();
  (void)m.call_id();
  (void)m.cseq();
  (void)m.max_forwards();
  (void)m.expires();
  (void)m.contact();
  if (auto cs = m.contacts()) {
    for (const auto& c : *cs) (void)c.params.get("expires");
  }
  (void)m.routes(vg::sip::HeaderId::kRoute);
  (void)m.routes(vg::sip::HeaderId::kRecordRoute);
  (void)m.auth(vg::sip::HeaderId::kAuthorization);
  (void)m.auth(vg::sip::HeaderId::kProxyAuthenticate);
  (void)m.content_type();
  (void)m.user_agent();
  for (const auto& h : m.headers()) touch(h.value.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  for (bool stream : {false, true}) {
    vg::sip::ParseOptions opts;
    opts.stream = stream;
    auto m = vg::sip::Message::parse(input, opts);
    if (!m) continue;
    const bool valid = m->validate().has_value();
    exercise(*m);
    if (!valid) continue;
    // A valid message edited the way a proxy edits it must still parse and validate.
    vg::sip::Editor e(*m);
    e.push_via("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKfuzz").remove(vg::sip::HeaderId::kRoute);
    std::string out = e.serialize();
    auto again = vg::sip::Message::parse(out);
    if (!again && out.size() <= vg::sip::kMaxMessageSize) std::abort();
  }
  return 0;
}
