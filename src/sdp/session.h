// A parsed session description (RFC 8866): views into the caller's buffer, one line table and a
// fixed media table. Typed accessors apply the session/media level rules of each attribute.
// Move-only: media sections refer into the line table. Not thread-safe; owned by one worker.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "sdp/address.h"
#include "sdp/attribute.h"
#include "sdp/candidate.h"
#include "sdp/crypto.h"
#include "sdp/limits.h"
#include "sdp/lines.h"

namespace vg::sdp {

namespace detail {
class Parser;
}

// o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address> (RFC 8866 §5.2)
struct Origin {
  std::string_view username;
  std::string_view session_id;       // digits
  std::string_view session_version;  // digits
  std::string_view nettype;
  std::string_view addrtype;
  std::string_view address;          // literal or name, as sent
};

using RtpmapRange = TypedRange<Rtpmap, parse_rtpmap>;
using FmtpRange = TypedRange<Fmtp, parse_fmtp>;
using CryptoRange = TypedRange<Crypto, parse_crypto>;
using FingerprintRange = TypedRange<Fingerprint, parse_fingerprint>;
using CandidateRange = TypedRange<Candidate, parse_candidate>;

// m=<media> <port>[/<number of ports>] <proto> <fmt> ... and the lines up to the next m=.
class MediaDescription {
 public:
  [[nodiscard]] std::string_view media() const { return media_; }  // "audio", "video", ...
  [[nodiscard]] uint16_t port() const { return port_; }              // 0 = stream rejected/disabled
  [[nodiscard]] uint16_t port_count() const { return port_count_; }  // 1 when absent
  [[nodiscard]] bool has_port_count() const { return has_port_count_; }
  [[nodiscard]] std::string_view proto() const { return proto_; }    // "RTP/AVP", "UDP/TLS/RTP/SAVPF", ...
  [[nodiscard]] bool is_rtp() const { return is_rtp_; }             // fmts are payload types
  [[nodiscard]] std::string_view formats() const { return formats_; }  // raw fmt list "0 8 101"
  [[nodiscard]] TokenRange format_list() const { return TokenRange(formats_); }
  [[nodiscard]] bool has_format(std::string_view fmt) const;

  // Position in SessionDescription::media() and of the m= line in SessionDescription::lines().
  [[nodiscard]] size_t index() const { return index_; }
  [[nodiscard]] size_t first_line() const { return first_line_; }
  // The m= line and every line of this section.
  [[nodiscard]] std::span<const Line> lines() const { return lines_; }

  // Media-level c= line, if any.
  [[nodiscard]] std::optional<Connection> connection() const {
    return own_connection_ ? connection_ : std::nullopt;
  }
  // RFC 8866 §5.7: the media c= line, else the session c= line; empty only for port-0 sections.
  [[nodiscard]] const std::optional<Connection>& effective_connection() const { return connection_; }

  // Media-level attributes only.
  [[nodiscard]] AttributeRange attributes(std::string_view pattern = {}) const {
    return AttributeRange(lines_, pattern);
  }
  [[nodiscard]] std::optional<std::string_view> attribute(std::string_view name) const;
  [[nodiscard]] bool has_attribute(std::string_view name) const { return !attributes(name).empty(); }

  [[nodiscard]] RtpmapRange rtpmaps() const { return RtpmapRange(attributes("rtpmap")); }
  [[nodiscard]] std::optional<Rtpmap> rtpmap(uint8_t payload_type) const;
  [[nodiscard]] FmtpRange fmtps() const { return FmtpRange(attributes("fmtp")); }
  [[nodiscard]] std::optional<Fmtp> fmtp(std::string_view format) const;
  // RFC 3264 §5.1: media level, else session level, else sendrecv.
  [[nodiscard]] Direction direction() const;
  [[nodiscard]] std::optional<Rtcp> rtcp() const;  // RFC 3605
  [[nodiscard]] bool rtcp_mux() const { return has_attribute("rtcp-mux"); }  // RFC 5761
  // RFC 4568 §9.1: a=crypto is media level only.
  [[nodiscard]] CryptoRange cryptos() const { return CryptoRange(attributes("crypto")); }
  // RFC 8122 §5: media-level fingerprints, else the session-level ones.
  [[nodiscard]] FingerprintRange fingerprints() const;
  [[nodiscard]] std::optional<Fingerprint> fingerprint() const { return fingerprints().first(); }
  // RFC 4145 §4: media level, else session level.
  [[nodiscard]] std::optional<Setup> setup() const;
  // RFC 8839 §5.4, §5.6: media level, else session level.
  [[nodiscard]] std::optional<std::string_view> ice_ufrag() const;
  [[nodiscard]] std::optional<std::string_view> ice_pwd() const;
  [[nodiscard]] std::optional<std::string_view> ice_options() const;
  [[nodiscard]] CandidateRange candidates() const { return CandidateRange(attributes("candidate")); }
  [[nodiscard]] std::optional<std::string_view> mid() const;  // RFC 9143
  [[nodiscard]] std::optional<uint32_t> ptime() const;
  [[nodiscard]] std::optional<uint32_t> maxptime() const;

 private:
  friend class detail::Parser;
  // Value of the first media-level attribute `name`, else the first session-level one.
  [[nodiscard]] std::optional<std::string_view> inherited(std::string_view name) const;

  std::span<const Line> lines_;
  std::span<const Line> session_lines_;
  std::string_view media_;
  std::string_view proto_;
  std::string_view formats_;
  std::optional<Connection> connection_;
  size_t index_ = 0;
  size_t first_line_ = 0;
  uint16_t port_ = 0;
  uint16_t port_count_ = 1;
  bool has_port_count_ = false;
  bool is_rtp_ = false;
  bool own_connection_ = false;
};

class SessionDescription {
 public:
  SessionDescription() = default;
  SessionDescription(SessionDescription&&) noexcept = default;
  SessionDescription& operator=(SessionDescription&&) noexcept = default;
  // Copying would leave the media sections pointing into the source's line table.
  SessionDescription(const SessionDescription&) = delete;
  SessionDescription& operator=(const SessionDescription&) = delete;

  // The text that was parsed; every view points into it.
  [[nodiscard]] std::string_view text() const { return text_; }
  [[nodiscard]] std::span<const Line> lines() const { return lines_; }
  // v= up to (not including) the first m=.
  [[nodiscard]] std::span<const Line> session_lines() const {
    return std::span<const Line>(lines_).first(session_line_count_);
  }
  [[nodiscard]] const Origin& origin() const { return origin_; }
  [[nodiscard]] std::string_view session_name() const { return session_name_; }
  // First session-level line of a type (i, u, e, p, b, t, r, z, k), e.g. field('t') → "0 0".
  [[nodiscard]] std::optional<std::string_view> field(char type) const;
  [[nodiscard]] const std::optional<Connection>& connection() const { return connection_; }
  [[nodiscard]] std::span<const MediaDescription> media() const { return {media_.data(), media_count_}; }

  // Session-level attributes only.
  [[nodiscard]] AttributeRange attributes(std::string_view pattern = {}) const {
    return AttributeRange(session_lines(), pattern);
  }
  [[nodiscard]] std::optional<std::string_view> attribute(std::string_view name) const;
  [[nodiscard]] bool has_attribute(std::string_view name) const { return !attributes(name).empty(); }
  // Session-level values (media sections inherit them; see MediaDescription).
  [[nodiscard]] Direction direction() const;
  [[nodiscard]] std::optional<Setup> setup() const;
  [[nodiscard]] FingerprintRange fingerprints() const { return FingerprintRange(attributes("fingerprint")); }
  [[nodiscard]] std::optional<std::string_view> ice_ufrag() const;
  [[nodiscard]] std::optional<std::string_view> ice_pwd() const;
  [[nodiscard]] std::optional<std::string_view> ice_options() const;

 private:
  friend class detail::Parser;

  std::string_view text_;
  std::vector<Line> lines_;  // the one allocation: sized from a line count before filling
  size_t session_line_count_ = 0;
  Origin origin_;
  std::string_view session_name_;
  std::optional<Connection> connection_;
  std::array<MediaDescription, kMaxMediaSections> media_{};
  size_t media_count_ = 0;
};

}  // namespace vg::sdp
