// Fuzz target: SDP parsing, every typed accessor, and the rewriter (unchanged and a gateway-style
// rewrite) with its output parsed again. Any crash, sanitizer report or broken invariant (abort)
// is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sdp/parser.h"
#include "sdp/rewriter.h"

namespace {

using namespace vg::sdp;

void check(bool ok) {
  if (!ok) std::abort();
}

template <class T>
void touch(const T& v) {
  volatile size_t sink = sizeof(v);
  (void)sink;
}

// Every view must point inside the parsed text.
struct Bounds {
  std::string_view text;
  void view(std::string_view v) const {
    if (v.empty()) return;
    check(v.data() >= text.data() && v.data() + v.size() <= text.data() + text.size());
  }
};

// The parser validated every attribute it knows, so the typed parsers must accept them again.
void typed_attributes(AttributeRange range, const Bounds& b) {
  for (const Attribute& a : range) {
    b.view(a.name);
    b.view(a.value);
    if (attribute_name_matches(a.name, "rtpmap")) check(parse_rtpmap(a.value).has_value());
    if (attribute_name_matches(a.name, "fmtp")) check(parse_fmtp(a.value).has_value());
    if (attribute_name_matches(a.name, "rtcp")) check(parse_rtcp(a.value).has_value());
    if (attribute_name_matches(a.name, "crypto")) {
      auto c = parse_crypto(a.value);
      check(c.has_value());
      for (const KeyParam& k : c->key_params()) {
        b.view(k.key_salt);
        uint8_t key[64];
        const auto n = base64_decode(k.key_salt, key);
        if (auto need = key_salt_size(c->suite)) check(n && *n == *need);
      }
    }
    if (attribute_name_matches(a.name, "fingerprint")) check(parse_fingerprint(a.value).has_value());
    if (attribute_name_matches(a.name, "setup")) check(parse_setup(a.value).has_value());
    if (attribute_name_matches(a.name, "ice-ufrag") || attribute_name_matches(a.name, "ice-pwd")) {
      check(parse_ice_credential(a.value).has_value());
    }
    if (attribute_name_matches(a.name, "ice-options")) check(parse_ice_options(a.value).has_value());
    if (attribute_name_matches(a.name, "candidate")) {
      auto c = parse_candidate(a.value);
      check(c.has_value());
      b.view(c->address);
      b.view(c->extensions);
    }
    if (attribute_name_matches(a.name, "mid")) check(parse_mid(a.value).has_value());
    if (attribute_name_matches(a.name, "ptime") || attribute_name_matches(a.name, "maxptime")) {
      check(parse_ptime(a.value).has_value());
    }
  }
}

void accessors(const SessionDescription& sd, const Bounds& b) {
  const Origin& o = sd.origin();
  b.view(o.username);
  b.view(o.address);
  b.view(sd.session_name());
  for (char t : std::string_view("iuepbtrzk")) {
    if (auto f = sd.field(t)) b.view(*f);
  }
  if (const auto& c = sd.connection()) b.view(c->address);
  touch(sd.direction());
  touch(sd.setup());
  touch(sd.ice_ufrag());
  touch(sd.ice_pwd());
  touch(sd.ice_options());
  for (const Fingerprint& f : sd.fingerprints()) b.view(f.value);
  typed_attributes(sd.attributes(), b);

  for (const MediaDescription& m : sd.media()) {
    b.view(m.media());
    b.view(m.proto());
    check(m.port_count() >= 1);
    check(m.lines().front().type == 'm');
    check(m.port() == 0 || m.effective_connection().has_value());
    for (std::string_view fmt : m.format_list()) {
      b.view(fmt);
      touch(m.fmtp(fmt));
      if (m.is_rtp()) {
        check(!fmt.empty() && fmt.size() <= 3);
        unsigned pt = 0;
        for (char c : fmt) pt = pt * 10 + static_cast<unsigned>(c - '0');
        check(pt <= 127);
        touch(m.rtpmap(static_cast<uint8_t>(pt)));
      }
    }
    if (auto c = m.connection()) b.view(c->address);
    for (const Rtpmap& r : m.rtpmaps()) check(r.payload_type <= 127 && r.clock_rate > 0);
    for (const Fmtp& f : m.fmtps()) b.view(f.params);
    for (const Crypto& c : m.cryptos()) check(c.key_params().size() >= 1);
    for (const Candidate& c : m.candidates()) check(c.component >= 1);
    for (const Fingerprint& f : m.fingerprints()) check(f.digest_size >= 1);
    touch(m.direction());
    touch(m.rtcp());
    touch(m.rtcp_mux());
    touch(m.fingerprint());
    touch(m.setup());
    touch(m.ice_ufrag());
    touch(m.ice_pwd());
    touch(m.ice_options());
    touch(m.mid());
    touch(m.ptime());
    touch(m.maxptime());
    typed_attributes(m.attributes(), b);
  }
}

// Unchanged: the output parses to the same lines.
void unchanged_round_trip(const SessionDescription& sd) {
  auto out = rewrite(sd, Rewrite{});
  check(out.has_value());
  auto again = vg::sdp::detail::parse_unclamped(*out, Limits{SIZE_MAX, SIZE_MAX, kMaxMediaSections, SIZE_MAX});
  check(again.has_value());
  check(again->lines().size() == sd.lines().size());
  for (size_t i = 0; i < sd.lines().size(); ++i) {
    check(again->lines()[i].type == sd.lines()[i].type);
    check(again->lines()[i].value == sd.lines()[i].value);
  }
}

// What a relaying gateway does: its own addresses and ports, SDES keys replaced, ICE stripped.
void gateway_rewrite(const SessionDescription& sd) {
  static constexpr std::string_view kCrypto =
      "1 AES_CM_128_HMAC_SHA1_80 inline:BwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMk|2^31";
  Rewrite rw;
  rw.session_address = "192.0.2.1";
  rw.origin_address = "2001:db8::1";
  rw.remove_attributes = {"crypto", "candidate", "ice-*", "end-of-candidates"};
  rw.add_session_attributes = {{"x-voipguard", "1"}};
  for (const MediaDescription& m : sd.media()) {
    MediaRewrite e;
    e.address = m.index() % 2 == 0 ? std::string_view("198.51.100.7") : std::string_view("2001:db8::7");
    if (m.port() != 0) e.port = static_cast<uint16_t>(40000 + 2 * m.index());
    if (m.is_rtp()) {
      e.proto = m.proto() == "RTP/AVP" ? std::string_view("RTP/SAVP") : std::string_view("RTP/AVP");
      e.add_attributes = {{"crypto", kCrypto}};
    }
    rw.media.push_back(e);
  }
  auto out = rewrite(sd, rw);
  check(out.has_value());
  auto r = vg::sdp::detail::parse_unclamped(*out, Limits{SIZE_MAX, SIZE_MAX, kMaxMediaSections, SIZE_MAX});
  check(r.has_value());
  check(r->media().size() == sd.media().size());
  check(r->connection() && r->connection()->address == "192.0.2.1");
  check(r->origin().address == "2001:db8::1");
  for (size_t i = 0; i < out->size(); ++i) {
    if ((*out)[i] == '\n') check(i > 0 && (*out)[i - 1] == '\r');  // CRLF only
  }
  for (const MediaDescription& m : r->media()) {
    const MediaDescription& before = sd.media()[m.index()];
    check(m.connection() && m.connection()->address == rw.media[m.index()].address);
    check(m.port() == rw.media[m.index()].port.value_or(before.port()));
    check(m.candidates().empty());
    check(!m.ice_ufrag());
    size_t cryptos = 0;
    for (const Crypto& c : m.cryptos()) cryptos += c.tag == 1 ? 1 : 100;
    check(cryptos == (before.is_rtp() ? 1u : 0u));
    if (auto rtcp = m.rtcp(); rtcp && !rtcp->address.empty()) check(rtcp->address == m.connection()->address);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto sd = parse(text);
  if (!sd) {
    check(!describe(sd.error()).empty());
    return 0;
  }
  accessors(*sd, Bounds{text});
  unchanged_round_trip(*sd);
  gateway_rewrite(*sd);
  return 0;
}
