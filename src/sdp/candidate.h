// a=candidate (ICE, RFC 8839 §5.1). Addresses may be IP literals or names (mDNS ".local" names
// from browsers), so they are kept as text; a gateway usually strips candidates anyway.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/result.h"
#include "sdp/error.h"

namespace vg::sdp {

enum class CandidateType : uint8_t { kHost, kSrflx, kPrflx, kRelay, kOther };

struct Candidate {
  std::string_view foundation;        // 1*32 ice-char
  uint16_t component = 0;             // 1..256 (1 = RTP, 2 = RTCP)
  std::string_view transport;         // "UDP", "TCP", ... (token)
  uint32_t priority = 0;
  std::string_view address;           // connection-address: IP literal or name
  uint16_t port = 0;
  std::string_view type_name;         // after "typ"
  CandidateType type = CandidateType::kOther;
  std::string_view related_address;   // raddr, empty when absent
  std::optional<uint16_t> related_port;  // rport
  std::string_view extensions;        // "generation 0 network-id 1 ...", raw (name value pairs)
};

// Parses the value of an a=candidate line.
Result<Candidate, Error> parse_candidate(std::string_view value);

}  // namespace vg::sdp
