#include "sdp/parser.h"

#include <algorithm>
#include <array>
#include <bitset>

#include "sdp/scan.h"

namespace vg::sdp::detail {
namespace {

using Status = Result<void, Error>;

// RFC 8866 §5: the order of line types in the session part and in a media description.
// -1 = not allowed in that part.
int session_rank(char type) {
  constexpr std::string_view kOrder = "vosiuepcbtrzka";
  const size_t pos = kOrder.find(type);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

int media_rank(char type) {
  constexpr std::string_view kOrder = "micbka";
  const size_t pos = kOrder.find(type);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

// Line types that may appear several times in a row. c= is one per media section here although
// RFC 8866 §5.7 allows several for layered multicast: two unicast addresses for one stream would
// let the gateway and the endpoint disagree on where media goes.
bool repeatable(char type, bool in_media) {
  return in_media ? (type == 'b' || type == 'a') : (type == 'e' || type == 'p' || type == 'b' || type == 't' ||
                                                    type == 'r' || type == 'a');
}

bool known_type(char type) { return session_rank(type) >= 0 || type == 'm'; }

// Attributes the parser validates; unknown ones are kept without checks beyond the name.
enum class Kind : uint8_t {
  kDirection, kRtcpMux, kRtpmap, kFmtp, kRtcp, kCrypto, kFingerprint, kSetup, kIceUfrag, kIcePwd,
  kIceOptions, kCandidate, kMid, kPtime, kMaxptime, kOther,
};

struct Known {
  std::string_view name;
  Kind kind;
};

constexpr std::array<Known, 18> kKnown{{
    {"sendrecv", Kind::kDirection}, {"sendonly", Kind::kDirection}, {"recvonly", Kind::kDirection},
    {"inactive", Kind::kDirection}, {"rtcp-mux", Kind::kRtcpMux},   {"rtpmap", Kind::kRtpmap},
    {"fmtp", Kind::kFmtp},          {"rtcp", Kind::kRtcp},           {"crypto", Kind::kCrypto},
    {"fingerprint", Kind::kFingerprint}, {"setup", Kind::kSetup},    {"ice-ufrag", Kind::kIceUfrag},
    {"ice-pwd", Kind::kIcePwd},     {"ice-options", Kind::kIceOptions}, {"candidate", Kind::kCandidate},
    {"mid", Kind::kMid},            {"ptime", Kind::kPtime},         {"maxptime", Kind::kMaxptime},
}};

Kind kind_of(std::string_view name) {
  for (const Known& k : kKnown) {
    if (scan::iequals(name, k.name)) return k.kind;
  }
  return Kind::kOther;
}

// Attributes that may appear at most once per level (one direction attribute of the four).
bool single_per_level(Kind k) {
  switch (k) {
    case Kind::kDirection: case Kind::kRtcp: case Kind::kSetup: case Kind::kIceUfrag: case Kind::kIcePwd:
    case Kind::kIceOptions: case Kind::kMid: case Kind::kPtime: case Kind::kMaxptime:
      return true;
    default:
      return false;
  }
}

// What one level (the session part or one media section) has seen so far.
struct LevelState {
  std::bitset<static_cast<size_t>(Kind::kOther)> seen;
  std::bitset<128> rtpmap_pts;
  std::array<uint32_t, kMaxCryptosPerMedia> crypto_tags{};
  size_t crypto_count = 0;
};

template <class T>
Status check(const Result<T, Error>& r) {
  if (!r) return unexpected(r.error());
  return {};
}

Status validate_attribute(const Attribute& a, Kind kind, LevelState& level) {
  if (single_per_level(kind)) {
    if (level.seen.test(static_cast<size_t>(kind))) return unexpected(Error::kDuplicateAttribute);
    level.seen.set(static_cast<size_t>(kind));
  }
  switch (kind) {
    case Kind::kDirection:
    case Kind::kRtcpMux:
      if (a.has_value) return unexpected(Error::kBadAttribute);  // property attributes take no value
      return {};
    case Kind::kRtpmap: {
      auto r = parse_rtpmap(a.value);
      if (!r) return unexpected(r.error());
      // Two mappings for one payload type would let endpoints disagree on the codec.
      if (level.rtpmap_pts.test(r->payload_type)) return unexpected(Error::kDuplicateAttribute);
      level.rtpmap_pts.set(r->payload_type);
      return {};
    }
    case Kind::kFmtp: return check(parse_fmtp(a.value));
    case Kind::kRtcp: return check(parse_rtcp(a.value));
    case Kind::kCrypto: {
      auto c = parse_crypto(a.value);
      if (!c) return unexpected(c.error());
      if (level.crypto_count == kMaxCryptosPerMedia) return unexpected(Error::kTooManyCryptos);
      // RFC 4568 §9.1: tags are unique within a media description.
      const auto tags = std::span(level.crypto_tags).first(level.crypto_count);
      if (std::find(tags.begin(), tags.end(), c->tag) != tags.end()) return unexpected(Error::kDuplicateAttribute);
      level.crypto_tags[level.crypto_count++] = c->tag;
      return {};
    }
    case Kind::kFingerprint: return check(parse_fingerprint(a.value));
    case Kind::kSetup: return check(parse_setup(a.value));
    case Kind::kIceUfrag:
    case Kind::kIcePwd: return check(parse_ice_credential(a.value));
    case Kind::kIceOptions: return check(parse_ice_options(a.value));
    case Kind::kCandidate: return check(parse_candidate(a.value));
    case Kind::kMid: return check(parse_mid(a.value));
    case Kind::kPtime:
    case Kind::kMaxptime: return check(parse_ptime(a.value));
    case Kind::kOther: return {};
  }
  return {};
}

}  // namespace

class Parser {
 public:
  Parser(std::string_view text, const Limits& limits, SessionDescription& out)
      : text_(text), limits_(limits), out_(out) {}

  Status run() {
    if (text_.empty()) return unexpected(Error::kEmpty);
    if (text_.size() > limits_.max_body_size) return unexpected(Error::kTooLarge);
    // Size the line table once: one allocation, bounded by max_lines.
    size_t count = static_cast<size_t>(std::count(text_.begin(), text_.end(), '\n'));
    if (text_.back() != '\n') ++count;
    if (count > limits_.max_lines) return unexpected(Error::kTooManyLines);
    out_.text_ = text_;
    out_.lines_.reserve(count);

    size_t pos = 0;
    while (pos < text_.size()) {
      const size_t nl = text_.find('\n', pos);
      const size_t end = nl == std::string_view::npos ? text_.size() : nl;
      std::string_view line = text_.substr(pos, end - pos);
      pos = end + 1;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      // RFC 8866 §9: text fields exclude NUL, CR and LF.
      if (line.find('\r') != std::string_view::npos || line.find('\0') != std::string_view::npos) {
        return unexpected(Error::kBadCharacter);
      }
      if (line.empty()) {
        if (only_line_endings_from(pos)) break;
        return unexpected(Error::kEmptyLine);
      }
      // RFC 8866 §5: <type>=<value>, no white space around '='.
      if (line.size() < 2 || line[1] != '=') return unexpected(Error::kMissingEquals);
      if (!known_type(line[0])) return unexpected(Error::kUnknownLineType);
      out_.lines_.push_back(Line{line[0], line.substr(2)});
      if (auto s = process(out_.lines_.back()); !s) return s;
    }
    if (out_.lines_.empty()) return unexpected(Error::kEmpty);
    if (in_media_) {
      if (auto s = finish_media(); !s) return s;
    } else {
      if (auto s = check_session_complete(); !s) return s;
      out_.session_line_count_ = out_.lines_.size();
    }
    bind_spans();
    return {};
  }

 private:
  bool only_line_endings_from(size_t pos) const {
    if (pos >= text_.size()) return true;
    return text_.find_first_not_of("\r\n", pos) == std::string_view::npos;
  }

  Status process(const Line& line) {
    const size_t index = out_.lines_.size() - 1;
    if (index == 0 && (line.type != 'v' || line.value != "0")) return unexpected(Error::kBadVersion);
    if (auto s = check_order(line.type); !s) return s;
    switch (line.type) {
      case 'o': return parse_origin(line.value);
      case 's':
        out_.session_name_ = line.value;  // may be empty: RFC 8866 §5.3 asks for "s= " but old stacks send "s="
        seen_session_name_ = true;
        return {};
      case 'c': return connection(line.value);
      case 'b': return bandwidth(line.value);
      case 't': return timing(line.value);
      case 'a': return attribute(line.value);
      case 'm': return media(line.value, index);
      default: return {};  // v (checked above), i, u, e, p, r, z, k: kept as text
    }
  }

  Status check_order(char type) {
    if (type == 'm') {
      prev_rank_ = 0;
      prev_type_ = 'm';
      return {};
    }
    const int rank = in_media_ ? media_rank(type) : session_rank(type);
    if (rank < 0) return unexpected(Error::kLineOutOfOrder);
    if (rank < prev_rank_) {
      // A new time description (t=) may follow the r= / z= lines of the previous one.
      if (!(type == 't' && (prev_type_ == 'r' || prev_type_ == 'z'))) return unexpected(Error::kLineOutOfOrder);
    } else if (rank == prev_rank_ && !repeatable(type, in_media_)) {
      return unexpected(Error::kDuplicateLine);
    }
    if ((type == 'r' || type == 'z') && !seen_timing_) return unexpected(Error::kLineOutOfOrder);
    prev_rank_ = rank;
    prev_type_ = type;
    return {};
  }

  // o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address> (RFC 8866 §5.2)
  Status parse_origin(std::string_view value) {
    std::string_view rest = scan::trim_trailing_ws(value);
    Origin& o = out_.origin_;
    o.username = scan::next_field(rest, ' ');
    o.session_id = scan::next_field(rest, ' ');
    o.session_version = scan::next_field(rest, ' ');
    o.nettype = scan::next_field(rest, ' ');
    o.addrtype = scan::next_field(rest, ' ');
    o.address = rest;
    if (o.username.empty() || !scan::is_digits(o.session_id) || !scan::is_digits(o.session_version) ||
        !scan::is_token(o.nettype) || !scan::is_token(o.addrtype) || !scan::is_address_text(o.address)) {
      return unexpected(Error::kBadOrigin);
    }
    seen_origin_ = true;
    return {};
  }

  Status connection(std::string_view value) {
    auto c = parse_connection(value);
    if (!c) return unexpected(c.error());
    if (in_media_) {
      MediaDescription& m = current_media();
      m.connection_ = *c;
      m.own_connection_ = true;
    } else {
      out_.connection_ = *c;
    }
    return {};
  }

  // b=<bwtype>:<bandwidth> (RFC 8866 §5.8)
  static Status bandwidth(std::string_view value) {
    std::string_view rest = scan::trim_trailing_ws(value);
    const std::string_view type = scan::next_field(rest, ':');
    if (!scan::is_token(type) || !scan::parse_uint<uint64_t>(rest)) return unexpected(Error::kBadBandwidth);
    return {};
  }

  // t=<start-time> <stop-time> (RFC 8866 §5.9), NTP seconds or 0.
  Status timing(std::string_view value) {
    std::string_view rest = scan::trim_trailing_ws(value);
    const std::string_view start = scan::next_field(rest, ' ');
    if (!scan::parse_uint<uint64_t>(start) || !scan::parse_uint<uint64_t>(rest)) {
      return unexpected(Error::kBadTiming);
    }
    seen_timing_ = true;
    return {};
  }

  Status attribute(std::string_view value) {
    if (++attribute_count_ > limits_.max_attributes) return unexpected(Error::kTooManyAttributes);
    const Attribute a = split_attribute(value);
    // RFC 8866 §9: att-field = token
    if (!scan::is_token(a.name)) return unexpected(Error::kBadAttribute);
    return validate_attribute(a, kind_of(a.name), level_);
  }

  // m=<media> <port>[/<number of ports>] <proto> <fmt> ... (RFC 8866 §5.14)
  Status media(std::string_view value, size_t index) {
    if (in_media_) {
      if (auto s = finish_media(); !s) return s;
    } else {
      if (auto s = check_session_complete(); !s) return s;
      out_.session_line_count_ = index;
      in_media_ = true;
    }
    if (out_.media_count_ >= std::min(limits_.max_media_sections, kMaxMediaSections)) {
      return unexpected(Error::kTooManyMedia);
    }
    MediaDescription& m = out_.media_[out_.media_count_];
    m = MediaDescription{};
    m.index_ = out_.media_count_++;
    m.first_line_ = index;
    m.connection_ = out_.connection_;
    level_ = LevelState{};

    std::string_view rest = scan::trim_trailing_ws(value);
    m.media_ = scan::next_field(rest, ' ');
    std::string_view port = scan::next_field(rest, ' ');
    m.proto_ = scan::next_field(rest, ' ');
    m.formats_ = rest;
    if (!scan::is_token(m.media_) || port.empty() || m.proto_.empty() || m.formats_.empty()) {
      return unexpected(Error::kBadMedia);
    }
    // proto = token *("/" token)
    scan::Splitter proto_parts(m.proto_, '/');
    while (!proto_parts.done()) {
      const std::string_view part = proto_parts.next();
      if (!scan::is_token(part)) return unexpected(Error::kBadProto);
      if (scan::iequals(part, "RTP")) m.is_rtp_ = true;
    }
    if (auto s = media_port(port, m); !s) return s;
    // fmt list: RTP payload types 0..127 (RFC 3551 §3) for RTP profiles, tokens otherwise.
    scan::Splitter fmts(m.formats_, ' ');
    while (!fmts.done()) {
      const std::string_view fmt = fmts.next();
      if (!scan::is_token(fmt)) return unexpected(Error::kBadFormat);
      if (m.is_rtp_ && !scan::parse_uint<uint8_t>(fmt, 127, 3)) return unexpected(Error::kBadFormat);
    }
    return {};
  }

  static Status media_port(std::string_view text, MediaDescription& m) {
    constexpr auto bad = unexpected(Error::kBadPort);
    const size_t slash = text.find('/');
    const auto port = scan::parse_uint<uint16_t>(text.substr(0, slash), 65535, 5);
    if (!port) return bad;
    m.port_ = *port;
    if (slash == std::string_view::npos) return {};
    const auto count = scan::parse_uint<uint16_t>(text.substr(slash + 1), kMaxPortCount, 5);
    if (!count || *count == 0) return bad;
    m.port_count_ = *count;
    m.has_port_count_ = true;
    // RFC 8866 §5.14: RTP uses port..port+2*(count-1) for RTP plus the next port each for RTCP.
    const uint32_t span = m.is_rtp_ ? 2u * *count : *count;
    if (uint32_t{*port} + span - 1 > 65535) return bad;
    return {};
  }

  Status finish_media() {
    const MediaDescription& m = current_media();
    // RFC 8866 §5.7: every media section needs a c= of its own or at session level. A port-0
    // (rejected) section carries no media, so its address does not matter.
    if (!m.connection_ && m.port_ != 0) return unexpected(Error::kMissingConnection);
    return {};
  }

  Status check_session_complete() const {
    // index 0 is v= (checked in process); o=, s= and one t= are mandatory (RFC 8866 §5).
    if (!seen_origin_) return unexpected(Error::kMissingOrigin);
    if (!seen_session_name_) return unexpected(Error::kMissingSessionName);
    if (!seen_timing_) return unexpected(Error::kMissingTiming);
    return {};
  }

  void bind_spans() {
    const std::span<const Line> all(out_.lines_);
    for (size_t i = 0; i < out_.media_count_; ++i) {
      MediaDescription& m = out_.media_[i];
      const size_t end = i + 1 < out_.media_count_ ? out_.media_[i + 1].first_line_ : all.size();
      m.lines_ = all.subspan(m.first_line_, end - m.first_line_);
      m.session_lines_ = all.first(out_.session_line_count_);
    }
  }

  MediaDescription& current_media() { return out_.media_[out_.media_count_ - 1]; }

  std::string_view text_;
  Limits limits_;
  SessionDescription& out_;
  LevelState level_;
  size_t attribute_count_ = 0;
  int prev_rank_ = -1;
  char prev_type_ = 0;
  bool in_media_ = false;
  bool seen_origin_ = false;
  bool seen_session_name_ = false;
  bool seen_timing_ = false;
};

Result<SessionDescription, Error> parse_unclamped(std::string_view text, const Limits& limits) {
  SessionDescription sd;
  Parser parser(text, limits, sd);
  if (auto s = parser.run(); !s) return unexpected(s.error());
  return sd;
}

}  // namespace vg::sdp::detail

namespace vg::sdp {

Result<SessionDescription, Error> parse(std::string_view text, const Limits& limits) {
  return detail::parse_unclamped(text, limits.clamped());
}

}  // namespace vg::sdp
