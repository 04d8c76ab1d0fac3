// Real-world-style session descriptions shared by the SDP tests. Written with LF line endings;
// crlf() gives the wire form.
#pragma once

#include <array>
#include <ostream>
#include <string>
#include <string_view>

namespace vg::sdp::test {

// A desk phone's G.711 offer.
inline constexpr std::string_view kG711Offer = R"(v=0
o=- 20518 0 IN IP4 203.0.113.1
s=SDP Data
c=IN IP4 203.0.113.1
t=0 0
m=audio 54400 RTP/AVP 0 8 101
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-15
a=ptime:20
a=maxptime:150
a=sendrecv
)";

// SDES-SRTP offer with several crypto lines (RFC 4568 §4 style), a=rtcp (RFC 3605).
inline constexpr std::string_view kSrtpOffer = R"(v=0
o=alice 2890844526 2890844527 IN IP4 192.0.2.10
s=-
c=IN IP4 192.0.2.10
t=0 0
m=audio 49170 RTP/SAVP 0 8 9 101
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:9 G722/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-16
a=rtcp:49171 IN IP4 192.0.2.10
a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4
a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:BwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMk|2^20|1:4
a=crypto:3 AEAD_AES_256_GCM inline:BwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wMTI=
a=crypto:4 AEAD_AES_128_GCM inline:CzBVep/E6Q4zWH2ix+wRNluApcrvFDleg6jN8g== KDR=1 UNENCRYPTED_SRTCP
a=sendrecv
)";

// Browser-style offer: BUNDLE, ICE (trickle, IPv6 and mDNS candidates), DTLS fingerprint/setup,
// rtcp-mux, IPv6 c= on the audio section.
inline constexpr std::string_view kWebRtcOffer = R"(v=0
o=- 4611731400430051336 2 IN IP4 127.0.0.1
s=-
t=0 0
a=group:BUNDLE 0 1
a=extmap-allow-mixed
a=msid-semantic: WMS stream1
a=ice-options:trickle
a=fingerprint:sha-256 D2:FA:0E:C3:22:59:5E:14:95:69:92:3D:13:B4:84:24:2C:C2:A2:C0:3E:FD:34:8E:5E:EA:6F:AF:52:CE:E6:0F
m=audio 50000 UDP/TLS/RTP/SAVPF 111 0 8 126
c=IN IP6 2001:db8::1
b=AS:64
a=rtcp:9 IN IP6 2001:db8::1
a=candidate:842163049 1 udp 1677729535 2001:db8::1 50000 typ srflx raddr :: rport 0 generation 0 network-cost 999
a=candidate:1 1 UDP 2130706431 fe80::1 50000 typ host
a=candidate:2 1 udp 2113937151 3d2a6f6c-1c1b-4d8e-9a4b-2f3e6b9c8d7e.local 50001 typ host generation 0 network-cost 999
a=candidate:3 1 tcp 1518280447 192.0.2.20 9 typ host tcptype active generation 0
a=ice-ufrag:EsAw
a=ice-pwd:P2uYro0UCOQ4zxjKXaWCBui1
a=setup:actpass
a=mid:0
a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
a=sendrecv
a=msid:stream1 track1
a=rtcp-mux
a=rtpmap:111 opus/48000/2
a=rtcp-fb:111 transport-cc
a=fmtp:111 minptime=10;useinbandfec=1
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:126 telephone-event/8000
a=ssrc:1001 cname:abcd
m=video 9 UDP/TLS/RTP/SAVPF 96 97
c=IN IP4 0.0.0.0
a=rtcp:9 IN IP4 0.0.0.0
a=ice-ufrag:Fq9z
a=ice-pwd:k3LqkrN7u8r3bD2ePq0vYz1a
a=fingerprint:sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB
a=setup:actpass
a=mid:1
a=recvonly
a=rtcp-mux
a=rtcp-rsize
a=rtpmap:96 VP8/90000
a=rtpmap:97 rtx/90000
a=fmtp:97 apt=96
)";

// RFC 8866 §5 example, extended: i/u/e/p fields, two time descriptions with r= and z=, a media
// section on the session address, one with its own IPv6 c=.
inline constexpr std::string_view kRfcExample = R"(v=0
o=jdoe 3724394400 3724394405 IN IP4 198.51.100.1
s=Call to John Smith
i=SDP Offer #1
u=http://www.jdoe.example.com/home.html
e=Jane Doe <jane@jdoe.example.com>
p=+1 617 555-6011
c=IN IP4 198.51.100.1
b=CT:1000
t=3724394400 3724398000
r=604800 3600 0 90000
t=0 0
z=2882844526 -1h 2898848070 0
k=prompt
a=recvonly
m=audio 49170 RTP/AVP 0
i=main audio
m=audio 49180 RTP/AVP 0
a=sendonly
m=video 51372/2 RTP/AVP 99
c=IN IP6 2001:db8::2
a=rtpmap:99 h263-1998/90000
m=application 5000 UDP/DTLS/SCTP webrtc-datachannel
)";

// An answer that rejects video (port 0, no c= of its own: the session part has none either)
// and puts audio on hold with an IPv6 origin.
inline constexpr std::string_view kAnswerWithRejected = R"(v=0
o=bob 2808844564 2808844565 IN IP6 2001:db8::7
s= 
t=0 0
m=audio 3456 RTP/AVP 0
c=IN IP6 2001:db8::7
a=sendonly
m=video 0 RTP/AVP 31
)";

// Multicast session (RFC 8866 §5.7 forms).
inline constexpr std::string_view kMulticast = R"(v=0
o=- 1 1 IN IP4 192.0.2.1
s=seminar
c=IN IP4 233.252.0.1/127/3
t=0 0
m=audio 49170 RTP/AVP 0
m=video 51372 RTP/AVP 99
c=IN IP6 ff15::101/3
a=rtpmap:99 h263-1998/90000
)";

// T.38 fax re-INVITE (non-RTP proto, token format).
inline constexpr std::string_view kT38 = R"(v=0
o=- 1 2 IN IP4 192.0.2.5
s=-
c=IN IP4 192.0.2.5
t=0 0
m=image 4000 udptl t38
a=T38FaxVersion:0
a=T38MaxBitRate:14400
a=T38FaxRateManagement:transferredTCF
)";

// For parameterized tests: the name becomes part of the test name.
struct Sample {
  const char* name;
  std::string_view text;
};

inline std::ostream& operator<<(std::ostream& os, const Sample& s) { return os << s.name; }

inline constexpr std::array<Sample, 7> kAllSamples{{
    {"G711Offer", kG711Offer},
    {"SrtpOffer", kSrtpOffer},
    {"WebRtcOffer", kWebRtcOffer},
    {"RfcExample", kRfcExample},
    {"AnswerWithRejected", kAnswerWithRejected},
    {"Multicast", kMulticast},
    {"T38", kT38},
}};

inline std::string crlf(std::string_view lf) {
  std::string out;
  out.reserve(lf.size() + lf.size() / 16);
  for (char c : lf) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

}  // namespace vg::sdp::test
