// a= lines: the generic name/value split (RFC 8866 §5.13) and the typed attributes a VoIP gateway
// acts on. Each parse_* function reads the attribute value (the text after "name:").
// a=crypto and a=candidate have their own headers.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/result.h"
#include "sdp/address.h"
#include "sdp/error.h"

namespace vg::sdp {

// a=<name> (property) or a=<name>:<value>.
struct Attribute {
  std::string_view name;
  std::string_view value;
  bool has_value = false;  // "a=x:" has an (empty) value, "a=x" has none
};

// Splits the text after "a=". Does not validate; the parser checks the name is a token.
Attribute split_attribute(std::string_view line_value);

// RFC 3264 §5.1 / RFC 8866 §6.7: default sendrecv when neither level carries one.
enum class Direction : uint8_t { kSendRecv, kSendOnly, kRecvOnly, kInactive };
std::optional<Direction> direction_from_name(std::string_view name);
std::string_view direction_name(Direction d);

// RFC 8866 §6.6: a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]
struct Rtpmap {
  uint8_t payload_type = 0;        // 0..127
  std::string_view encoding;       // e.g. "PCMU", "opus", "telephone-event"
  uint32_t clock_rate = 0;
  std::optional<uint16_t> channels;  // audio encoding parameter, absent means 1
};
Result<Rtpmap, Error> parse_rtpmap(std::string_view value);

// RFC 8866 §6.15: a=fmtp:<format> <format specific parameters>
struct Fmtp {
  std::string_view format;               // the m= fmt this applies to
  std::optional<uint8_t> payload_type;   // set when the format is an RTP payload type (0..127)
  std::string_view params;               // raw, e.g. "0-16" or "minptime=10;useinbandfec=1"
};
Result<Fmtp, Error> parse_fmtp(std::string_view value);

// RFC 3605 §2.1: a=rtcp:<port> [<nettype> <addrtype> <connection-address>]
struct Rtcp {
  uint16_t port = 0;
  std::optional<AddrType> addrtype;  // set together with address
  std::string_view address;          // empty when only the port is given
};
Result<Rtcp, Error> parse_rtcp(std::string_view value);

// RFC 8122 §5: a=fingerprint:<hash-func> <2UHEX *(":" 2UHEX)>
struct Fingerprint {
  std::string_view hash_function;  // e.g. "sha-256" (case-insensitive)
  std::string_view value;          // "AB:CD:..."
  size_t digest_size = 0;          // bytes in value
};
Result<Fingerprint, Error> parse_fingerprint(std::string_view value);

// RFC 4145 §4: a=setup:active|passive|actpass|holdconn
enum class Setup : uint8_t { kActive, kPassive, kActpass, kHoldconn };
Result<Setup, Error> parse_setup(std::string_view value);
std::string_view setup_name(Setup s);

// RFC 8839 §5.4: ice-ufrag / ice-pwd = 1*256 ice-char. The RFC's minimums (4 and 22) are not
// enforced: short values are an interoperability matter, not a safety one.
Result<std::string_view, Error> parse_ice_credential(std::string_view value);
// RFC 8839 §5.6: ice-options = ice-option-tag *(SP ice-option-tag); tags taken as tokens.
Result<std::string_view, Error> parse_ice_options(std::string_view value);
// RFC 9143 §7 / RFC 5888 §4: a=mid:<identification-tag>, a token.
Result<std::string_view, Error> parse_mid(std::string_view value);
// RFC 8866 §6.4-6.5: a=ptime / a=maxptime in milliseconds; a fractional part is accepted and dropped.
Result<uint32_t, Error> parse_ptime(std::string_view value);

}  // namespace vg::sdp
