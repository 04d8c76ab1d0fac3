#include "sdp/candidate.h"

#include "sdp/scan.h"

namespace vg::sdp {
namespace {

constexpr size_t kMaxFoundation = 32;  // RFC 8839 §5.1: foundation = 1*32ice-char
constexpr uint16_t kMaxComponent = 256;

CandidateType candidate_type(std::string_view name) {
  if (scan::iequals(name, "host")) return CandidateType::kHost;
  if (scan::iequals(name, "srflx")) return CandidateType::kSrflx;
  if (scan::iequals(name, "prflx")) return CandidateType::kPrflx;
  if (scan::iequals(name, "relay")) return CandidateType::kRelay;
  return CandidateType::kOther;
}

}  // namespace

Result<Candidate, Error> parse_candidate(std::string_view value) {
  constexpr auto bad = unexpected(Error::kBadCandidate);
  std::string_view rest = scan::trim_trailing_ws(value);
  Candidate c;
  c.foundation = scan::next_field(rest, ' ');
  if (c.foundation.empty() || c.foundation.size() > kMaxFoundation ||
      !scan::all_of(c.foundation, scan::is_ice_char)) {
    return bad;
  }
  const auto component = scan::parse_uint<uint16_t>(scan::next_field(rest, ' '), kMaxComponent, 3);
  if (!component || *component == 0) return bad;
  c.component = *component;
  c.transport = scan::next_field(rest, ' ');
  if (!scan::is_token(c.transport)) return bad;
  const auto priority = scan::parse_uint<uint32_t>(scan::next_field(rest, ' '), UINT32_MAX, 10);
  if (!priority) return bad;
  c.priority = *priority;
  c.address = scan::next_field(rest, ' ');
  if (!scan::is_address_text(c.address)) return bad;
  const auto port = scan::parse_uint<uint16_t>(scan::next_field(rest, ' '), 65535, 5);
  if (!port) return bad;
  c.port = *port;
  if (!scan::iequals(scan::next_field(rest, ' '), "typ")) return bad;
  c.type_name = scan::next_field(rest, ' ');
  if (!scan::is_token(c.type_name)) return bad;
  c.type = candidate_type(c.type_name);

  // [SP rel-addr] [SP rel-port] *(SP cand-extension), each a name/value pair.
  while (!rest.empty()) {
    const std::string_view pair_start = rest;
    const std::string_view name = scan::next_field(rest, ' ');
    const std::string_view ext_value = scan::next_field(rest, ' ');
    if (!scan::is_token(name) || ext_value.empty() || !scan::all_of(ext_value, scan::is_vchar)) return bad;
    if (scan::iequals(name, "raddr") && c.related_address.empty() && !c.related_port && c.extensions.empty()) {
      if (!scan::is_address_text(ext_value)) return bad;
      c.related_address = ext_value;
    } else if (scan::iequals(name, "rport") && !c.related_port && c.extensions.empty()) {
      const auto rport = scan::parse_uint<uint16_t>(ext_value, 65535, 5);
      if (!rport) return bad;
      c.related_port = *rport;
    } else {
      c.extensions = pair_start;  // the rest of the line from the first extension on
      for (std::string_view ext = rest; !ext.empty();) {
        const std::string_view n = scan::next_field(ext, ' ');
        const std::string_view v = scan::next_field(ext, ' ');
        if (!scan::is_token(n) || v.empty() || !scan::all_of(v, scan::is_vchar)) return bad;
      }
      break;
    }
  }
  return c;
}

}  // namespace vg::sdp
