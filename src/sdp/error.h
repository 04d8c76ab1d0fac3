// Closed set of reasons why a session description (or a rewrite of one) is rejected, each with a
// stable name for counters and a short operator-facing text.
#pragma once

#include <cstdint>
#include <string_view>

namespace vg::sdp {

enum class Error : uint8_t {
  // Whole body and limits.
  kEmpty = 1,
  kTooLarge,
  kTooManyLines,
  kTooManyMedia,
  kTooManyAttributes,
  kBadCharacter,
  kEmptyLine,
  // Line structure (RFC 8866 §5).
  kMissingEquals,
  kUnknownLineType,
  kLineOutOfOrder,
  kDuplicateLine,
  // Session-level fields.
  kBadVersion,
  kMissingOrigin,
  kBadOrigin,
  kMissingSessionName,
  kMissingTiming,
  kBadTiming,
  kBadBandwidth,
  kBadConnection,
  kMissingConnection,
  // Media descriptions.
  kBadMedia,
  kBadPort,
  kBadProto,
  kBadFormat,
  // Attributes.
  kBadAttribute,
  kDuplicateAttribute,
  kBadRtpmap,
  kBadFmtp,
  kBadRtcp,
  kBadCrypto,
  kTooManyCryptos,
  kBadFingerprint,
  kBadSetup,
  kBadIce,
  kBadCandidate,
  kBadMid,
  kBadPtime,
  // Rewriter arguments.
  kBadMediaIndex,
  kBadAddress,
};

// Stable identifier, e.g. "kBadCrypto" (used in counters, fixtures and JSON output).
std::string_view error_name(Error e);
// Short human-readable reason, e.g. "malformed a=crypto attribute".
std::string_view describe(Error e);

}  // namespace vg::sdp
