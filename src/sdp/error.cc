#include "sdp/error.h"

namespace vg::sdp {

std::string_view error_name(Error e) {
  switch (e) {
    case Error::kEmpty: return "kEmpty";
    case Error::kTooLarge: return "kTooLarge";
    case Error::kTooManyLines: return "kTooManyLines";
    case Error::kTooManyMedia: return "kTooManyMedia";
    case Error::kTooManyAttributes: return "kTooManyAttributes";
    case Error::kBadCharacter: return "kBadCharacter";
    case Error::kEmptyLine: return "kEmptyLine";
    case Error::kMissingEquals: return "kMissingEquals";
    case Error::kUnknownLineType: return "kUnknownLineType";
    case Error::kLineOutOfOrder: return "kLineOutOfOrder";
    case Error::kDuplicateLine: return "kDuplicateLine";
    case Error::kBadVersion: return "kBadVersion";
    case Error::kMissingOrigin: return "kMissingOrigin";
    case Error::kBadOrigin: return "kBadOrigin";
    case Error::kMissingSessionName: return "kMissingSessionName";
    case Error::kMissingTiming: return "kMissingTiming";
    case Error::kBadTiming: return "kBadTiming";
    case Error::kBadBandwidth: return "kBadBandwidth";
    case Error::kBadConnection: return "kBadConnection";
    case Error::kMissingConnection: return "kMissingConnection";
    case Error::kBadMedia: return "kBadMedia";
    case Error::kBadPort: return "kBadPort";
    case Error::kBadProto: return "kBadProto";
    case Error::kBadFormat: return "kBadFormat";
    case Error::kBadAttribute: return "kBadAttribute";
    case Error::kDuplicateAttribute: return "kDuplicateAttribute";
    case Error::kBadRtpmap: return "kBadRtpmap";
    case Error::kBadFmtp: return "kBadFmtp";
    case Error::kBadRtcp: return "kBadRtcp";
    case Error::kBadCrypto: return "kBadCrypto";
    case Error::kTooManyCryptos: return "kTooManyCryptos";
    case Error::kBadFingerprint: return "kBadFingerprint";
    case Error::kBadSetup: return "kBadSetup";
    case Error::kBadIce: return "kBadIce";
    case Error::kBadCandidate: return "kBadCandidate";
    case Error::kBadMid: return "kBadMid";
    case Error::kBadPtime: return "kBadPtime";
    case Error::kBadMediaIndex: return "kBadMediaIndex";
    case Error::kBadAddress: return "kBadAddress";
  }
  return "kUnknown";
}

std::string_view describe(Error e) {
  switch (e) {
    case Error::kEmpty: return "empty session description";
    case Error::kTooLarge: return "session description too large";
    case Error::kTooManyLines: return "too many lines";
    case Error::kTooManyMedia: return "too many m= sections";
    case Error::kTooManyAttributes: return "too many a= lines";
    case Error::kBadCharacter: return "NUL byte or bare CR in a line";
    case Error::kEmptyLine: return "empty line inside the description";
    case Error::kMissingEquals: return "line without '=' after the type letter";
    case Error::kUnknownLineType: return "unknown line type";
    case Error::kLineOutOfOrder: return "line type out of order or in the wrong section";
    case Error::kDuplicateLine: return "line type repeated where only one is allowed";
    case Error::kBadVersion: return "missing or bad v= line (must be v=0 first)";
    case Error::kMissingOrigin: return "missing o= line";
    case Error::kBadOrigin: return "malformed o= line";
    case Error::kMissingSessionName: return "missing s= line";
    case Error::kMissingTiming: return "missing t= line";
    case Error::kBadTiming: return "malformed t= line";
    case Error::kBadBandwidth: return "malformed b= line";
    case Error::kBadConnection: return "malformed c= line";
    case Error::kMissingConnection: return "media section without a connection address";
    case Error::kBadMedia: return "malformed m= line";
    case Error::kBadPort: return "bad port or port count";
    case Error::kBadProto: return "bad transport protocol";
    case Error::kBadFormat: return "bad media format (payload type)";
    case Error::kBadAttribute: return "malformed a= line";
    case Error::kDuplicateAttribute: return "attribute repeated where only one is allowed";
    case Error::kBadRtpmap: return "malformed a=rtpmap attribute";
    case Error::kBadFmtp: return "malformed a=fmtp attribute";
    case Error::kBadRtcp: return "malformed a=rtcp attribute";
    case Error::kBadCrypto: return "malformed a=crypto attribute";
    case Error::kTooManyCryptos: return "too many a=crypto lines in one media section";
    case Error::kBadFingerprint: return "malformed a=fingerprint attribute";
    case Error::kBadSetup: return "malformed a=setup attribute";
    case Error::kBadIce: return "malformed a=ice-ufrag, a=ice-pwd or a=ice-options attribute";
    case Error::kBadCandidate: return "malformed a=candidate attribute";
    case Error::kBadMid: return "malformed a=mid attribute";
    case Error::kBadPtime: return "malformed a=ptime or a=maxptime attribute";
    case Error::kBadMediaIndex: return "rewrite names a media section that does not exist";
    case Error::kBadAddress: return "rewrite address is not an IPv4 or IPv6 literal";
  }
  return "unknown error";
}

}  // namespace vg::sdp
