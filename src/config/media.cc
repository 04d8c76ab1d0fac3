// Readers for the media relay section and the per-tenant/per-account SRTP policy keys.
#include "config/sections.h"

namespace vg::config::detail {

namespace {

constexpr EnumName<SrtpMode> kSrtpModes[] = {
    {"offer", SrtpMode::kOffer}, {"require", SrtpMode::kRequire}, {"bridge", SrtpMode::kBridge}};

bool read_ip(Diagnostics& d, const Field& f, IpAddress& out) {
  std::string text;
  if (!read_string(d, f, text)) return false;
  auto ip = IpAddress::parse(text);
  if (!ip) {
    d.error(f.mark(), f.path, "must be an IPv4 or IPv6 address literal, got " + quote(text));
    return false;
  }
  out = *ip;
  return true;
}

}  // namespace

void read_media(Diagnostics& d, const Field& f, MediaConfig& out) {
  MapReader m(d, f);
  if (auto e = m.get("enabled")) (void)read_bool(d, *e, out.enabled);
  auto address = m.get("address");
  bool address_ok = true;
  if (address) address_ok = read_ip(d, *address, out.address);
  auto advertised = m.get("advertised");
  if (advertised && read_string(d, *advertised, out.advertised) && !IpAddress::parse(out.advertised)) {
    d.error(advertised->mark(), advertised->path,
            "must be the IPv4 or IPv6 address literal written into SDP, got " + quote(out.advertised));
  }
  // An SDP c= line cannot say "any address": a wildcard bind needs an address to advertise.
  if (address && address_ok && out.address.is_unspecified() && out.advertised.empty()) {
    d.error(address->mark(), address->path,
            "binds every address; set media.advertised to the address phones should send media to");
  }
  auto lo = m.get("port_min");
  auto hi = m.get("port_max");
  bool ports_ok = true;
  if (lo) ports_ok = read_uint(d, *lo, 1024, 65534, out.port_min) && ports_ok;
  if (hi) ports_ok = read_uint(d, *hi, 1025, 65535, out.port_max) && ports_ok;
  // Each call leg takes an even RTP port and the odd RTCP port above it; a call takes two legs.
  if (ports_ok && out.port_max < out.port_min + 3) {
    const Field& at = hi ? *hi : (lo ? *lo : f);
    d.error(at.mark(), join_path(f.path, hi ? "port_max" : "port_min"),
            "the media port range " + std::to_string(out.port_min) + "-" + std::to_string(out.port_max) +
                " must hold at least 4 ports (one call: two legs of RTP + RTCP)");
  }
  seconds_field(d, m, "inactivity_timeout", Seconds(0), Seconds(86400), out.inactivity_timeout);
  if (auto l = m.get("latch_any_source")) (void)read_bool(d, *l, out.latch_any_source);
  m.finish();
}

void read_srtp_policy(Diagnostics& d, MapReader& m, SrtpPolicy& out) {
  if (auto s = m.get("srtp")) {
    SrtpMode mode = SrtpMode::kOffer;
    if (read_enum(d, *s, kSrtpModes, mode)) out.mode = mode;
  }
  if (auto r = m.get("require_srtp")) {
    bool v = false;
    if (read_bool(d, *r, v)) out.require = v;
  }
}

}  // namespace vg::config::detail
