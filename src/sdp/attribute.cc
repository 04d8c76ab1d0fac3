#include "sdp/attribute.h"

#include "sdp/scan.h"

namespace vg::sdp {
namespace {

// Longest ice-ufrag / ice-pwd (RFC 8839 §5.4) and digest (SHA-512) accepted.
constexpr size_t kMaxIceCredential = 256;
constexpr size_t kMaxDigestSize = 64;
// ptime above a minute is nonsense; bounding it keeps arithmetic on it safe downstream.
constexpr uint32_t kMaxPtimeMs = 60000;

std::optional<size_t> expected_digest_size(std::string_view hash) {
  if (scan::iequals(hash, "sha-1")) return 20;
  if (scan::iequals(hash, "sha-224")) return 28;
  if (scan::iequals(hash, "sha-256")) return 32;
  if (scan::iequals(hash, "sha-384")) return 48;
  if (scan::iequals(hash, "sha-512")) return 64;
  if (scan::iequals(hash, "md5") || scan::iequals(hash, "md2")) return 16;
  return std::nullopt;
}

}  // namespace

Attribute split_attribute(std::string_view line_value) {
  Attribute a;
  const size_t colon = line_value.find(':');
  if (colon == std::string_view::npos) {
    a.name = line_value;
    return a;
  }
  a.name = line_value.substr(0, colon);
  a.value = line_value.substr(colon + 1);
  a.has_value = true;
  return a;
}

std::optional<Direction> direction_from_name(std::string_view name) {
  if (scan::iequals(name, "sendrecv")) return Direction::kSendRecv;
  if (scan::iequals(name, "sendonly")) return Direction::kSendOnly;
  if (scan::iequals(name, "recvonly")) return Direction::kRecvOnly;
  if (scan::iequals(name, "inactive")) return Direction::kInactive;
  return std::nullopt;
}

std::string_view direction_name(Direction d) {
  switch (d) {
    case Direction::kSendRecv: return "sendrecv";
    case Direction::kSendOnly: return "sendonly";
    case Direction::kRecvOnly: return "recvonly";
    case Direction::kInactive: return "inactive";
  }
  return "sendrecv";
}

Result<Rtpmap, Error> parse_rtpmap(std::string_view value) {
  constexpr auto bad = unexpected(Error::kBadRtpmap);
  std::string_view rest = scan::trim_trailing_ws(value);
  const auto pt = scan::parse_uint<uint8_t>(scan::next_field(rest, ' '), 127, 3);
  if (!pt) return bad;
  Rtpmap r;
  r.payload_type = *pt;
  r.encoding = scan::next_field(rest, '/');
  if (!scan::is_token(r.encoding)) return bad;
  const bool has_params = rest.find('/') != std::string_view::npos;
  const auto rate = scan::parse_uint<uint32_t>(scan::next_field(rest, '/'), UINT32_MAX, 10);
  if (!rate || *rate == 0) return bad;
  r.clock_rate = *rate;
  if (has_params) {
    const auto channels = scan::parse_uint<uint16_t>(rest, 255, 3);
    if (!channels || *channels == 0) return bad;
    r.channels = *channels;
  }
  return r;
}

Result<Fmtp, Error> parse_fmtp(std::string_view value) {
  std::string_view rest = value;
  Fmtp f;
  f.format = scan::next_field(rest, ' ');
  if (!scan::is_token(f.format)) return unexpected(Error::kBadFmtp);
  if (auto pt = scan::parse_uint<uint8_t>(f.format, 127, 3)) f.payload_type = *pt;
  f.params = rest;  // free-form, defined by each media format
  return f;
}

Result<Rtcp, Error> parse_rtcp(std::string_view value) {
  constexpr auto bad = unexpected(Error::kBadRtcp);
  std::string_view rest = scan::trim_trailing_ws(value);
  const bool has_address = rest.find(' ') != std::string_view::npos;
  const auto port = scan::parse_uint<uint16_t>(scan::next_field(rest, ' '), 65535, 5);
  if (!port) return bad;
  Rtcp r;
  r.port = *port;
  if (!has_address) return r;
  const std::string_view nettype = scan::next_field(rest, ' ');
  const std::string_view addrtype = scan::next_field(rest, ' ');
  const auto type = parse_addrtype(addrtype);
  if (!scan::iequals(nettype, "IN") || !type || literal_address_type(rest) != type) return bad;
  r.addrtype = type;
  r.address = rest;
  return r;
}

Result<Fingerprint, Error> parse_fingerprint(std::string_view value) {
  constexpr auto bad = unexpected(Error::kBadFingerprint);
  std::string_view rest = scan::trim_trailing_ws(value);
  Fingerprint f;
  f.hash_function = scan::next_field(rest, ' ');
  f.value = rest;
  if (!scan::is_token(f.hash_function) || f.value.empty()) return bad;
  // 2HEX *(":" 2HEX): length 3n-1; lower-case hex is accepted although RFC 8122 says UHEX.
  if ((f.value.size() + 1) % 3 != 0) return bad;
  for (size_t i = 0; i < f.value.size(); ++i) {
    const bool ok = (i % 3 == 2) ? f.value[i] == ':' : scan::is_hex(f.value[i]);
    if (!ok) return bad;
  }
  f.digest_size = (f.value.size() + 1) / 3;
  if (f.digest_size > kMaxDigestSize) return bad;
  const auto expected = expected_digest_size(f.hash_function);
  if (expected && *expected != f.digest_size) return bad;
  return f;
}

Result<Setup, Error> parse_setup(std::string_view value) {
  const std::string_view v = scan::trim_trailing_ws(value);
  if (scan::iequals(v, "active")) return Setup::kActive;
  if (scan::iequals(v, "passive")) return Setup::kPassive;
  if (scan::iequals(v, "actpass")) return Setup::kActpass;
  if (scan::iequals(v, "holdconn")) return Setup::kHoldconn;
  return unexpected(Error::kBadSetup);
}

std::string_view setup_name(Setup s) {
  switch (s) {
    case Setup::kActive: return "active";
    case Setup::kPassive: return "passive";
    case Setup::kActpass: return "actpass";
    case Setup::kHoldconn: return "holdconn";
  }
  return "actpass";
}

Result<std::string_view, Error> parse_ice_credential(std::string_view value) {
  const std::string_view v = scan::trim_trailing_ws(value);
  if (v.empty() || v.size() > kMaxIceCredential || !scan::all_of(v, scan::is_ice_char)) {
    return unexpected(Error::kBadIce);
  }
  return v;
}

Result<std::string_view, Error> parse_ice_options(std::string_view value) {
  const std::string_view v = scan::trim_trailing_ws(value);
  std::string_view rest = v;
  do {
    if (!scan::is_token(scan::next_field(rest, ' '))) return unexpected(Error::kBadIce);
  } while (!rest.empty());
  return v;
}

Result<std::string_view, Error> parse_mid(std::string_view value) {
  const std::string_view v = scan::trim_trailing_ws(value);
  if (!scan::is_token(v)) return unexpected(Error::kBadMid);
  return v;
}

Result<uint32_t, Error> parse_ptime(std::string_view value) {
  std::string_view rest = scan::trim_trailing_ws(value);
  const bool has_fraction = rest.find('.') != std::string_view::npos;
  const auto ms = scan::parse_uint<uint32_t>(scan::next_field(rest, '.'), kMaxPtimeMs, 5);
  if (!ms) return unexpected(Error::kBadPtime);
  if (has_fraction && (rest.empty() || rest.size() > 4 || !scan::is_digits(rest))) {
    return unexpected(Error::kBadPtime);
  }
  return *ms;
}

}  // namespace vg::sdp
